// A new visitor's journey: up to a few sessions over at most four weeks, each from a channel.
// Whether it ends in a first purchase follows the planted additive model
//   P(convert) = device baseline + sum of beta[c] over channels c touched + experiment lift,
// so an attribution model fitted to these journeys can be checked against beta.
import { DAY } from "./calendar.ts";
import { customerCountry, deviceMix, drawName, newBuyer, visitorCountry, type Buyer } from "./customers.ts";
import { assign, record } from "./experiments.ts";
import { behaviour, channels, devices, journeys } from "./parameters.ts";
import { browseSession, checkoutSession, LAST_CHECKOUT_MARGIN } from "./sessions.ts";
import { channelMix, trafficOf } from "./traffic.ts";
import { FIRST_CUSTOMER_ID, type World } from "./world.ts";

const beta = Float64Array.from(channels, (c) => c.beta);
const baseline = Float64Array.from(devices, (d) => d.conversionBaseline);
const MAX_SESSIONS = 12;
const starts = new Int32Array(MAX_SESSIONS);
const touched = new Int8Array(MAX_SESSIONS);

export function newVisitor(world: World, start: number): void {
  const { random, calendar, sinks, queue, tally } = world;
  const device = random.pick(deviceMix);
  const planned = Math.min(MAX_SESSIONS, 1 + random.poisson(journeys.extraSessionsMean));
  const horizon = Math.min(start + journeys.maxDays * DAY, calendar.endSecond);
  let n = 0;
  let mask = 0;
  for (let t = start; n < planned && t < horizon; n++) {
    starts[n] = t;
    touched[n] = n === 0 ? random.pick(channelMix.firstTouch) : random.pick(channelMix.laterTouch);
    mask |= 1 << touched[n];
    t += Math.max(1800, Math.floor(random.exponential() * journeys.sessionGapDays * DAY));
  }
  let probability = baseline[device];
  for (let c = 0; c < beta.length; c++) if (mask & (1 << c)) probability += beta[c];
  const assignment = assign(world.experiments, random, start, device);
  if (assignment) probability += assignment.lift;
  // A purchase must fit inside the span; journeys cut short by its end simply do not convert.
  const converted = starts[n - 1] < calendar.endSecond - LAST_CHECKOUT_MARGIN && random.chance(probability);
  const registered = converted && !random.chance(behaviour.guestShare);

  let user: number;
  let country: number;
  let buyer: Buyer | null = null;
  if (registered) {
    const k = ++world.ids.customer;
    user = FIRST_CUSTOMER_ID + k;
    country = customerCountry(world.countryOffset, k);
    buyer = newBuyer(random, user, user, country, device);
    const [first, last, domain] = drawName(random);
    sinks.customers.add(user, start, country, touched[0], first, last, domain);
    tally.visitors.registered++;
  } else {
    user = -++world.ids.anon;
    country = visitorCountry(random);
    if (converted) {
      buyer = newBuyer(random, 0, user, country, device);
      tally.visitors.guests++;
    }
  }
  if (assignment) {
    if (assignment.logged) sinks.assignments.add(assignment.run.index, user, assignment.variant, start);
    record(assignment, probability, converted);
  }

  const j = tally.journeys;
  j.count++;
  j.sessions += n;
  j.expectedConversions += probability;
  if (converted) j.conversions++;
  for (let c = 0; c < beta.length; c++) {
    if (!(mask & (1 << c))) continue;
    j.withChannel[c]++;
    if (converted) j.conversionsWithChannel[c]++;
  }
  tally.visitors.newVisitors++;

  for (let s = 0; s < n; s++) {
    const context = { user, device, country, traffic: trafficOf(random, touched[s]) };
    if (buyer && s === n - 1) {
      const { session, purchaseAt } = checkoutSession(world, context, starts[s]);
      queue.push(purchaseAt, { kind: "purchase", buyer, context, session, repeat: false });
    } else {
      browseSession(world, context, starts[s]);
    }
  }
}

/**
 * Mean conversion probability of a journey under the planted model, before the span's edges cut
 * journeys short: used to size the number of new visitors for a wanted number of customers.
 */
export function expectedConversionProbability(): number {
  const firstTotal = channels.reduce((s, c) => s + c.firstTouch, 0);
  const laterTotal = channels.reduce((s, c) => s + c.laterTouch, 0);
  const deviceTotal = devices.reduce((s, d) => s + d.share, 0);
  let p = devices.reduce((s, d) => s + (d.share / deviceTotal) * d.conversionBaseline, 0);
  for (const c of channels) {
    // P(touched) with one first session and Poisson(mu) later ones: 1 - (1 - q1) * exp(-mu * q2).
    const absent = (1 - c.firstTouch / firstTotal) * Math.exp(-journeys.extraSessionsMean * (c.laterTouch / laterTotal));
    p += c.beta * (1 - absent);
  }
  return p;
}
