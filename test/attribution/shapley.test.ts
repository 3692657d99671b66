// Shapley values against references written differently from the code under test: the
// definition itself (average marginal contribution over all n! orderings, by brute force), the
// axioms (efficiency, symmetry, null player, additivity), games with known closed forms (the
// glove game; an additive game where phi_c = beta_c + b/n), and path fixtures worked by hand.
import { describe, expect, test } from "vitest";
import type { PathGroup } from "../../data-loaders/lib/attribution/paths.ts";
import { coalitionGame, sampledShapleyValues, shapleyExplanation, shapleyAttribution, type ShapleyResult, shapleyValues } from "../../data-loaders/lib/attribution/shapley.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
const path = (route: string, conversions: number, nonConversions: number, value = 0): PathGroup => ({
  channels: route.split(">").map((s) => s.trim()),
  conversions,
  nonConversions,
  value,
});
const credit = (result: ShapleyResult, channel: string) => result.credits.find((c) => c.channel === channel)!;
function expectCreditsAddUp(result: ShapleyResult, paths: PathGroup[]) {
  const conversions = paths.reduce((s, p) => s + p.conversions, 0);
  const value = paths.reduce((s, p) => s + p.value, 0);
  close(result.credits.reduce((s, c) => s + c.conversions, 0), conversions, 1e-9);
  close(result.credits.reduce((s, c) => s + c.value, 0), value, 1e-9);
}


/** A game with a random worth for every coalition (including the empty one). */
function randomGame(players: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: 1 << players }, () => random() * 10 - 3);
}

/** The definition: mean marginal contribution over all n! orderings (Heap's algorithm). */
function bruteForceShapley(players: number, worth: (mask: number) => number): number[] {
  const totals = new Array<number>(players).fill(0);
  const order = Array.from({ length: players }, (_, i) => i);
  let orderings = 0;
  const visit = () => {
    orderings++;
    let mask = 0;
    for (const player of order) {
      totals[player] += worth(mask | (1 << player)) - worth(mask);
      mask |= 1 << player;
    }
  };
  const heap = (k: number) => {
    if (k === 1) return visit();
    for (let i = 0; i < k - 1; i++) {
      heap(k - 1);
      const j = k % 2 === 0 ? i : 0;
      [order[j], order[k - 1]] = [order[k - 1], order[j]];
    }
    heap(k - 1);
  };
  heap(players);
  return totals.map((t) => t / orderings);
}

describe("exact Shapley values", () => {
  test("match the average over all n! orderings for n = 1..6 to 1e-12", () => {
    for (let n = 1; n <= 6; n++) {
      for (const seed of [1, 2, 3]) {
        const game = randomGame(n, seed * 10 + n);
        const exact = shapleyValues(n, (m) => game[m]);
        const brute = bruteForceShapley(n, (m) => game[m]);
        exact.forEach((x, i) => close(x, brute[i], 1e-12));
      }
    }
  });

  test("efficiency: they sum to v(N) - v(empty)", () => {
    for (const n of [3, 7, 10]) {
      const game = randomGame(n, 40 + n);
      const sum = shapleyValues(n, (m) => game[m]).reduce((a, b) => a + b, 0);
      close(sum, game[(1 << n) - 1] - game[0], 1e-10);
    }
  });

  test("symmetry, null player and additivity", () => {
    const n = 5;
    const swap = (m: number, i: number, j: number) => (((m >> i) & 1) === ((m >> j) & 1) ? m : m ^ ((1 << i) | (1 << j)));
    const base = randomGame(n, 99);
    const symmetric = base.map((v, m) => (v + base[swap(m, 1, 3)]) / 2);
    const phiSymmetric = shapleyValues(n, (m) => symmetric[m]);
    close(phiSymmetric[1], phiSymmetric[3], 1e-12);

    const withNull = base.map((_, m) => base[m & ~(1 << 2)]);
    expect(Math.abs(shapleyValues(n, (m) => withNull[m])[2])).toBeLessThanOrEqual(1e-12);

    const other = randomGame(n, 100);
    const phiBase = shapleyValues(n, (m) => base[m]);
    const phiOther = shapleyValues(n, (m) => other[m]);
    shapleyValues(n, (m) => base[m] + other[m]).forEach((x, i) => close(x, phiBase[i] + phiOther[i], 1e-12));
  });

  test("the glove game: one left glove, two right gloves -> 2/3, 1/6, 1/6", () => {
    // A pair needs the left glove (player 0) and a right one: in 4 of 6 orders the left glove completes the pair.
    const worth = (m: number) => ((m & 1) !== 0 && (m & 6) !== 0 ? 1 : 0);
    const phi = shapleyValues(3, worth);
    close(phi[0], 2 / 3, 1e-15);
    close(phi[1], 1 / 6, 1e-15);
    close(phi[2], 1 / 6, 1e-15);
  });

  test("an additive game with a base rate: phi_c = beta_c + b / n", () => {
    const b = 0.02;
    const beta = [0.01, 0.005, 0.03, 0, 0.012, 0.007, 0.001, 0.02, 0.004];
    const n = beta.length;
    const worth = (m: number) => (m === 0 ? 0 : b + beta.reduce((s, x, i) => s + (m & (1 << i) ? x : 0), 0));
    shapleyValues(n, worth).forEach((x, i) => close(x, beta[i] + b / n, 1e-14));
  });

  test("no players, and bad input", () => {
    expect(shapleyValues(0, () => 0)).toEqual([]);
    expect(() => shapleyValues(25, () => 0)).toThrow(/players must be an integer from 0 to 24/);
    expect(() => shapleyValues(2, (m) => (m === 3 ? Number.NaN : 0))).toThrow(/worth of coalition mask 3 is not a finite number/);
  });
});

