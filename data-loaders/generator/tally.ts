// Counts of what the simulation planted, kept while it runs: every order line has exactly one
// kind, so the kinds add up to the file's row count (the ledger check in = kept + excluded).
import { channels, countries } from "./parameters.ts";

export const ROW_KINDS = [
  "sale",
  "guest",
  "credit_note",
  "return",
  "discount",
  "manual",
  "bank_charges",
  "postage",
  "carriage",
  "zero_price",
  "inventory_adjustment",
  "bad_debt",
  "exact_duplicate",
] as const;
export type RowKind = (typeof ROW_KINDS)[number];
export const KIND: Record<RowKind, number> = Object.fromEntries(ROW_KINDS.map((k, i) => [k, i])) as Record<RowKind, number>;

export class Tally {
  readonly rowsByKind = new Float64Array(ROW_KINDS.length);
  readonly rowsByCountry = new Float64Array(countries.length);
  cPrefixedRows = 0;
  nullCustomerRows = 0;
  zeroPriceRows = 0;
  readonly invoices = { customer_sale: 0, guest_sale: 0, credit_note: 0, inventory_adjustment: 0, bad_debt: 0 };
  readonly creditNotesWithReturns = { cancellations: 0, returns: 0 };
  /** Revenue of sale invoices (sum of Quantity * UnitPrice without duplicate rows), pence. */
  salesPence = 0;
  readonly visitors = { newVisitors: 0, registered: 0, guests: 0, buyersLapsed: 0, repeatPurchases: 0 };
  readonly journeys = {
    count: 0,
    conversions: 0,
    expectedConversions: 0,
    withChannel: new Float64Array(channels.length),
    conversionsWithChannel: new Float64Array(channels.length),
    sessions: 0,
  };
}
