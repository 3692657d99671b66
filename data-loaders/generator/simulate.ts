// The store, day by day: new visitors arrive (more on busy days, more as the store grows), and
// everything due (purchases, return visits, credit notes, stock checks, write-offs) happens in
// time order, so invoice numbers rise with InvoiceDate as on a real till.
import { DAY } from "./calendar.ts";
import { scheduleBadDebts, writeBadDebt, writeCreditNote, writeInventoryAdjustment } from "./dirty.ts";
import { newVisitor } from "./journeys.ts";
import { writePurchase, writeReturnVisit } from "./lifecycle.ts";
import { seasonality } from "./parameters.ts";
import { timeOfDay } from "./sessions.ts";
import type { Due, World } from "./world.ts";

export function simulate(world: World, newVisitors: number): void {
  const { calendar, random, queue } = world;
  // The model store's invoices are exactly the planted spends: no write-offs either.
  if (world.purchaseProcess === "store") scheduleBadDebts(world);
  const growth = (day: number) => Math.pow(1 + seasonality.yearlyGrowth, day / 365);
  let weight = 0;
  for (let d = 0; d < calendar.days; d++) weight += calendar.busyness[d] * growth(d);
  const perWeight = newVisitors / weight;
  const arrivals: number[] = [];
  for (let d = 0; d < calendar.days; d++) {
    const dayEnd = (d + 1) * DAY;
    arrivals.length = 0;
    for (let k = random.poisson(perWeight * calendar.busyness[d] * growth(d)); k > 0; k--) arrivals.push(d * DAY + timeOfDay(random));
    arrivals.sort((a, b) => a - b);
    let next = 0;
    for (;;) {
      const visitorAt = next < arrivals.length ? arrivals[next] : Infinity;
      const dueAt = queue.peekTime();
      if (visitorAt === Infinity && dueAt >= dayEnd) break;
      if (visitorAt <= dueAt) newVisitor(world, arrivals[next++]);
      else handle(world, queue.pop(), dueAt);
    }
  }
}

function handle(world: World, due: Due, time: number): void {
  switch (due.kind) {
    case "purchase":
      return writePurchase(world, due, time);
    case "return_visit":
      return writeReturnVisit(world, due.customer, time);
    case "credit_note":
      return writeCreditNote(world, due, time);
    case "inventory_adjustment":
      return writeInventoryAdjustment(world, time);
    case "bad_debt":
      return writeBadDebt(world, time);
  }
}