describe("sampled Shapley values", () => {
  const n = 8;
  const game = randomGame(n, 808);
  const exact = shapleyValues(n, (m) => game[m]);

  test("lie within 4 standard errors of the exact values for n = 8, and sum to v(N) - v(empty)", () => {
    const { values, standardErrors } = sampledShapleyValues(n, (m) => game[m], { permutations: 3000, seed: 5 });
    values.forEach((x, i) => {
      expect(standardErrors[i]).toBeGreaterThan(0);
      close(x, exact[i], 4 * standardErrors[i]);
    });
    close(values.reduce((a, b) => a + b, 0), game[(1 << n) - 1] - game[0], 1e-9);
  });

  test("standard errors shrink like 1/sqrt(permutations)", () => {
    const few = sampledShapleyValues(n, (m) => game[m], { permutations: 400, seed: 6 });
    const many = sampledShapleyValues(n, (m) => game[m], { permutations: 6400, seed: 6 });
    few.standardErrors.forEach((se, i) => close(se / many.standardErrors[i], 4, 0.8));
    // And the error really is that size: the 16x larger sample lands closer on average.
    const error = (values: number[]) => values.reduce((s, x, i) => s + Math.abs(x - exact[i]), 0);
    expect(error(many.values)).toBeLessThan(error(few.values));
  });

  test("are deterministic for a seed and change with it", () => {
    const a = sampledShapleyValues(n, (m) => game[m], { permutations: 50, seed: 1 });
    const b = sampledShapleyValues(n, (m) => game[m], { permutations: 50, seed: 1 });
    const c = sampledShapleyValues(n, (m) => game[m], { permutations: 50, seed: 2 });
    expect(a).toEqual(b);
    expect(a.values).not.toEqual(c.values);
    expect(() => sampledShapleyValues(n, (m) => game[m], { permutations: 1, seed: 1 })).toThrow(/at least 2/);
  });
});

