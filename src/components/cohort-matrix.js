// The cohort page's matrix for the reader's choice of source and grain, and the lines that say
// where it came from. Every grain's first view is the build's (the months from
// cohort_matrix_monthly, the weeks and days from cohort_matrix_pooled, whose earlier cohorts are
// pooled into one row so that the page draws a few dozen rows, not hundreds): switching grain
// reads a small Parquet file (tens of KB) instead of loading DuckDB-wasm (about 30 MB) and recomputing, which took
// 1-8 s. DuckDB-wasm loads only when the reader asks to recompute the matrix in the browser and
// compare (the same SQL, cohort-query.js) or downloads a fine grain's whole matrix.
import { html } from "npm:htl";
import { expandRows } from "./compact-rows.js";
import { compareWithBuild, recomputeCohorts, separateCohorts } from "./cohort-query.js";
import { formatCount, formatInteger } from "./format.js";
import { lazy, LoadButton, loadDuckDBClient, readParquet, readParquetRows } from "./lazy-database.js";
import { cohortLabel, grainAdjective, periodLabel } from "./periods.js";

/**
 * The build's matrix of one source and grain, from `file()`: cohort_matrix_monthly's compact JSON
 * rows (the first view), or the bytes of a Parquet part of cohort_matrix_pooled (read by
 * hyparquet, as the user-days are, without Arrow or wasm); dates as YYYY-MM-DD, as the browser's SQL gives them.
 */
export async function buildMatrix(file) {
  const data = await file();
  const list = data instanceof ArrayBuffer ? await readParquetRows(data) : expandRows(data.rows);
  return list.map((d) => ({ ...d, cohort_start: d.cohort_start.slice(0, 10), period_start: d.period_start.slice(0, 10) }));
}

/**
 * The in-browser database holding the user-days (`readBytes()` gives the Parquet bytes), loaded on
 * first call; `results` keeps each source and grain's recomputation once done and `wholes` each
 * whole matrix computed for a download, so that asking again answers at once.
 */
export function cohortEngine(readBytes) {
  let ready = false;
  const load = lazy(async () => {
    const db = await (await loadDuckDBClient()).of({ activity: await readParquet(readBytes()) });
    ready = true;
    return db;
  });
  load.ready = () => ready;
  load.results = new Map();
  load.wholes = new Map();
  return load;
}

/**
 * The matrix's states, in order: { origin: "build" } (the build's rows, always first), then, once
 * the reader asked to check (`check`), "browser" (the same matrix recomputed by DuckDB-wasm, with
 * its differences from the build). Both carry `download()`: the whole matrix for the CSV, every
 * cohort a row of its own (recomputed in the browser when the build's rows pool some).
 */
export async function* cohortMatrix({ source, grain, buildRows, check, engine, firstDate, lastDate }) {
  if (!source) return yield { rows: [], origin: "none" };
  const window = { source, grain, firstDate, lastDate };
  const key = `${source}|${grain}`;
  const pooled = buildRows.some((d) => Number(d.cohorts_pooled ?? 1) > 1);
  if (pooled && !engine.wholes.has(key)) engine.wholes.set(key, lazy(async () => recomputeCohorts(await engine(), window)));
  const download = pooled ? engine.wholes.get(key) : async () => buildRows;
  yield { rows: buildRows, origin: "build", download };
  if (!check) return;
  const computing = computeOnce(engine, key, { ...window, buildRows });
  yield { ...(computing.value ?? (await computing.promise)), download };
}

/** The browser's recomputation of one source and grain, once per visit: { promise, value once settled }. */
function computeOnce(engine, key, { buildRows, ...window }) {
  if (!engine.results.has(key)) {
    const computing = {};
    computing.promise = (async () => {
      const db = await engine();
      const started = performance.now();
      const rows = await recomputeCohorts(db, { ...window, separate: separateCohorts[window.grain] });
      return (computing.value = { rows, origin: "browser", ms: Math.round(performance.now() - started), problems: compareWithBuild(rows, buildRows) });
    })();
    engine.results.set(key, computing);
    computing.promise.catch(() => engine.results.delete(key)); // let the reader try again
  }
  return engine.results.get(key);
}

/** The line above the heatmap: where the matrix comes from, and the check against the browser's. */
export function RecomputeStatus(matrix, { grain, check, checking, person, userDays }) {
  if (matrix.origin === "none") return "";
  if (matrix.origin === "build") {
    return checking ? `Showing the ${grainAdjective[grain]} matrix computed at build time; recomputing it in your browser…` : html`Showing the ${grainAdjective[grain]} matrix computed at build time. ${LoadButton("Recompute it in your browser and compare", check)}`;
  }
  const from = `${formatInteger(userDays)} ${person}-days`;
  if (matrix.problems.length === 0) return `Recomputed in your browser with DuckDB from ${from} in ${formatInteger(matrix.ms)} ms: all ${formatInteger(matrix.rows.length)} cells agree exactly with the build.`;
  return `Recomputed in your browser: ${matrix.problems.length} cells differ from the build (${matrix.problems.slice(0, 3).join("; ")}).`;
}

/** Says which cohorts a pooled row holds, and how the reader sees them all; "" when none is pooled. */
export function PoolingNote(rows, { grain, people }) {
  const pooled = rows.find((d) => d.period === 0 && Number(d.cohorts_pooled) > 1);
  if (!pooled) return "";
  const separate = rows.filter((d) => d.period === 0).length - 1;
  return html`<p id="pooling-note" class="muted">The ${formatInteger(separate)} most recent ${grainAdjective[grain]} cohorts are drawn one by one;
the ${formatCount(pooled.cohorts_pooled, "earlier cohort")} (${periodLabel(pooled.cohort_start, grain)} to ${periodLabel(pooled.cohort_end, grain)},
${formatInteger(pooled.cohort_size)} ${people}) are one row, <strong>${cohortLabel(pooled, grain)}</strong>: their counts and revenue summed
period by period, over the ${formatInteger(rows.filter((d) => d.cohort_start === pooled.cohort_start).length)} ${grain}s its most recent member has.
${grain === "day" ? "ISO weeks show the whole span more readably; " : ""}the CSV download holds every cohort.</p>`;
}
