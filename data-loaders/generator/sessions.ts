// One web session as a run of events: session_start, page views, item views, add-to-cart,
// checkout and purchase. Sessions that do not end in a purchase stop at a step drawn from
// device- and channel-dependent probabilities; a purchasing session passes every step.
import { channels, devices, funnel, seasonality } from "./parameters.ts";
import { cumulative, type Random } from "./random.ts";
import { EVENT } from "./staging.ts";
import { channelOfTraffic } from "./traffic.ts";
import type { World } from "./world.ts";

export interface SessionContext {
  /** Customer id, or -n for anon-n. */
  user: number;
  device: number;
  /** Index into the countries table (events show its web name). */
  country: number;
  traffic: number;
}

/** [viewItem, addToCart, beginCheckout] probability per device and channel. */
const steps = devices.map((d) =>
  channels.map((c) => [
    Math.min(0.95, funnel.viewItem[d.name] * c.quality),
    Math.min(0.95, funnel.addToCart[d.name] * c.quality),
    Math.min(0.95, funnel.beginCheckout[d.name] * c.quality),
  ]),
);

const hours = cumulative(seasonality.hourOfDay);

/** A second of the day, following the hour-of-day traffic pattern. */
export function timeOfDay(random: Random): number {
  return random.pick(hours) * 3600 + random.int(3600);
}

function gap(random: Random): number {
  return 1 + Math.floor(random.exponential() * funnel.eventGapSeconds);
}

/** A session without a purchase. Events past the end of the span are not written. */
export function browseSession(world: World, ctx: SessionContext, start: number): void {
  const { random } = world;
  const session = ++world.ids.session;
  let t = start;
  emit(world, ctx, session, EVENT.sessionStart, t);
  emit(world, ctx, session, EVENT.pageView, t);
  for (let k = random.geometric(funnel.extraPageViewsMean); k > 0; k--) emit(world, ctx, session, EVENT.pageView, (t += gap(random)));
  const [viewItem, addToCart, beginCheckout] = steps[ctx.device][channelOfTraffic[ctx.traffic]];
  if (!random.chance(viewItem)) return;
  for (let k = 1 + random.geometric(funnel.extraViewItemsMean); k > 0; k--) emit(world, ctx, session, EVENT.viewItem, (t += gap(random)));
  if (!random.chance(addToCart)) return;
  emit(world, ctx, session, EVENT.addToCart, (t += gap(random)));
  if (!random.chance(beginCheckout)) return;
  emit(world, ctx, session, EVENT.beginCheckout, (t += gap(random)));
}

/**
 * A session that ends in a purchase: every step up to begin_checkout is written now; the purchase
 * event is written with its invoice (see purchaseEvent). Returns the session and the purchase time.
 */
export function checkoutSession(world: World, ctx: SessionContext, start: number): { session: number; purchaseAt: number } {
  const { random } = world;
  const session = ++world.ids.session;
  let t = start;
  emit(world, ctx, session, EVENT.sessionStart, t);
  emit(world, ctx, session, EVENT.pageView, t);
  for (let k = random.geometric(funnel.extraPageViewsMean); k > 0; k--) emit(world, ctx, session, EVENT.pageView, (t += gap(random)));
  for (let k = 1 + random.poisson(2); k > 0; k--) emit(world, ctx, session, EVENT.viewItem, (t += gap(random)));
  for (let k = 1 + random.poisson(1); k > 0; k--) emit(world, ctx, session, EVENT.addToCart, (t += gap(random)));
  emit(world, ctx, session, EVENT.beginCheckout, (t += gap(random)));
  return { session, purchaseAt: Math.min(t + gap(random) + gap(random), world.calendar.endSecond - 1) };
}

function emit(world: World, ctx: SessionContext, session: number, event: number, at: number): void {
  if (at < world.calendar.endSecond) world.sinks.events.add(ctx.user, session, event, at, ctx.traffic, ctx.device, ctx.country, 0, 0);
}

export function purchaseEvent(world: World, ctx: SessionContext, session: number, at: number, invoice: number, revenuePence: number): void {
  world.sinks.events.add(ctx.user, session, EVENT.purchase, at, ctx.traffic, ctx.device, ctx.country, invoice, revenuePence);
}

/** Latest start at which a purchasing session still ends inside the span (sessions last minutes). */
export const LAST_CHECKOUT_MARGIN = 3 * 3600;