describe("the coalition game", () => {
  // The definition, written as a scan over all observed coalitions (the code builds its table
  // from the subsets one channel smaller): prior(S) = best worth of an observed coalition
  // strictly inside S (0 if none); observed S: (conversions + m prior) / (journeys + m); else prior(S).
  function definitionWorth(observed: Map<number, { journeys: number; conversions: number }>, m: number) {
    const memo = new Map<number, number>();
    const smoothed = (mask: number): number => {
      if (!memo.has(mask)) {
        const { journeys, conversions } = observed.get(mask)!;
        memo.set(mask, (conversions + m * prior(mask)) / (journeys + m));
      }
      return memo.get(mask)!;
    };
    const prior = (mask: number): number => {
      let best = 0;
      for (const other of observed.keys()) if (other !== mask && (other & ~mask) === 0) best = Math.max(best, smoothed(other));
      return best;
    };
    return (mask: number) => (mask === 0 ? 0 : observed.has(mask) ? smoothed(mask) : prior(mask));
  }

  for (const m of [0, 7]) {
    test(`every coalition's worth matches the definition (10 channels, m = ${m})`, () => {
      const random = mulberry32(77 + m);
      const channels = Array.from({ length: 10 }, (_, i) => `ch${i}`);
      const observed = new Map<number, { journeys: number; conversions: number }>();
      for (let k = 0; k < 150; k++) {
        const mask = 1 + Math.floor(random() * 1023);
        const journeys = 1 + Math.floor(random() * 50);
        observed.set(mask, { journeys, conversions: Math.floor(random() * (journeys + 1) * 0.3) });
      }
      const paths = [...observed].map(([mask, { journeys, conversions }]) => ({
        channels: channels.filter((_, i) => mask & (1 << i)),
        conversions,
        nonConversions: journeys - conversions,
        value: 0,
      }));
      // Make sure every channel occurs, so the game's bit i is ch{i}.
      for (const channel of channels) paths.push({ channels: [channel], conversions: 0, nonConversions: 0, value: 0 });
      const game = coalitionGame(paths, m);
      expect(game.channels).toEqual(channels);
      const expected = definitionWorth(observed, m);
      let unobserved = 0;
      for (let mask = 0; mask < 1024; mask++) {
        close(game.worth[mask], expected(mask), 1e-15);
        if (mask > 0 && !observed.has(mask)) {
          unobserved++;
          const from = game.bestFrom[mask];
          // The subset it took its worth from is observed, inside it, and worth exactly that.
          expect(from === 0 ? game.worth[mask] === 0 : observed.has(from) && (from & ~mask) === 0 && game.worth[from] === game.worth[mask]).toBe(true);
        }
      }
      expect(unobserved).toBeGreaterThan(500);
    });
  }
});

