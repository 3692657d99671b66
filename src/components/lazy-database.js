// DuckDB-wasm (about 30 MB with its worker and Apache Arrow) and the Parquet reader load only when the reader asks for something
// the first view's JSON does not hold. `lazy` runs a loader once, on first call; `LoadButton`
// is the reader's way to ask, and shows that the load is under way or why it failed. Pages that
// load DuckDB from a control of their own (a recompute button, a product picked) get the same
// note from `loadDuckDBClient`, pinned to the bottom of the window until the database is ready.
import { html } from "npm:htl";
import { macroStatements } from "./sql-macros.js";

/**
 * A DuckDB-wasm result as plain row objects (what tables, charts and CSV downloads take), BIGINT
 * values as numbers: counts, which DuckDB returns as BIGINT, are far below 2^53.
 */
export function plainRows(result) {
  return Array.from(result, (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}

/** A function returning one shared promise, created on the first call. */
export function lazy(load) {
  let promise = null;
  return () => (promise ??= load().catch((error) => {
    promise = null; // let the reader try again
    throw error;
  }));
}

/** A button that awaits `load()` on click; its text says what is loading and when it fails. */
export function LoadButton(label, load, { loading = "Loading the in-browser database (DuckDB, about 30 MB, once per visit)…" } = {}) {
  const button = html`<button type="button" class="load-all">${label}</button>`;
  const note = html`<span class="muted load-state" aria-live="polite"></span>`;
  button.addEventListener("click", async () => {
    button.disabled = true;
    note.textContent = ` ${loading}`;
    buttonLoads++;
    try {
      await load();
      note.textContent = "";
    } catch (error) {
      button.disabled = false;
      note.textContent = ` Could not load: ${error.message}`;
    } finally {
      buttonLoads--;
    }
  });
  return html`<span class="load-all-row">${button}${note}</span>`;
}

/**
 * Framework's DuckDBClient, imported when first needed. Naming the `DuckDBClient` global in a page
 * would load its module (DuckDB-wasm's JavaScript and Apache Arrow, about 300 KB) with the page.
 */
export async function loadDuckDBClient() {
  const done = showLoading();
  try {
    const { DuckDBClient } = await import("npm:@observablehq/duckdb");
    // The note stays until `of` (which fetches DuckDB-wasm and registers the tables) settles; the
    // page reads its Parquet files between this call and `of`, under the same note.
    return class extends DuckDBClient {
      static async of(...args) {
        try {
          const db = await super.of(...args);
          // The formulas the build's marts use (src/components/sql-macros.js), before any page query.
          for (const statement of macroStatements()) await db.query(statement);
          return db;
        } finally {
          done();
        }
      }
    };
  } catch (error) {
    done();
    throw error;
  }
}

let buttonLoads = 0; // a LoadButton already says what is loading
let pending = 0;
let loadingNote = null;
/** Shows the loading note (once, however many loads overlap); returns the function that ends this load. */
function showLoading() {
  if (buttonLoads > 0 || typeof document === "undefined") return () => {};
  pending++;
  loadingNote ??= document.body.appendChild(html`<div class="duckdb-loading" role="status" aria-live="polite" style="position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);width:max-content;max-width:calc(100vw - 2rem);z-index:10;padding:0.5rem 0.9rem;border-radius:6px;background:var(--theme-background-alt);color:var(--theme-foreground);border:solid 1px var(--theme-foreground-faintest);box-shadow:0 2px 8px rgba(0,0,0,0.2);font:13px var(--sans-serif)">Loading the in-browser database (DuckDB, about 30 MB, once per visit)…</div>`);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (pending > 0 && --pending === 0) loadingNote = (loadingNote?.remove(), null);
  };
}

function endAllLoading() {
  pending = 0;
  loadingNote = (loadingNote?.remove(), null);
}

/**
 * Parquet bytes decoded to an Apache Arrow table (what Framework's `FileAttachment.parquet()`
 * returns), by hyparquet and fzstd, pure JavaScript imported here on first use: Framework's own
 * `.parquet()` would ship parquet-wasm (5.4 MB) in the site and preload it, with Arrow, on any
 * page that names a Parquet attachment without a method or with `.parquet()`, even when the page
 * only reads it on a click. So pages pass `FileAttachment("x.parquet").arrayBuffer()`.
 */
export async function readParquet(bytes) {
  try {
    const [hyparquet, Arrow, { decompress }, { parquetToArrow }, buffer] = await Promise.all([
      import("npm:hyparquet"),
      import("npm:apache-arrow"),
      import("npm:fzstd"),
      import("./parquet-to-arrow.js"),
      bytes,
    ]);
    return await parquetToArrow(buffer, { hyparquet, Arrow, decompressZstd: decompress });
  } catch (error) {
    endAllLoading(); // the page's `of` will not run: it shows the error, not a note still loading
    throw error;
  }
}

/**
 * Parquet bytes as plain row objects, by hyparquet and fzstd alone (about 70 KB): for a small
 * precomputed file a page draws as it is, without Apache Arrow (235 KB) or DuckDB. Integers of
 * more than 32 bits arrive as BigInt; write them as INTEGER or DOUBLE in such files.
 */
export async function readParquetRows(bytes) {
  const [hyparquet, { decompress }, buffer] = await Promise.all([import("npm:hyparquet"), import("npm:fzstd"), bytes]);
  return hyparquet.parquetReadObjects({ file: buffer, compressors: { ZSTD: (input, length) => decompress(input, new Uint8Array(length)) } });
}
