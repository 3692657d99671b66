// The rows a real ledger has besides clean sales, written the way the UCI Online Retail ledger
// writes them: charges on sale invoices (POST, DOT, C2, M, BANK CHARGES), credit notes (C...)
// that cancel or return earlier lines of the same customer, stock adjustments (NULL customer,
// UnitPrice 0) and bad-debt write-offs (A..., StockCode B, negative UnitPrice).
import { basketLines } from "./basket.ts";
import { DAY } from "./calendar.ts";
import { ADJUSTMENT_DESCRIPTIONS } from "./catalogue.ts";
import type { Buyer } from "./customers.ts";
import { invoiceTime, nextInvoice, writeLine } from "./ledger.ts";
import { countries, dirt } from "./parameters.ts";
import { timeOfDay } from "./sessions.ts";
import { DESCR, PREFIX } from "./staging.ts";
import { KIND } from "./tally.ts";
import type { Due, World } from "./world.ts";

const UK = 0;
const POSTAGE_PENCE = { eu: 1800, world: 4000 } as const;
const CARRIAGE_PENCE = 5000;
const BANK_CHARGES_PENCE = 1500;

/** Non-product lines of a sale invoice; returns the pence they add to its total. */
export function addCharges(world: World, buyer: Buyer, invoice: number, at: number, goodsPence: number): number {
  const { random, catalogue } = world;
  const { special } = catalogue;
  const region = countries[buyer.country].region;
  const write = (kind: number, item: number, quantity: number, price: number) => {
    writeLine(world, kind, invoice, PREFIX.none, item, DESCR.item, quantity, at, price, buyer.customer, buyer.country);
    return quantity * price;
  };
  let added = 0;
  if (region !== "uk" && random.chance(dirt.postagePerForeignInvoice)) {
    added += region === "islands" ? write(KIND.carriage, special.carriage, 1, CARRIAGE_PENCE) : write(KIND.postage, special.postage, random.between(1, 3), POSTAGE_PENCE[region]);
  }
  if (buyer.customer === 0 && random.chance(dirt.dotcomPostagePerGuestInvoice)) {
    added += write(KIND.postage, special.dotcomPostage, 1, Math.max(300, Math.round(goodsPence * (0.04 + 0.08 * random.next()))));
  }
  if (random.chance(dirt.manualPerInvoice)) added += write(KIND.manual, special.manual, 1, manualPence(world));
  if (region !== "uk" && random.chance(dirt.bankChargesPerForeignInvoice)) added += write(KIND.bank_charges, special.bankCharges, 1, BANK_CHARGES_PENCE);
  return added;
}

function manualPence(world: World): number {
  return Math.max(10, Math.round(500 * Math.exp(1.2 * world.random.normal())));
}

/** What a sale sets in motion: cancellations and returns (customers only), a stock check, a debt. */
export function scheduleAfterSale(world: World, buyer: Buyer, at: number, totalPence: number): void {
  const { random, queue, catalogue, calendar } = world;
  if (buyer.customer === 0) {
    world.unpaidCandidate = Math.max(world.unpaidCandidate, totalPence);
  } else {
    const paid: number[] = [];
    for (let b = 0; b < basketLines.count; b++) if (basketLines.prices[b] > 0) paid.push(b);
    const cancelled = new Set<number>();
    if (paid.length > 0 && random.chance(dirt.cancellationPerInvoice)) {
      const count = Math.min(paid.length, random.between(1, 3));
      while (cancelled.size < count) cancelled.add(paid[random.int(paid.length)]);
      const lines = [...cancelled];
      const when = at + random.between(600, 8 * 3600);
      if (when < calendar.endSecond) queue.push(when, creditNote(buyer, lines, lines.map((b) => basketLines.quantities[b]), false));
    }
    const returned: number[] = [];
    const quantities: number[] = [];
    if (paid.length > cancelled.size && random.chance(dirt.returnPerInvoice)) {
      // Lines go back in proportion to their product's return weight: often-returned products dominate.
      const candidates = paid.filter((b) => !cancelled.has(b));
      for (let k = Math.min(candidates.length, 1 + random.poisson(dirt.returnedLinesExtraMean)); k > 0; k--) {
        const weights = candidates.map((b) => catalogue.returnWeight[basketLines.items[b]]);
        let u = random.next() * weights.reduce((s, w) => s + w, 0);
        let i = 0;
        while (i < candidates.length - 1 && (u -= weights[i]) >= 0) i++;
        const b = candidates.splice(i, 1)[0];
        const bought = basketLines.quantities[b];
        returned.push(b);
        quantities.push(random.chance(0.7) ? bought : Math.max(1, Math.floor(bought * random.next())));
      }
    }
    if (returned.length > 0) {
      const when = (Math.floor(at / DAY) + random.between(3, 30)) * DAY + timeOfDay(random);
      if (when < calendar.endSecond) queue.push(when, creditNote(buyer, returned, quantities, true));
    }
  }
  if (random.chance(dirt.inventoryAdjustmentPerInvoice)) {
    const when = at + random.between(1800, 2 * DAY);
    if (when < calendar.endSecond) queue.push(when, { kind: "inventory_adjustment" });
  }
}

