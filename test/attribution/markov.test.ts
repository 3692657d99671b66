// Markov removal-effect attribution against three references written differently from the
// code under test: chains solved by hand (fractions in the comments), a Monte Carlo simulation
// of the same chain (seeded, tolerance 4 standard errors), and a second solver that pushes the
// state distribution through the full transition matrix until nothing is left to absorb.
import { describe, expect, test } from "vitest";
import { markovAttribution, type MarkovResult } from "../../data-loaders/lib/attribution/markov.ts";
import type { PathGroup } from "../../data-loaders/lib/attribution/paths.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
const path = (route: string, conversions: number, nonConversions: number, value = 0): PathGroup => ({
  channels: route.split(">").map((s) => s.trim()),
  conversions,
  nonConversions,
  value,
});
const credit = (result: MarkovResult, channel: string) => result.credits.find((c) => c.channel === channel)!;
/** Credits add up to the totals, summed left to right as a SQL SUM or a reader would. */
function expectCreditsAddUp(result: MarkovResult, paths: PathGroup[]) {
  const conversions = paths.reduce((s, p) => s + p.conversions, 0);
  const value = paths.reduce((s, p) => s + p.value, 0);
  close(result.credits.reduce((s, c) => s + c.conversions, 0), conversions, 1e-9);
  close(result.credits.reduce((s, c) => s + c.value, 0), value, 1e-9);
}


/**
 * The chain as lists of weighted next steps, built by walking each path's consecutive pairs
 * into a string-keyed map (the code under test uses index arrays). Terminal steps are
 * "(conversion)" and "(null)"; "closed" holds the value of conversions each state closed.
 */
function referenceChain(paths: PathGroup[]) {
  const next = new Map<string, Map<string, number>>();
  const closed = new Map<string, number>();
  const add = (from: string, to: string, w: number) => {
    const row = next.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + w);
    next.set(from, row);
  };
  for (const p of paths) {
    const states = ["(start)", ...p.channels];
    const w = p.conversions + p.nonConversions;
    for (let i = 1; i < states.length; i++) add(states[i - 1], states[i], w);
    const last = states[states.length - 1];
    if (p.conversions > 0) add(last, "(conversion)", p.conversions);
    if (p.nonConversions > 0) add(last, "(null)", p.nonConversions);
    closed.set(last, (closed.get(last) ?? 0) + p.value);
  }
  const out = (s: string) => [...(next.get(s)?.values() ?? [])].reduce((a, b) => a + b, 0);
  // Expected value of a conversion closed from s (the reward of that absorbing step).
  const rewardPerConversion = (s: string) => (closed.get(s) ?? 0) / (next.get(s)?.get("(conversion)") ?? 1);
  return { next, out, rewardPerConversion, closed };
}

/**
 * Second solver: pushes the distribution over states through the chain step by step (with
 * `removed` sending its walkers to (null)) until the mass still in transit is below 1e-16.
 * Returns the mass absorbed in (conversion) and the value it carried.
 */
function powerIteration(paths: PathGroup[], removed: string | null = null): { probability: number; value: number } {
  const { next, out, rewardPerConversion } = referenceChain(paths);
  let mass = new Map<string, number>([["(start)", 1]]);
  let converted = 0;
  let value = 0;
  for (let step = 0; step < 1_000_000; step++) {
    const moved = new Map<string, number>();
    let inTransit = 0;
    for (const [state, m] of mass) {
      if (state === removed) continue; // walkers reaching a removed channel go to (null)
      const total = out(state);
      for (const [to, count] of next.get(state) ?? []) {
        const flow = (m * count) / total;
        if (to === "(conversion)") {
          converted += flow;
          value += flow * rewardPerConversion(state);
        } else if (to !== "(null)") {
          moved.set(to, (moved.get(to) ?? 0) + flow);
          inTransit += flow;
        }
      }
    }
    mass = moved;
    if (inTransit < 1e-16) return { probability: converted, value };
  }
  throw new Error("power iteration did not converge");
}

/** Seeded random path groups: loops, repeats, one-touch paths, several closers. */
function randomPaths(seed: number, channels: string[], rows: number): PathGroup[] {
  const random = mulberry32(seed);
  const seen = new Map<string, PathGroup>();
  while (seen.size < rows) {
    const length = 1 + Math.floor(-Math.log(1 - random()) * 2);
    const route = Array.from({ length }, () => channels[Math.floor(random() * channels.length)]);
    const key = route.join(">");
    if (seen.has(key)) continue;
    const journeys = 1 + Math.floor(random() * 40);
    // Channel "c0" lifts conversion, so removal effects differ.
    const rate = 0.05 + (route.includes(channels[0]) ? 0.15 : 0) + 0.02 * length;
    let conversions = 0;
    for (let j = 0; j < journeys; j++) if (random() < rate) conversions++;
    const value = conversions * (20 + Math.floor(random() * 80));
    seen.set(key, { channels: route, conversions, nonConversions: journeys - conversions, value });
  }
  return [...seen.values()];
}

