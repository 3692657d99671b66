// A buyer's hidden behaviour, drawn once at the first purchase: purchase rate, chance of lapsing
// after each repeat purchase, spend level and usual device. Registered customers and guests (who
// come back under their anonymous id) behave alike; only customers appear in the ledger by id.
import { behaviour, countries, devices } from "./parameters.ts";
import { cumulative, Random } from "./random.ts";
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from "./names.ts";

export interface Buyer {
  /** Customer id, 0 for a guest. */
  customer: number;
  /** Id written to events.user_id: the customer id, or -n for the anonymous visitor anon-n. */
  user: number;
  country: number;
  device: number;
  /** Gamma-Gamma rate nu: the buyer's mean spend per invoice is p / nu. */
  spendRate: number;
  /** Purchases per operational day while active. */
  rate: number;
  /** Probability of lapsing for good after each repeat purchase. */
  lapse: number;
  /** Second of the latest purchase: browsing before the next one starts after it. */
  lastPurchaseAt: number;
}

const { purchase, spend } = behaviour;

/** customer 0 makes a guest, known in events by `user` (-n for anon-n). */
export function newBuyer(random: Random, customer: number, user: number, country: number, device: number): Buyer {
  return {
    customer,
    user,
    country,
    device,
    rate: random.gamma(purchase.r, 1 / purchase.alpha) / 7,
    lapse: random.beta(purchase.a, purchase.b),
    spendRate: random.gamma(spend.q, 1 / spend.gamma),
    lastPurchaseAt: 0,
  };
}

const guestCountries = cumulative(countries.map((c) => c.guests));
const customerCountries = cumulative(countries.map((c) => c.customers));
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Country of a visitor who is not (yet) a customer. */
export function visitorCountry(random: Random): number {
  return random.pick(guestCountries);
}

/**
 * Country of the k-th customer, from a golden-ratio (Weyl) sequence with a seeded offset: the
 * shares match the planted ones to within one customer, so even a small store has its EIRE, RSA
 * and European Community customers (and the alias rows they bring).
 */
export function customerCountry(offset: number, k: number): number {
  const u = ((offset + k * GOLDEN) % 1) * customerCountries[customerCountries.length - 1];
  let i = 0;
  while (i < customerCountries.length - 1 && customerCountries[i] <= u) i++;
  return i;
}

export const deviceMix = cumulative(devices.map((d) => d.share));

/** Indices into FIRST_NAMES, LAST_NAMES and EMAIL_DOMAINS. */
export function drawName(random: Random): [number, number, number] {
  return [random.int(FIRST_NAMES.length), random.int(LAST_NAMES.length), random.int(EMAIL_DOMAINS.length)];
}
