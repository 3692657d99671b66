// A worker thread that finds each funnel's chains and counts its attempts
// (src/components/funnel-chains.js) over one batch of events at a time, while the build's main thread
// reads the next batch from DuckDB and appends the last one's counted attempts
// (countedTablesInBatches in chains.ts): the two halves of the work take about as long, and the
// machine has a core for each. Plain JavaScript, so it runs in any Node process (tsx, vitest)
// without a TypeScript loader.
//
// workerData: the funnels with their options, as countedTablesInBatches has them. Each message is a
// batch: its number, its events (funnelEvents' result without the sessions' lookup, so checked
// already to be in user_key, event_seq order; the arrays are in shared memory, which the main thread
// leaves alone until this batch's answer came) and, with the first batch, the sessions' lookup when
// the funnels read session properties. The answer: each funnel's counted attempts, in
// the funnels' order, or the error's message. Their arrays are in shared memory too, in one of two
// arenas taken in turn: the main thread has appended a batch's counted attempts before it hands over
// the batch two on, which reuses that batch's arena (countedTablesInBatches). Copying them out of
// one arena instead took 0.31 s of this thread's 3.7 s at 5M order lines.
import { parentPort, workerData } from "node:worker_threads";
import { countAttempts, findChains, outputArena } from "../../../src/components/funnel-chains.js";

const { counts } = workerData;
// The chains are used up by the count that follows them, so every funnel's reuse one set of arrays;
// the counted attempts go in shared memory, each funnel's apart, in one of two arenas taken in turn.
const chainArena = outputArena();
const countedArenas = [outputArena({ shared: true }), outputArena({ shared: true })];
let lookup = null;

/** The part of `arena` that funnel `i` takes its arrays from (names kept apart by the funnel's number). */
function funnelArena(arena, i) {
  return { take: (name, ArrayType, size) => arena.take(`${i} ${name}`, ArrayType, size) };
}

parentPort.on("message", (message) => {
  try {
    if (message.lookup !== undefined) lookup = message.lookup;
    const events = { ...message.events, bySession: lookup };
    const results = counts.map(({ funnel, options }, i) => countAttempts(funnel, findChains(funnel, events, options, chainArena), options, funnelArena(countedArenas[message.batch % 2], i)));
    parentPort.postMessage({ batch: message.batch, results });
  } catch (error) {
    parentPort.postMessage({ batch: message.batch, error: error instanceof Error ? error.message : String(error) });
  }
});