describe("hand-worked chains", () => {
  test("two channels: A>B converts, A alone does not, B alone converts", () => {
    // start->A 2, start->B 1; A->B 1, A->null 1; B->conv 2.
    // P(conv|B) = 1, P(conv|A) = 1/2, P = 2/3 * 1/2 + 1/3 * 1 = 2/3 (= 2 conversions / 3 journeys).
    // Without A: P = 1/3, effect 1/2. Without B: P = 0, effect 1. Credits: 2 * (1/2)/(3/2) = 2/3 and 4/3.
    // Value 30 + 10 = 40, all closed by B: value effects are the same, credits 40/3 and 80/3.
    const paths = [path("A > B", 1, 0, 30), path("A", 0, 1), path("B", 1, 0, 10)];
    const result = markovAttribution(paths);
    expect(result.channels).toEqual(["A", "B"]);
    close(result.conversionProbability, 2 / 3, 1e-12);
    close(result.removalEffects.A, 1 / 2, 1e-12);
    close(result.removalEffects.B, 1, 1e-12);
    close(credit(result, "A").conversions, 2 / 3, 1e-12);
    close(credit(result, "B").conversions, 4 / 3, 1e-12);
    close(credit(result, "A").value, 40 / 3, 1e-12);
    close(credit(result, "B").value, 80 / 3, 1e-12);
    close(result.expectedValue, 40 / 3, 1e-12);
    expect(result.transitions).toEqual([
      { from: "(start)", to: "A", probability: 2 / 3, count: 2 },
      { from: "(start)", to: "B", probability: 1 / 3, count: 1 },
      { from: "A", to: "B", probability: 1 / 2, count: 1 },
      { from: "A", to: "(null)", probability: 1 / 2, count: 1 },
      { from: "B", to: "(conversion)", probability: 1, count: 2 },
    ]);
    expectCreditsAddUp(result, paths);
  });

  // A cycle (A>B>A), two closers (A and C) with different order values.
  const cycle = [path("A > B > A", 1, 0, 100), path("C > A", 0, 1), path("B > C", 1, 0, 50), path("C", 0, 2)];

  test("three channels with a cycle: probabilities, removal effects and credits", () => {
    // start: A 1/5, B 1/5, C 3/5. A: B 1/3, conv 1/3, null 1/3. B: A 1/2, C 1/2. C: A 1/4, conv 1/4, null 1/2.
    // a = b/3 + 1/3, b = a/2 + c/2, c = a/4 + 1/4  =>  a = 9/19, b = 8/19, c = 7/19; P = (a + b + 3c)/5 = 2/5.
    // Without A (a = 0): c = 1/4, b = 1/8, P = 7/40, effect 1 - (7/40)/(2/5) = 9/16.
    // Without B (b = 0): a = 1/3, c = 1/3, P = 4/15, effect 1/3.
    // Without C (c = 0): a = 2/5, b = 1/5, P = 3/25, effect 7/10.
    // Sum 383/240; credits of 2 conversions: 270/383, 160/383, 336/383.
    const result = markovAttribution(cycle);
    close(result.conversionProbability, 2 / 5, 1e-12);
    close(result.removalEffects.A, 9 / 16, 1e-12);
    close(result.removalEffects.B, 1 / 3, 1e-12);
    close(result.removalEffects.C, 7 / 10, 1e-12);
    close(credit(result, "A").conversions, 270 / 383, 1e-12);
    close(credit(result, "B").conversions, 160 / 383, 1e-12);
    close(credit(result, "C").conversions, 336 / 383, 1e-12);
    expectCreditsAddUp(result, cycle);
  });

  test("three channels with a cycle: value removal effects and value credits", () => {
    // Rewards per visit: A closed 100 over 3 exits, C closed 50 over 4 exits.
    // x_a = x_b/3 + 100/3, x_b = (x_a + x_c)/2, x_c = x_a/4 + 25/2  =>  x_a = 850/19, x_b = 650/19, x_c = 450/19;
    // V = (x_a + x_b + 3 x_c)/5 = 30 (= 150 / 5 journeys).
    // Without A: V = 35/4, effect 17/24. Without B: V = 115/6, effect 13/36. Without C: V = 12, effect 3/5.
    // Sum 601/360; credits of 150: 38250/601, 19500/601, 32400/601.
    const result = markovAttribution(cycle);
    close(result.expectedValue, 30, 1e-12);
    close(result.valueRemovalEffects.A, 17 / 24, 1e-12);
    close(result.valueRemovalEffects.B, 13 / 36, 1e-12);
    close(result.valueRemovalEffects.C, 3 / 5, 1e-12);
    close(credit(result, "A").value, 38250 / 601, 1e-10);
    close(credit(result, "B").value, 19500 / 601, 1e-10);
    close(credit(result, "C").value, 32400 / 601, 1e-10);
  });

  test("repeated channels (self-loops) change no absorption probability", () => {
    const repeated = [path("A > A > B > B > A", 1, 0, 100), path("C > C > C > A", 0, 1), path("B > C > C", 1, 0, 50), path("C > C", 0, 2)];
    const plain = markovAttribution(cycle);
    const looped = markovAttribution(repeated);
    close(looped.conversionProbability, plain.conversionProbability, 1e-12);
    close(looped.expectedValue, plain.expectedValue, 1e-12);
    for (const channel of ["A", "B", "C"]) {
      close(looped.removalEffects[channel], plain.removalEffects[channel], 1e-12);
      close(looped.valueRemovalEffects[channel], plain.valueRemovalEffects[channel], 1e-12);
      close(credit(looped, channel).conversions, credit(plain, channel).conversions, 1e-12);
    }
    // The loops are kept in the chain (a reader sees them), they just do not move the answer.
    expect(looped.transitions.find((t) => t.from === "C" && t.to === "C")?.count).toBe(5);
  });

  test("a single channel takes everything; a path with one touch", () => {
    const paths = [path("A", 3, 7, 120)];
    const result = markovAttribution(paths);
    close(result.conversionProbability, 0.3, 1e-12);
    expect(result.removalEffects).toEqual({ A: 1 });
    expect(result.credits).toEqual([{ channel: "A", conversions: 3, value: 120 }]);
  });

  test("a channel seen only on journeys that ended without converting, and leading nowhere else, has effect 0", () => {
    const paths = [path("A", 2, 0, 10), path("A > D", 0, 1), path("D", 0, 1), path("D > D", 0, 1)];
    const result = markovAttribution(paths);
    expect(result.removalEffects.D).toBe(0);
    expect(credit(result, "D")).toEqual({ channel: "D", conversions: 0, value: 0 });
    expect(credit(result, "A")).toEqual({ channel: "A", conversions: 2, value: 10 });
  });

  test("the chain remembers one step: a channel never on a converting path still earns credit if it leads to one that converts", () => {
    // X > B never converted, but B converts half the time: P(conv|X) = 1/2, P = 1/2 * 1/2 + 1/2 * 1/2 = 1/2.
    // Without X: P = 1/4, effect 1/2. Without B: P = 0, effect 1.
    const result = markovAttribution([path("X > B", 0, 1), path("B", 1, 0)]);
    close(result.conversionProbability, 1 / 2, 1e-12);
    close(result.removalEffects.X, 1 / 2, 1e-12);
    close(result.removalEffects.B, 1, 1e-12);
  });

  test("no conversions: every effect and credit is zero", () => {
    const result = markovAttribution([path("A", 0, 5), path("A > B", 0, 2)]);
    expect(result.conversionProbability).toBe(0);
    expect(result.removalEffects).toEqual({ A: 0, B: 0 });
    expect(result.credits).toEqual([
      { channel: "A", conversions: 0, value: 0 },
      { channel: "B", conversions: 0, value: 0 },
    ]);
  });

  test("bad input names the row and the field", () => {
    expect(() => markovAttribution([path("A", 1, 0), { channels: [], conversions: 1, nonConversions: 0, value: 0 }])).toThrow(/path row 1: channels/);
    expect(() => markovAttribution([path("A", -1, 0)])).toThrow(/path row 0: conversions must be a non-negative/);
    expect(() => markovAttribution([path("A", 1, Number.NaN)])).toThrow(/path row 0: nonConversions/);
    expect(() => markovAttribution([path("A", 0, 3, 5)])).toThrow(/path row 0: value is 5 but the row has no conversions/);
    expect(() => markovAttribution([path("A > (null)", 1, 0)])).toThrow(/path row 0: channel 1 is named "\(null\)"/);
  });
});

