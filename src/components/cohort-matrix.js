// The cohort page's matrix for the reader's choice of source and grain, and the lines that say
// where it came from: the build's monthly matrix first (no DuckDB), other grains recomputed in the
// browser by DuckDB-wasm (in its worker) from the published user-days, with the earlier cohorts of
// a fine grain pooled into one row (cohort-query.js separateCohorts) so that the page draws a few
// dozen rows, not hundreds. The whole, unpooled matrix is computed only for the CSV download.
import { html } from "npm:htl";
import { compareWithBuild, recomputeCohorts, separateCohorts } from "./cohort-query.js";
import { formatCount, formatInteger } from "./format.js";
import { lazy, LoadButton, loadDuckDBClient, readParquet } from "./lazy-database.js";
import { cohortLabel, grainAdjective, periodLabel } from "./periods.js";

/**
 * The in-browser database holding the user-days (`readBytes()` gives the Parquet bytes), loaded on
 * first call; `results` keeps each source and grain's matrix once computed, so going back to a
 * grain already seen answers at once.
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
  return load;
}

/**
 * The matrix's states, in order: { origin: "build" } (the build's months), "loading" (the
 * browser is computing; firstLoad when DuckDB itself is still to load), "browser" (with the
 * comparison with the build for months, and `download()`, the whole matrix for the CSV).
 */
export async function* cohortMatrix({ source, grain, buildRows, check, engine, firstDate, lastDate }) {
  if (!source) return yield { rows: [], origin: "none" };
  if (grain === "month") yield { rows: buildRows, origin: "build", download: async () => buildRows };
  if (grain === "month" && !check) return;
  const key = `${source}|${grain}`;
  const computing = computeOnce(engine, key, { source, grain, firstDate, lastDate, buildRows });
  if (!computing.value && grain !== "month") yield { rows: [], origin: "loading", firstLoad: !engine.ready() };
  yield computing.value ?? (await computing.promise);
}

/** The matrix of one source and grain, computed once per visit: { promise, value once settled }. */
function computeOnce(engine, key, { buildRows, ...window }) {
  if (!engine.results.has(key)) {
    const computing = {};
    computing.promise = (async () => {
      const db = await engine();
      const started = performance.now();
      const rows = await recomputeCohorts(db, { ...window, separate: separateCohorts[window.grain] });
      const pooled = rows.some((d) => Number(d.cohorts_pooled) > 1);
      return (computing.value = {
        rows,
        origin: "browser",
        ms: Math.round(performance.now() - started),
        problems: window.grain === "month" ? compareWithBuild(rows, buildRows) : null,
        download: pooled ? lazy(() => recomputeCohorts(db, window)) : async () => rows,
      });
    })();
    engine.results.set(key, computing);
    computing.promise.catch(() => engine.results.delete(key)); // let the reader try again
  }
  return engine.results.get(key);
}

/** The line above the heatmap: where the matrix comes from, or what is being computed. */
export function RecomputeStatus(matrix, { grain, check, checking, person, userDays }) {
  if (matrix.origin === "none") return "";
  if (matrix.origin === "build") {
    return checking ? "Showing the matrix computed at build time; recomputing it in your browser…" : html`Showing the matrix computed at build time. ${LoadButton("Recompute it in your browser and compare", check)}`;
  }
  if (matrix.origin === "loading") {
    return html`<span class="cohort-computing" aria-busy="true">Computing the ${grainAdjective[grain]} matrix in your browser${matrix.firstLoad ? `: loading DuckDB (about 30 MB, once per visit) and the ${person}-days` : ""}…</span>`;
  }
  const from = `${formatInteger(userDays)} ${person}-days`;
  if (matrix.problems === null) return `Computed in your browser with DuckDB from ${from} in ${formatInteger(matrix.ms)} ms.`;
  if (matrix.problems.length === 0) return `Recomputed in your browser with DuckDB from ${from}: all ${formatInteger(matrix.rows.length)} cells agree exactly with the build.`;
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
