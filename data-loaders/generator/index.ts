// generateStore: the default store as a library call (the CLI, the pipeline and the scale
// benchmark all come through here). Progress goes to stderr; the ground truth is returned and
// written beside the data as ground_truth.json.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeCalendar, type Calendar } from "./calendar.ts";
import { makeCatalogue, type Catalogue } from "./catalogue.ts";
import { buildGroundTruth, type GroundTruth } from "./ground-truth.ts";
import { expectedConversionProbability } from "./journeys.ts";
import { DEFAULTS, resolveOptions, type GenerateOptions, type ResolvedOptions } from "./options.ts";
import { behaviour, countries } from "./parameters.ts";
import { Random } from "./random.ts";
import { assignReturningUsers } from "./returning-users.ts";
import { simulate } from "./simulate.ts";
import { assertPackable } from "./staging.ts";
import { traffic } from "./traffic.ts";
import { exportQueries } from "./export-sql.ts";
import { countingSinks, openWriter } from "./writer.ts";
import { makeWorld, STREAM } from "./world.ts";

export type { GenerateOptions } from "./options.ts";
export type { GroundTruth } from "./ground-truth.ts";

/**
 * Customers in the calibration run that turns a wanted number of order lines into new visitors:
 * spend and frequency are heavy-tailed, so a few thousand customers misjudge lines per customer
 * by several per cent; more cost a second at most.
 */
const CALIBRATION_CUSTOMERS = { min: 2000, max: 10_000, linesPerCustomerGuess: 115 };

export async function generateStore(options: GenerateOptions): Promise<GroundTruth> {
  const resolved = resolveOptions(options);
  const log = (message: string) => process.stderr.write(`[generate] ${message}\n`);
  const started = performance.now();
  const calendar = makeCalendar(resolved.startDate, resolved.months);
  const catalogue = makeCatalogue(new Random(resolved.seed, STREAM.catalogue), calendar.days);
  assertPackable(catalogue.stockCodes.length, traffic.length, countries.length);
  const customersRequested = resolved.customers ?? (resolved.orderLines === undefined ? DEFAULTS.customers : null);
  const newVisitors = customersRequested === null ? calibrate(resolved, calendar, catalogue, log) : newVisitorsFor(customersRequested);

  const writer = await openWriter();
  try {
    const world = makeWorld(resolved.seed, calendar, catalogue, writer.sinks, resolved.purchaseProcess);
    const simulated = performance.now();
    simulate(world, newVisitors);
    await assignReturningUsers(world, resolved.seed, writer.query);
    const rows = world.sinks.orderLines.rows + world.sinks.events.rows;
    log(`simulated ${calendar.days} days, ${world.tally.visitors.registered} customers: ${world.sinks.orderLines.rows} order lines and ${world.sinks.events.rows} events staged in ${ms(simulated)} ms`);
    await writer.export(resolved.outDir, resolved.format, exportQueries(calendar, catalogue), log);
    const truth = buildGroundTruth({ options: resolved, customersRequested, newVisitorsPlanned: newVisitors, calendar, catalogue, world });
    writeFileSync(join(resolved.outDir, "ground_truth.json"), JSON.stringify(truth, null, 2) + "\n");
    const total = ms(started);
    log(`done in ${total} ms (${Math.round(rows / (total / 1000))} order lines + events per second) -> ${resolved.outDir}`);
    return truth;
  } finally {
    await writer.dispose();
  }
}

/** New visitors to simulate so that about `customers` of them register. */
function newVisitorsFor(customers: number): number {
  return customers / (expectedConversionProbability() * (1 - behaviour.guestShare));
}

/** Runs a small store without writing it and scales the new visitors to the wanted number of lines. */
function calibrate(options: ResolvedOptions, calendar: Calendar, catalogue: Catalogue, log: (m: string) => void): number {
  const started = performance.now();
  const { min, max, linesPerCustomerGuess } = CALIBRATION_CUSTOMERS;
  // Half the store's size (within bounds): the calibration should not cost as much as the store.
  const pilotVisitors = newVisitorsFor(Math.min(max, Math.max(min, Math.round(options.orderLines! / linesPerCustomerGuess / 2))));
  const world = makeWorld(options.seed, calendar, catalogue, countingSinks());
  simulate(world, pilotVisitors);
  const linesPerVisitor = world.sinks.orderLines.rows / pilotVisitors;
  const newVisitors = options.orderLines! / linesPerVisitor;
  log(`calibration: ${linesPerVisitor.toFixed(2)} order lines per new visitor -> ${Math.round(newVisitors)} new visitors for ${options.orderLines} lines (${ms(started)} ms)`);
  return newVisitors;
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}
