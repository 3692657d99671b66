// A sale invoice: a target spend drawn from the buyer's Gamma-Gamma spend, filled with products
// by popularity in whole packs at the day's price. Also decides the sale's own dirty rows
// (free items, duplicated rows, charges) and what will be cancelled or returned later.
import { basketLines } from "./basket.ts";
import { DAY } from "./calendar.ts";
import type { Buyer } from "./customers.ts";
import { addCharges, scheduleAfterSale } from "./dirty.ts";
import { invoiceTime, nextInvoice, writeLine } from "./ledger.ts";
import { behaviour, coPurchase, dirt } from "./parameters.ts";
import { DESCR, PREFIX } from "./staging.ts";
import { KIND } from "./tally.ts";
import type { World } from "./world.ts";

const { basket, spend } = behaviour;

/** Writes the invoice; returns its number and total in pence (what the purchase event reports). */
export function writeSale(world: World, buyer: Buyer, purchaseAt: number): { invoice: number; totalPence: number } {
  const { random, catalogue } = world;
  const invoice = nextInvoice(world);
  const at = invoiceTime(purchaseAt);
  const day = Math.floor(at / DAY);
  const guest = buyer.customer === 0;
  const target = random.gamma(spend.p, 1 / buyer.spendRate);
  if (world.purchaseProcess === "model") return writeModelSale(world, buyer, invoice, at, day, target);
  const lines = Math.min(basket.maxLines, 1 + random.poisson(Math.max(0, target / basket.lineValue - 1)));
  const perLine = target / lines;
  const kind = guest ? KIND.guest : KIND.sale;

  let total = 0;
  basketLines.count = 0;
  for (let l = 0; l < lines; l++) {
    const item = distinctItem(world, day);
    if (item < 0) continue;
    let price = catalogue.pricePence(item, day);
    const pack = catalogue.packSize[item];
    const budget = perLine * Math.exp(basket.lineBudgetSigma * random.normal() - (basket.lineBudgetSigma * basket.lineBudgetSigma) / 2);
    let quantity = pack * Math.max(1, Math.round((budget * 100) / (price * pack)));
    let lineKind = kind;
    // Never the first line: every sale invoice keeps a paid line and a positive total.
    if (!guest && l > 0 && random.chance(dirt.zeroPricePerLine)) {
      price = 0;
      quantity = random.between(1, 6);
      lineKind = KIND.zero_price;
    }
    writeLine(world, lineKind, invoice, PREFIX.none, item, DESCR.item, quantity, at, price, buyer.customer, buyer.country);
    if (random.chance(dirt.duplicatePerLine)) {
      writeLine(world, KIND.exact_duplicate, invoice, PREFIX.none, item, DESCR.item, quantity, at, price, buyer.customer, buyer.country);
    }
    total += quantity * price;
    const b = basketLines.count++;
    basketLines.items[b] = item;
    basketLines.quantities[b] = quantity;
    basketLines.prices[b] = price;
  }
  total += addCompanions(world, buyer, invoice, at, day, kind);
  total += addCharges(world, buyer, invoice, at, total);
  tallySale(world, guest, total);
  scheduleAfterSale(world, buyer, at, total);
  return { invoice, totalPence: total };
}

/**
 * The model store's invoice: one line, one unit of a product on sale that day, priced at exactly
 * the spend drawn (to the penny), with no free item, duplicate, companion, charge, cancellation
 * or return, so the invoice total is the Gamma-Gamma draw.
 */
function writeModelSale(world: World, buyer: Buyer, invoice: number, at: number, day: number, target: number): { invoice: number; totalPence: number } {
  const guest = buyer.customer === 0;
  const item = world.catalogue.sample(world.random, day);
  const pence = Math.max(1, Math.round(target * 100));
  writeLine(world, guest ? KIND.guest : KIND.sale, invoice, PREFIX.none, item, DESCR.item, 1, at, pence, buyer.customer, buyer.country);
  tallySale(world, guest, pence);
  return { invoice, totalPence: pence };
}

/** A sale invoice in the ground truth's counts: one invoice (guest or customer) and its total. */
function tallySale(world: World, guest: boolean, totalPence: number): void {
  if (guest) world.tally.invoices.guest_sale++;
  else world.tally.invoices.customer_sale++;
  world.tally.salesPence += totalPence;
}

/** A product on sale that day and not yet in this basket (-1 if the draw keeps repeating). */
function distinctItem(world: World, day: number): number {
  for (let attempt = 0; attempt < 8; attempt++) {
    const item = world.catalogue.sample(world.random, day);
    let seen = false;
    for (let b = 0; b < basketLines.count && !seen; b++) seen = basketLines.items[b] === item;
    if (!seen) return item;
  }
  return -1;
}

/**
 * Planted co-purchases: each anchor in the basket brings its companion (one pack at the day's
 * price) with probability coPurchase.probability, unless the companion is already there. Drawn
 * from the co-purchase stream and kept out of basketLines, so cancellations and returns, and every
 * other draw, are as without them. Returns the pence added.
 */
function addCompanions(world: World, buyer: Buyer, invoice: number, at: number, day: number, kind: number): number {
  const plant = world.coPurchase;
  let added = 0;
  const count = basketLines.count;
  for (let b = 0; b < count; b++) {
    const companion = plant.companionOf[basketLines.items[b]];
    if (companion < 0 || !plant.random.chance(coPurchase.probability)) continue;
    let present = false;
    for (let c = 0; c < count && !present; c++) present = basketLines.items[c] === companion;
    if (present) continue;
    const price = world.catalogue.pricePence(companion, day);
    const quantity = world.catalogue.packSize[companion];
    writeLine(world, kind, invoice, PREFIX.none, companion, DESCR.item, quantity, at, price, buyer.customer, buyer.country);
    plant.plantedLines++;
    added += quantity * price;
  }
  return added;
}