describe("against independent computations of the same chain", () => {
  const channels = ["c0", "c1", "c2", "c3", "c4"];
  const paths = randomPaths(7, channels, 120);
  const result = markovAttribution(paths);

  test("the fitted chain reproduces the observed conversion rate and value per journey", () => {
    const journeys = paths.reduce((s, p) => s + p.conversions + p.nonConversions, 0);
    const conversions = paths.reduce((s, p) => s + p.conversions, 0);
    const value = paths.reduce((s, p) => s + p.value, 0);
    close(result.conversionProbability, conversions / journeys, 1e-12);
    close(result.expectedValue, value / journeys, 1e-9);
    expectCreditsAddUp(result, paths);
  });

  test("power iteration to absorption agrees to 1e-9", () => {
    const base = powerIteration(paths);
    close(result.conversionProbability, base.probability, 1e-9);
    close(result.expectedValue / base.value, 1, 1e-9);
    for (const channel of channels) {
      const without = powerIteration(paths, channel);
      close(result.removalEffects[channel], 1 - without.probability / base.probability, 1e-9);
      close(result.valueRemovalEffects[channel], 1 - without.value / base.value, 1e-9);
    }
  });

  test("a simulation of 200,000 walks agrees within 4 standard errors", () => {
    // A walk in the chain with c removed is the same walk until it reaches c, then it ends in
    // (null); so P(conversion without c) = P(converted and never visited c), and the removal
    // effect is the share of converting walks that visited c: a proportion with a binomial SE.
    const { next, out, rewardPerConversion } = referenceChain(paths);
    const random = mulberry32(2026);
    const walks = 200_000;
    let converted = 0;
    let valueSum = 0;
    let valueSquares = 0;
    const visitedAndConverted = new Map(channels.map((c) => [c, 0]));
    const rewards: number[] = [];
    const visits: boolean[][] = [];
    for (let w = 0; w < walks; w++) {
      let state = "(start)";
      const visited = new Set<string>();
      let reward = 0;
      for (;;) {
        let u = random() * out(state);
        let to = "(null)";
        for (const [candidate, count] of next.get(state)!) {
          u -= count;
          if (u < 0) {
            to = candidate;
            break;
          }
        }
        if (to === "(conversion)") {
          converted++;
          reward = rewardPerConversion(state);
          for (const c of visited) visitedAndConverted.set(c, visitedAndConverted.get(c)! + 1);
          break;
        }
        if (to === "(null)") break;
        visited.add(to);
        state = to;
      }
      valueSum += reward;
      valueSquares += reward * reward;
      if (reward > 0) {
        rewards.push(reward);
        visits.push(channels.map((c) => visited.has(c)));
      }
    }
    const p = result.conversionProbability;
    close(converted / walks, p, 4 * Math.sqrt((p * (1 - p)) / walks));
    channels.forEach((c) => {
      const q = result.removalEffects[c];
      close(visitedAndConverted.get(c)! / converted, q, 4 * Math.sqrt((q * (1 - q)) / converted) + 1e-12);
    });
    const meanValue = valueSum / walks;
    const sdValue = Math.sqrt(valueSquares / walks - meanValue ** 2);
    close(meanValue, result.expectedValue, (4 * sdValue) / Math.sqrt(walks));
    // Value removal effect: ratio of value from walks that visited c to all value; delta-method SE.
    channels.forEach((c, i) => {
      const share = result.valueRemovalEffects[c];
      let numerator = 0;
      let residualSquares = 0;
      rewards.forEach((r, k) => (numerator += visits[k][i] ? r : 0));
      rewards.forEach((r, k) => (residualSquares += ((visits[k][i] ? r : 0) - share * r) ** 2));
      const se = Math.sqrt(residualSquares / walks) / Math.sqrt(walks) / meanValue;
      close(numerator / valueSum, share, 4 * se + 1e-12);
    });
  });
});

describe("load", () => {
  test.each([9, 12, 15])("50,000 distinct paths over %i channels", (channelCount) => {
    const channels = Array.from({ length: channelCount }, (_, i) => `channel ${String(i).padStart(2, "0")}`);
    const paths = randomPaths(channelCount, channels, 50_000);
    const started = performance.now();
    const result = markovAttribution(paths);
    const elapsed = performance.now() - started;
    console.log(`markovAttribution: ${paths.length} distinct paths, ${channels.length} channels, ${result.transitions.length} transitions: ${elapsed.toFixed(0)} ms`);
    expectCreditsAddUp(result, paths);
    expect(elapsed).toBeLessThan(10_000);
  });
});
