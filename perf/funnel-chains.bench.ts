// npm run bench:funnel-chains -- --warehouse <file> [--runs N] [--baseline <funnel-chains.js>]
// The funnels' JavaScript alone: every shipped funnel's chains found and attempts counted
// (src/components/funnel-chains.js: findChains, countAttempts) over a warehouse's funnel_events, in
// the build's batches of users, read as it reads them (funnelEventBatchesFor), and with its options
// (int_funnel_attempts), nothing written back.
// --baseline: another copy of the module (e.g. from a git worktree of an earlier commit), run
// alternately with this one in the same process, each reported as a median and the ratio of the
// two; the counted attempts of both are compared by a checksum over every column. The warehouse is
// one a build left (e.g. the bench:funnels store's), read once; TZ=UTC.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { funnelBatchEvents, funnelEventBatchesFor } from "../data-loaders/lib/funnels/chains.ts";
import { loadFunnels, optionsOf } from "../data-loaders/lib/funnels/marts.ts";
import { breakdownProperties } from "../src/components/funnel-sql.js";
import type { Columns, FunnelEvents } from "../src/components/funnel-chains.js";
import { memoryBytes, memoryLimit, openDatabase, queryRows } from "../data-loaders/pipeline/duckdb.ts";
import { median } from "./stats.ts";

const { values: args } = parseArgs({ options: { warehouse: { type: "string" }, runs: { type: "string", default: "7" }, baseline: { type: "string" } } });
if (!args.warehouse) throw new Error("--warehouse <file> is needed: a warehouse.duckdb a build left (its funnel_events and funnel_sessions)");
const runs = Number(args.runs);

type ChainsModule = typeof import("../src/components/funnel-chains.js");
const modules: { label: string; module: ChainsModule }[] = [{ label: "this", module: await import("../src/components/funnel-chains.js") }];
if (args.baseline) modules.push({ label: "baseline", module: await import(pathToFileURL(resolve(args.baseline)).href) });

const { connection } = await openDatabase(args.warehouse);
const funnels = await loadFunnels((sql) => queryRows(connection, sql));
const plans = funnels.map((funnel) => ({ funnel, options: { ...optionsOf(funnel), breakdowns: breakdownProperties.filter((b) => funnel.breakdowns.includes(b)), textIds: false, dropoffs: "events" as const } }));

// The build's batches (whole users, what these funnels read), each copied out, since the build's
// reader fills the same arrays again for the next one.
const batches: FunnelEvents[] = [];
const copied = (value: unknown): unknown =>
  ArrayBuffer.isView(value) ? (value as Int32Array).slice() : value && typeof value === "object" && "codes" in value ? { ...value, codes: (value as { codes: Int32Array }).codes.slice() } : value;
for await (const batch of funnelEventBatchesFor(connection, plans, funnelBatchEvents(memoryBytes(memoryLimit().limit)!))) {
  batches.push(Object.fromEntries(Object.entries(batch).map(([key, value]) => [key, copied(value)])) as FunnelEvents);
}
const eventCount = batches.reduce((sum, b) => sum + b.length, 0);
process.stderr.write(`bench-funnel-chains: ${eventCount.toLocaleString("en-US")} events, ${funnels.length} funnels, read from ${args.warehouse}\n`);

/** A number from every value of the counted columns, to tell two modules' results apart. */
function checksum(sum: number, counted: Columns): number {
  sum = (sum * 31 + counted.length) % 2147483647;
  for (const c of counted.columns) for (let r = 0; r < counted.length; r++) if (c.valid[r]) sum = (sum * 31 + (Number(c.values[r]) % 1000003) + 1) % 2147483647;
  return sum;
}

const times = new Map<string, number[]>();
const sums = new Map<string, number>();
for (let run = 0; run < runs; run++) {
  // Alternated, so that a slow spell of the machine falls on both.
  for (const { label, module } of run % 2 ? [...modules].reverse() : modules) {
    const arena = module.outputArena?.();
    const spent = new Map<string, number>();
    let sum = 0;
    for (const events of batches) {
      for (const { funnel, options } of plans) {
        let started = performance.now();
        const chains = module.findChains(funnel, events, options, arena);
        spent.set(`find ${funnel.name}`, (spent.get(`find ${funnel.name}`) ?? 0) + performance.now() - started);
        started = performance.now();
        const counted = module.countAttempts(funnel, chains, options, arena);
        spent.set(`count ${funnel.name}`, (spent.get(`count ${funnel.name}`) ?? 0) + performance.now() - started);
        sum = checksum(sum, counted);
      }
    }
    spent.set("all", [...spent.values()].reduce((a, b) => a + b, 0));
    for (const [part, ms] of spent) times.set(`${label}\t${part}`, [...(times.get(`${label}\t${part}`) ?? []), ms]);
    if (sums.has(label) && sums.get(label) !== sum) throw new Error(`${label}: the counted attempts changed from run to run`);
    sums.set(label, sum);
  }
}

console.log(`Funnel chains in JavaScript, ${eventCount.toLocaleString("en-US")} events in ${batches.length} batches, median of ${runs} runs (ms)`);
const parts = [...new Set([...times.keys()].map((k) => k.split("\t")[1]))];
for (const part of parts) {
  const mine = median(times.get(`this\t${part}`)!);
  const base = args.baseline ? median(times.get(`baseline\t${part}`)!) : null;
  console.log(`  ${part.padEnd(28)} ${mine.toFixed(0).padStart(6)}${base === null ? "" : `   baseline ${base.toFixed(0).padStart(6)}   ratio ${(mine / base).toFixed(2)}`}`);
}
if (args.baseline) console.log(sums.get("this") === sums.get("baseline") ? "  the counted attempts are the same (checksum)" : "  THE COUNTED ATTEMPTS DIFFER from the baseline's");
