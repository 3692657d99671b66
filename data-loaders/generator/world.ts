// The simulation's shared state: calendar, catalogue, random stream, output sinks, the queue of
// things due later, running id counters and the tally that becomes the ground truth.
import type { Calendar } from "./calendar.ts";
import type { Catalogue } from "./catalogue.ts";
import { makeCoPurchase, type CoPurchase } from "./co-purchase.ts";
import type { Buyer } from "./customers.ts";
import { makeExperiments, type ExperimentRun } from "./experiments.ts";
import { TimeQueue } from "./queue.ts";
import { Random } from "./random.ts";
import type { SessionContext } from "./sessions.ts";
import type { Sinks } from "./staging.ts";
import { Tally } from "./tally.ts";
import type { PurchaseProcess } from "./options.ts";

export type Due =
  | { kind: "purchase"; buyer: Buyer; context: SessionContext; session: number; repeat: boolean }
  | { kind: "return_visit"; customer: Buyer }
  | { kind: "credit_note"; buyer: Buyer; items: number[]; quantities: number[]; prices: number[]; returns: boolean }
  | { kind: "inventory_adjustment" }
  | { kind: "bad_debt" };

export interface World {
  calendar: Calendar;
  /** How repeat purchases and invoices are drawn (GenerateOptions.purchaseProcess). */
  purchaseProcess: PurchaseProcess;
  catalogue: Catalogue;
  random: Random;
  sinks: Sinks;
  queue: TimeQueue<Due>;
  tally: Tally;
  experiments: ExperimentRun[];
  /** Offset of the customers' country sequence (seeded). */
  countryOffset: number;
  ids: { invoice: number; session: number; anon: number; customer: number };
  /** Largest guest invoice since the last bad-debt write-off (pence): the next write-off's amount. */
  unpaidCandidate: number;
  /** Planted companion products (co-purchase pairs), with a random stream of their own. */
  coPurchase: CoPurchase;
}

export const FIRST_CUSTOMER_ID = 100000;
export const FIRST_INVOICE = 540000;

/** Independent random streams: the catalogue is the same for a seed whatever the scale. */
export const STREAM = { catalogue: 1, simulation: 2, countries: 3, coPurchase: 4, experiments: 5 } as const;

export function makeWorld(seed: number, calendar: Calendar, catalogue: Catalogue, sinks: Sinks, purchaseProcess: PurchaseProcess = "store"): World {
  return {
    calendar,
    purchaseProcess,
    catalogue,
    random: new Random(seed, STREAM.simulation),
    sinks,
    queue: new TimeQueue<Due>(),
    tally: new Tally(),
    experiments: makeExperiments(calendar),
    countryOffset: new Random(seed, STREAM.countries).next(),
    ids: { invoice: FIRST_INVOICE, session: 0, anon: 0, customer: 0 },
    unpaidCandidate: 0,
    coPurchase: makeCoPurchase(new Random(seed, STREAM.coPurchase), catalogue, calendar.days),
  };
}