function creditNote(buyer: Buyer, lines: number[], quantities: number[], returns: boolean): Due {
  return {
    kind: "credit_note",
    buyer,
    items: lines.map((b) => basketLines.items[b]),
    quantities,
    prices: lines.map((b) => basketLines.prices[b]),
    returns,
  };
}

export function writeCreditNote(world: World, due: Extract<Due, { kind: "credit_note" }>, time: number): void {
  const { random, catalogue, tally } = world;
  const invoice = nextInvoice(world);
  const at = invoiceTime(time);
  const { customer, country } = due.buyer;
  const kind = due.returns ? KIND.return : KIND.credit_note;
  let value = 0;
  for (let i = 0; i < due.items.length; i++) {
    writeLine(world, kind, invoice, PREFIX.credit, due.items[i], DESCR.item, -due.quantities[i], at, due.prices[i], customer, country);
    value += due.quantities[i] * due.prices[i];
  }
  if (random.chance(dirt.discountPerCreditNote)) {
    writeLine(world, KIND.discount, invoice, PREFIX.credit, catalogue.special.discount, DESCR.item, -1, at, Math.max(100, Math.round(value * 0.1)), customer, country);
  }
  if (random.chance(dirt.manualPerCreditNote)) {
    writeLine(world, KIND.manual, invoice, PREFIX.credit, catalogue.special.manual, DESCR.item, -1, at, manualPence(world), customer, country);
  }
  tally.invoices.credit_note++;
  if (due.returns) tally.creditNotesWithReturns.returns++;
  else tally.creditNotesWithReturns.cancellations++;
}

/** A stock-keeping correction: its own invoice, no customer, UnitPrice 0, a note instead of a name. */
export function writeInventoryAdjustment(world: World, time: number): void {
  const { random, catalogue } = world;
  const at = invoiceTime(time);
  const item = catalogue.sample(random, Math.floor(at / DAY));
  const descr = random.chance(0.4) ? DESCR.none : random.int(ADJUSTMENT_DESCRIPTIONS.length);
  const quantity = random.chance(0.8) ? -random.between(1, 60) : random.between(1, 40);
  writeLine(world, KIND.inventory_adjustment, nextInvoice(world), PREFIX.none, item, descr, quantity, at, 0, 0, UK);
  world.tally.invoices.inventory_adjustment++;
}

/** Quarter-end write-offs of the largest guest invoice since the last one. */
export function scheduleBadDebts(world: World): void {
  const { calendar } = world;
  for (let d = 0; d < calendar.days; d++) {
    const lastOfMonth = d + 1 === calendar.days || calendar.month[d + 1] !== calendar.month[d];
    if (!lastOfMonth || calendar.month[d] % 3 !== 2) continue;
    for (let k = 0; k < dirt.badDebtPerQuarter; k++) world.queue.push(d * DAY + 14 * 3600 + 50 * 60 + k * 60, { kind: "bad_debt" });
  }
}

export function writeBadDebt(world: World, time: number): void {
  const amount = world.unpaidCandidate > 0 ? world.unpaidCandidate : 50_000;
  world.unpaidCandidate = 0;
  const { special } = world.catalogue;
  writeLine(world, KIND.bad_debt, nextInvoice(world), PREFIX.adjustment, special.badDebt, DESCR.item, 1, invoiceTime(time), -amount, 0, UK);
  world.tally.invoices.bad_debt++;
}
