// Customers drawn from known BG/NBD and Gamma-Gamma parameters, for parameter-recovery tests and
// the benchmark: each customer's purchase rate ~ Gamma(r, alpha), drop-out probability
// ~ Beta(a, b), drop-out right after any repeat purchase with that probability (BG/NBD's story),
// mean spend ~ Gamma(q, gamma) (rate), each purchase's spend ~ Gamma(p, mean-spend rate).
// Seeded, so the same seed gives the same customers.
import { Random } from "../../generator/random.ts";
import type { BgNbdParameters } from "./bgnbd-likelihood.ts";
import type { GammaGammaParameters } from "./gamma-gamma-likelihood.ts";

export interface SimulatedCustomer {
  x: number;
  tx: number;
  T: number;
  /** Mean spend of the repeat purchases; null without repeats. */
  spend: number | null;
}

export interface SimulationOptions {
  customers: number;
  /** Ages T are drawn uniformly from [minAge, maxAge]. */
  minAge: number;
  maxAge: number;
  seed: number;
  /** Round ages and purchase times down to whole days and keep one purchase per day (as the store summary does). */
  wholeDays?: boolean;
}

export function simulateCustomers(bgnbd: BgNbdParameters, spend: GammaGammaParameters, options: SimulationOptions): SimulatedCustomer[] {
  const random = new Random(options.seed, 0xc1);
  const result: SimulatedCustomer[] = new Array(options.customers);
  for (let i = 0; i < options.customers; i++) {
    let T = options.minAge + random.next() * (options.maxAge - options.minAge);
    if (options.wholeDays) T = Math.floor(T);
    const rate = random.gamma(bgnbd.r, 1 / bgnbd.alpha);
    const dropout = random.beta(bgnbd.a, bgnbd.b);
    const spendRate = random.gamma(spend.q, 1 / spend.gamma);
    let time = 0, x = 0, tx = 0, lastDay = 0, total = 0;
    for (;;) {
      time += random.exponential() / rate;
      if (time > T) break;
      if (options.wholeDays) {
        const day = Math.floor(time);
        if (day === lastDay) continue;
        lastDay = day;
      }
      x++;
      tx = options.wholeDays ? Math.floor(time) : time;
      total += random.gamma(spend.p, 1 / spendRate);
      if (random.chance(dropout)) break;
    }
    result[i] = { x, tx, T, spend: x > 0 ? total / x : null };
  }
  return result;
}
