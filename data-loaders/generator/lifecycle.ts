// What happens to a buyer after the first purchase: customers and guests come back as a BG/NBD
// process (no lapse after the first purchase, a chance p of lapsing after each repeat purchase,
// exponential gaps in operational time), browsing a little before each purchase.
import { advanceOperational, DAY } from "./calendar.ts";
import { deviceMix, type Buyer } from "./customers.ts";
import { writeSale } from "./orders.ts";
import { journeys } from "./parameters.ts";
import { browseSession, checkoutSession, LAST_CHECKOUT_MARGIN, purchaseEvent, timeOfDay } from "./sessions.ts";
import { channelMix, trafficOf } from "./traffic.ts";
import type { Due, World } from "./world.ts";

export function writePurchase(world: World, due: Extract<Due, { kind: "purchase" }>, time: number): void {
  const { invoice, totalPence } = writeSale(world, due.buyer, time);
  purchaseEvent(world, due.context, due.session, time, invoice, totalPence);
  const customer = due.buyer;
  customer.lastPurchaseAt = time;
  if (due.repeat) {
    world.tally.visitors.repeatPurchases++;
    if (world.random.chance(customer.lapse)) {
      world.tally.visitors.buyersLapsed++;
      return;
    }
  }
  scheduleReturnVisit(world, customer, time);
}

function scheduleReturnVisit(world: World, customer: Buyer, after: number): void {
  const { random, calendar } = world;
  if (world.purchaseProcess === "model") {
    // BG/NBD as written: an exponential gap in calendar time, to the second.
    const t = after + (random.exponential() / customer.rate) * DAY;
    if (t < calendar.endSecond - LAST_CHECKOUT_MARGIN) world.queue.push(t, { kind: "return_visit", customer });
    return;
  }
  const day = advanceOperational(calendar, after, random.exponential() / customer.rate);
  if (day >= calendar.days) return;
  let t = day * DAY + timeOfDay(random);
  if (t <= after) t = after + random.between(1800, 4 * 3600);
  if (t >= calendar.endSecond - LAST_CHECKOUT_MARGIN) return;
  world.queue.push(t, { kind: "return_visit", customer });
}

/** A buyer's return visit that ends in a purchase, after some browsing in the days before. */
export function writeReturnVisit(world: World, customer: Buyer, time: number): void {
  const { random } = world;
  const context = () => ({
    user: customer.user,
    device: random.chance(0.85) ? customer.device : random.pick(deviceMix),
    country: customer.country,
    traffic: trafficOf(random, random.pick(channelMix.retention)),
  });
  // Browsing in the week before, never before the previous purchase: a buyer's sessions up to their
  // first purchase are exactly their acquisition journey.
  const earliest = Math.max(customer.lastPurchaseAt + 3600, time - 7 * DAY);
  for (let k = random.poisson(journeys.browseSessionsBeforeRepeatMean); k > 0; k--) {
    if (earliest < time) browseSession(world, context(), random.between(earliest, time - 1));
  }
  const ctx = context();
  const { session, purchaseAt } = checkoutSession(world, ctx, time);
  world.queue.push(purchaseAt, { kind: "purchase", buyer: customer, context: ctx, session, repeat: true });
}
