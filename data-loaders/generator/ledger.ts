// The one door to the order_lines table: writes a row and counts it by kind and country.
import { PREFIX } from "./staging.ts";
import type { World } from "./world.ts";

export function writeLine(
  world: World,
  kind: number,
  invoice: number,
  prefix: number,
  item: number,
  descr: number,
  quantity: number,
  at: number,
  pricePence: number,
  customer: number,
  country: number,
): void {
  world.sinks.orderLines.add(invoice, prefix, item, descr, quantity, at, pricePence, customer, country);
  const tally = world.tally;
  tally.rowsByKind[kind]++;
  tally.rowsByCountry[country]++;
  if (prefix === PREFIX.credit) tally.cPrefixedRows++;
  if (customer === 0) tally.nullCustomerRows++;
  if (pricePence === 0) tally.zeroPriceRows++;
}

/** Invoices are numbered in time order, as a till would; credit notes and write-offs share the sequence. */
export function nextInvoice(world: World): number {
  return ++world.ids.invoice;
}

/** Invoice timestamps have minute resolution, as in the UCI ledger. */
export function invoiceTime(second: number): number {
  return second - (second % 60);
}
