// DuckDB-wasm (about 35 MB) and the Parquet reader load only when the reader asks for something
// the first view's JSON does not hold. `lazy` runs a loader once, on first call; `LoadButton`
// is the reader's way to ask, and shows that the load is under way or why it failed.
import { html } from "npm:htl";

/** A function returning one shared promise, created on the first call. */
export function lazy(load) {
  let promise = null;
  return () => (promise ??= load().catch((error) => {
    promise = null; // let the reader try again
    throw error;
  }));
}

/** A button that awaits `load()` on click; its text says what is loading and when it fails. */
export function LoadButton(label, load, { loading = "Loading the in-browser database (DuckDB, about 35 MB, once per visit)…" } = {}) {
  const button = html`<button type="button" class="load-all">${label}</button>`;
  const note = html`<span class="muted load-state" aria-live="polite"></span>`;
  button.addEventListener("click", async () => {
    button.disabled = true;
    note.textContent = ` ${loading}`;
    try {
      await load();
      note.textContent = "";
    } catch (error) {
      button.disabled = false;
      note.textContent = ` Could not load: ${error.message}`;
    }
  });
  return html`<span class="load-all-row">${button}${note}</span>`;
}

/**
 * Framework's DuckDBClient, imported when first needed. Naming the `DuckDBClient` global in a page
 * would load its module (DuckDB-wasm's JavaScript and Apache Arrow, about 300 KB) with the page.
 */
export async function loadDuckDBClient() {
  return (await import("npm:@observablehq/duckdb")).DuckDBClient;
}

/**
 * Parquet bytes decoded to an Apache Arrow table (what Framework's `FileAttachment.parquet()`
 * returns), by hyparquet and fzstd, pure JavaScript imported here on first use: Framework's own
 * `.parquet()` would ship parquet-wasm (5.4 MB) in the site and preload it, with Arrow, on any
 * page that names a Parquet attachment without a method or with `.parquet()`, even when the page
 * only reads it on a click. So pages pass `FileAttachment("x.parquet").arrayBuffer()`.
 */
export async function readParquet(bytes) {
  const [hyparquet, Arrow, { decompress }, { parquetToArrow }, buffer] = await Promise.all([
    import("npm:hyparquet"),
    import("npm:apache-arrow"),
    import("npm:fzstd"),
    import("./parquet-to-arrow.js"),
    bytes,
  ]);
  return parquetToArrow(buffer, { hyparquet, Arrow, decompressZstd: decompress });
}
