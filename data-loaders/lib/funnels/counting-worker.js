// A worker thread that finds each funnel's chains and counts its attempts
// (src/components/funnel-chains.js) over one batch of events at a time, while the build's main thread
// reads the next batch from DuckDB and appends the last one's counted attempts
// (countedTablesInBatches in chains.ts): the two halves of the work take about as long, and the
// machine has a core for each. Plain JavaScript, so it runs in any Node process (tsx, vitest)
// without a TypeScript loader.
//
// workerData: the funnels with their options, as countedTablesInBatches has them. Each message is a
// batch: its number, its events (funnelEvents' fields; the arrays are in shared memory, which the
// main thread leaves alone until this batch's answer came) and, with the first batch, the sessions'
// lookup when the funnels read session properties. The answer: each funnel's counted attempts, in
// the funnels' order, their arrays copied out of this thread's arena and handed over, or the error's
// message.
import { parentPort, workerData } from "node:worker_threads";
import { countAttempts, findChains, funnelEvents, outputArena } from "../../../src/components/funnel-chains.js";

const { counts } = workerData;
// Each funnel's chains and counted attempts are copied out before the next are found, so they reuse one set of arrays.
const arena = outputArena();
let lookup = null;

/** countAttempts' columns with arrays of their own, cut to the rows there are (the arena's are longer and reused). */
function owned(columns) {
  return { length: columns.length, columns: columns.columns.map((c) => ({ ...c, values: c.values.slice(0, columns.length), valid: c.valid.slice(0, columns.length) })) };
}

parentPort.on("message", (message) => {
  try {
    if (message.lookup !== undefined) lookup = message.lookup;
    const events = funnelEvents(message.events, null, lookup);
    const results = counts.map(({ funnel, options }) => owned(countAttempts(funnel, findChains(funnel, events, options, arena), options, arena)));
    parentPort.postMessage({ batch: message.batch, results }, results.flatMap((r) => r.columns.flatMap((c) => [c.values.buffer, c.valid.buffer])));
  } catch (error) {
    parentPort.postMessage({ batch: message.batch, error: error instanceof Error ? error.message : String(error) });
  }
});