describe("attribution over paths", () => {
  test("one touch, only direct: a journey with one channel gives it all its conversions and value", () => {
    const paths = [path("Direct", 4, 6, 200), path("Direct > Direct", 1, 0, 30)];
    const result = shapleyAttribution(paths);
    expect(result.credits).toEqual([{ channel: "Direct", conversions: 5, value: 230 }]);
    expect(result.exact).toBe(true);
    expect(result.standardErrors).toBeUndefined();
  });

  test("order and repeats do not matter: A > A > B counts as the coalition {A, B}", () => {
    const base = [path("A", 2, 8, 20), path("B", 1, 9, 5), path("A > B", 3, 7, 60)];
    const reshaped = [path("A", 2, 8, 20), path("B", 1, 9, 5), path("A > A > B", 1, 2, 20), path("B > A", 2, 5, 40)];
    expect(shapleyAttribution(reshaped).credits).toEqual(shapleyAttribution(base).credits);
  });

  test("two channels, {B} never seen alone: worth of its best observed subset (the empty set, 0)", () => {
    // v(A) = 2/10, v(AB) = 3/10, v(B) unobserved -> 0.
    // In {A, B}: phi_A = (v(A) + v(AB) - v(B)) / 2 = 0.25, phi_B = (v(B) + v(AB) - v(A)) / 2 = 0.05.
    // A's 2 conversions go to A; A>B's 3 split 0.25 : 0.05 -> 2.5 and 0.5. Value 90 of A>B -> 75 and 15.
    const paths = [path("A", 2, 8, 40), path("A > B", 3, 7, 90)];
    const result = shapleyAttribution(paths, { priorJourneys: 0 });
    close(credit(result, "A").conversions, 4.5, 1e-12);
    close(credit(result, "B").conversions, 0.5, 1e-12);
    close(credit(result, "A").value, 115, 1e-12);
    close(credit(result, "B").value, 15, 1e-12);
    expect(result.coalitionRates).toEqual([
      { channels: ["A"], journeys: 10, conversions: 2, rate: 0.2, worth: 0.2, observed: true },
      { channels: ["A", "B"], journeys: 10, conversions: 3, rate: 0.3, worth: 0.3, observed: true },
      { channels: ["B"], journeys: 0, conversions: 0, rate: 0, worth: 0, observed: false, imputedFrom: [] },
    ]);
  });

  test("smoothing (m = 10): a coalition's rate counts m more journeys at the best worth inside it", () => {
    // v(A) = (2 + 10 * 0) / (10 + 10) = 0.1 (nothing observed inside {A}); v(B) = 0 (unobserved, nothing inside);
    // v(AB) = (3 + 10 * 0.1) / (10 + 10) = 0.2.
    // phi_A = (v(A) + v(AB) - v(B)) / 2 = 0.15, phi_B = (v(B) + v(AB) - v(A)) / 2 = 0.05.
    // Credits: A 2 + 3 * 0.75 = 4.25, B 3 * 0.25 = 0.75; value A 40 + 90 * 0.75 = 107.5, B 22.5.
    const paths = [path("A", 2, 8, 40), path("A > B", 3, 7, 90)];
    const result = shapleyAttribution(paths, { priorJourneys: 10 });
    close(credit(result, "A").conversions, 4.25, 1e-12);
    close(credit(result, "B").conversions, 0.75, 1e-12);
    close(credit(result, "A").value, 107.5, 1e-12);
    close(credit(result, "B").value, 22.5, 1e-12);
    expect(result.priorJourneys).toBe(10);
    const ab = result.coalitionRates.find((c) => c.channels.join() === "A,B")!;
    close(ab.rate, 0.3, 1e-15);
    close(ab.worth, 0.2, 1e-15);
  });

  test("three channels: an unobserved coalition takes the best rate among ALL its observed subsets; a channel that lowers the rate earns negative credit", () => {
    // Observed: v(A) = 0.5, v(AB) = 0.1, v(ABC) = 0.4. Unobserved: v(B) = v(C) = v(BC) = 0 (no observed
    // subset), v(AC) = v(A) = 0.5.
    // In {A,B,C} (weights 1/3 for |S| = 0 and 2, 1/6 for |S| = 1):
    //   phi_A = 0.5/3 + (0.1 - 0)/6 + (0.5 - 0)/6 + (0.4 - 0)/3 = 0.4
    //   phi_B = 0/3 + (0.1 - 0.5)/6 + 0/6 + (0.4 - 0.5)/3 = -0.1
    //   phi_C = 0/3 + (0.5 - 0.5)/6 + 0/6 + (0.4 - 0.1)/3 = 0.1        (sum 0.4 = v(ABC))
    // In {A,B}: phi_A = (0.5 + 0.1 - 0)/2 = 0.3, phi_B = (0 + 0.1 - 0.5)/2 = -0.2 (sum 0.1).
    // Credits: A 5 + 1 * 0.3/0.1 + 4 * 0.4/0.4 = 12; B 1 * -0.2/0.1 + 4 * -0.1/0.4 = -3; C 4 * 0.1/0.4 = 1.
    const paths = [path("A", 5, 5), path("A > B", 1, 9), path("C > B > A", 4, 6, 400)];
    const result = shapleyAttribution(paths, { priorJourneys: 0 });
    close(credit(result, "A").conversions, 12, 1e-12);
    close(credit(result, "B").conversions, -3, 1e-12);
    close(credit(result, "C").conversions, 1, 1e-12);
    close(credit(result, "A").value, 400, 1e-12);
    close(credit(result, "B").value, -100, 1e-12);
    close(credit(result, "C").value, 100, 1e-12);
    const ac = result.coalitionRates.find((c) => c.channels.join() === "A,C")!;
    expect(ac).toEqual({ channels: ["A", "C"], journeys: 0, conversions: 0, rate: 0.5, worth: 0.5, observed: false, imputedFrom: ["A"] });
    expect(result.coalitionRates.filter((c) => !c.observed).map((c) => c.channels.join())).toEqual(["B", "C", "A,C", "B,C"]);
    expectCreditsAddUp(result, paths);
  });

  test("planted additive rates over every subset of 4 channels: credits are conversions x (beta_c + b/|T|) / rate(T)", () => {
    const channels = ["Display", "Email", "Paid Search", "Referral"];
    const b = 0.01;
    const beta = [0.004, 0.012, 0.02, 0.008];
    const journeys = 100_000;
    const paths: PathGroup[] = [];
    let expected = [0, 0, 0, 0];
    for (let m = 1; m < 16; m++) {
      const members = [0, 1, 2, 3].filter((i) => m & (1 << i));
      const rate = b + members.reduce((s, i) => s + beta[i], 0);
      const conversions = Math.round(journeys * rate);
      // Order scrambled and one channel repeated: the coalition is the set.
      const route = [...members].reverse().map((i) => channels[i]);
      paths.push({ channels: [...route, route[0]], conversions, nonConversions: journeys - conversions, value: conversions * 50 });
      expected = expected.map((e, i) => (members.includes(i) ? e + (conversions * (beta[i] + b / members.length)) / rate : e));
    }
    const result = shapleyAttribution(paths, { priorJourneys: 0 });
    channels.forEach((channel, i) => {
      close(credit(result, channel).conversions, expected[i], 1e-9);
      close(credit(result, channel).value, expected[i] * 50, 1e-7);
    });
    expect(result.coalitionRates.every((c) => c.observed)).toBe(true);
    expectCreditsAddUp(result, paths);
  });

  test("beyond maxExactChannels: sampled, flagged, within 4 standard errors of the exact split", () => {
    const random = mulberry32(31);
    const channels = ["a", "b", "c", "d", "e", "f"];
    const paths: PathGroup[] = [];
    for (let m = 1; m < 64; m++) {
      const route = channels.filter((_, i) => m & (1 << i));
      if (random() < 0.3 && route.length > 1 && route.length < 6) continue; // leave some coalitions unobserved
      const n = 200 + Math.floor(random() * 800);
      const conversions = Math.floor(n * (0.02 + 0.03 * random() + 0.01 * route.length));
      paths.push({ channels: route, conversions, nonConversions: n - conversions, value: conversions * 10 });
    }
    const exact = shapleyAttribution(paths);
    const sampled = shapleyAttribution(paths, { maxExactChannels: 3, permutations: 4000, seed: 3 });
    expect(exact.exact).toBe(true);
    expect(sampled.exact).toBe(false);
    for (const channel of channels) {
      const se = sampled.standardErrors![channel];
      expect(se).toBeGreaterThan(0);
      close(credit(sampled, channel).conversions, credit(exact, channel).conversions, 4 * se);
      close(sampled.valueStandardErrors![channel], se * 10, 1e-9);
    }
    expectCreditsAddUp(sampled, paths);
    expect(shapleyAttribution(paths, { maxExactChannels: 3, permutations: 4000, seed: 3 })).toEqual(sampled);
  });

  test("a journey over 18 channels: sampled, deterministic, credits add up", () => {
    const channels = Array.from({ length: 18 }, (_, i) => `c${String(i).padStart(2, "0")}`);
    const paths = [
      path(channels.join(" > "), 30, 70, 3000),
      ...channels.map((c, i) => path(c, i % 4, 20, (i % 4) * 100)),
      path("c00 > c01 > c02", 5, 5, 500),
    ];
    const options = { permutations: 200, seed: 9 };
    const result = shapleyAttribution(paths, options);
    expect(result.exact).toBe(false);
    expectCreditsAddUp(result, paths);
    expect(Object.keys(result.standardErrors!)).toEqual(channels);
    expect(shapleyAttribution(paths, options).credits).toEqual(result.credits);
  });

  test("no conversions: zero credits", () => {
    const result = shapleyAttribution([path("A > B", 0, 4), path("B", 0, 1)]);
    expect(result.credits).toEqual([
      { channel: "A", conversions: 0, value: 0 },
      { channel: "B", conversions: 0, value: 0 },
    ]);
  });

  test("bad input names the row and the field", () => {
    expect(() => shapleyAttribution([path("A", 1, 0), path("B", 1, -2)])).toThrow(/path row 1: nonConversions must be a non-negative/);
    expect(() => shapleyAttribution([path("A", 1, 0)], { maxExactChannels: 30 })).toThrow(/maxExactChannels must be an integer from 1 to 24/);
    const tooMany = Array.from({ length: 21 }, (_, i) => path(`c${i}`, 1, 0));
    expect(() => shapleyAttribution(tooMany)).toThrow(/21 distinct channels, more than the 20/);
    expect(() => shapleyAttribution([path("A", 1, 0)], { priorJourneys: -1 })).toThrow(/priorJourneys must be a non-negative number/);
  });
});

