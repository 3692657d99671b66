// DuckDB-wasm (about 35 MB) and the Parquet decoder load only when the reader asks for something
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
 * A Parquet FileAttachment decoded to an Arrow table by Framework's own reader (parquet-wasm),
 * loaded on first use. A page that writes `FileAttachment(…).parquet()` gets Apache Arrow and
 * parquet-wasm's JavaScript preloaded with it (Framework reads the method name); a page that passes
 * the attachment here does not. The two imports tell Framework's build to publish the modules that
 * `file.parquet()` imports (the same URLs, so they load once).
 */
export async function readParquet(file) {
  await Promise.all([import("npm:apache-arrow"), import("npm:parquet-wasm")]);
  return file.parquet();
}