/**
 * Seeded distinct paths (lengths 1 to 40, geometric) over channels of unequal popularity, each
 * with 1-30 journeys converting at the planted rate 0.01 + sum of the lifts of its distinct
 * channels; `ideal` is each channel's credit under the planted rates, sum over paths of
 * conversions x (lift_c + 0.01 / |T|) / rate(T) (the additive game's Shapley split).
 */
function plantedPaths(channelCount: number, rows: number, seed: number, meanLength = 3) {
  const random = mulberry32(seed);
  const channels = Array.from({ length: channelCount }, (_, i) => `channel ${String(i).padStart(2, "0")}`);
  const popularity = channels.map((_, i) => 1 / (i + 1));
  const totalPopularity = popularity.reduce((a, b) => a + b, 0);
  const base = 0.01;
  const lift = channels.map((_, i) => 0.002 * ((i * 7) % 5));
  const pick = () => {
    let u = random() * totalPopularity;
    for (let i = 0; i < channels.length; i++) if ((u -= popularity[i]) < 0) return i;
    return channels.length - 1;
  };
  const seen = new Map<string, PathGroup>();
  const ideal = channels.map(() => 0);
  while (seen.size < rows) {
    const length = Math.min(40, 1 + Math.floor(-Math.log(1 - random()) * meanLength));
    const route = Array.from({ length }, pick);
    const key = route.join(",");
    if (seen.has(key)) continue;
    const journeys = 1 + Math.floor(random() * 30);
    const set = [...new Set(route)];
    const rate = base + set.reduce((s, i) => s + lift[i], 0);
    let conversions = 0;
    for (let j = 0; j < journeys; j++) if (random() < rate) conversions++;
    for (const i of set) ideal[i] += (conversions * (lift[i] + base / set.length)) / rate;
    seen.set(key, { channels: route.map((i) => channels[i]), conversions, nonConversions: journeys - conversions, value: conversions * 40 });
  }
  return { channels, paths: [...seen.values()], ideal };
}

describe("smoothing sparse coalitions", () => {
  test("on noisy planted data, m = 30 lands closer to the planted split than the raw rates (m = 0)", () => {
    const { paths, ideal } = plantedPaths(9, 20_000, 9);
    const total = paths.reduce((s, p) => s + p.conversions, 0);
    const error = (m: number) =>
      shapleyAttribution(paths, { priorJourneys: m }).credits.reduce((s, c, i) => s + Math.abs(c.conversions - ideal[i]), 0) / total;
    const raw = error(0);
    const smoothed = error(30);
    console.log(`share error against the planted split: m = 0 ${raw.toFixed(3)}, m = 30 ${smoothed.toFixed(3)}`);
    expect(smoothed).toBeLessThan(0.8 * raw);
  });

  test("the explanation states the options used", () => {
    expect(shapleyExplanation()).toContain("30 more journeys");
    expect(shapleyExplanation()).toContain("more than 12 distinct channels");
    expect(shapleyExplanation({ priorJourneys: 0, maxExactChannels: 14 })).not.toContain("more journeys converting");
    expect(shapleyExplanation({ priorJourneys: 0, maxExactChannels: 14 })).toContain("more than 14 distinct channels");
  });
});

describe("load", () => {
  for (const [channelCount, meanLength] of [[9, 3], [12, 3], [15, 3], [15, 14]]) {
    test(`50,000 distinct paths over ${channelCount} channels, mean length ${meanLength + 1}`, () => {
      const { paths } = plantedPaths(channelCount, 50_000, channelCount, meanLength);
      const started = performance.now();
      const result = shapleyAttribution(paths);
      const elapsed = performance.now() - started;
      const sets = new Set(paths.filter((p) => p.conversions > 0).map((p) => [...new Set(p.channels)].sort().join()));
      console.log(
        `shapleyAttribution: ${paths.length} distinct paths, ${channelCount} channels, ${sets.size} converting channel sets ` +
          `(${[...sets].filter((k) => k.split(",").length > 12).length} over 12 channels), ` +
          `${result.coalitionRates.length} coalitions, exact=${result.exact}: ${elapsed.toFixed(0)} ms`,
      );
      expectCreditsAddUp(result, paths);
      expect(elapsed).toBeLessThan(60_000);
    });
  }
});
