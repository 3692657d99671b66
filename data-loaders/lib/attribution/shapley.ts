// Shapley-value attribution over channel coalitions, written from the definitions (Shapley 1953;
// the coalition game of Shao and Li, "Data-driven multi-touch attribution models", 2011, with
// the per-journey split described below). No code from any other implementation.
//
// The game (SHAPLEY_EXPLANATION below says the same for readers):
// - Players are channels. A journey's coalition is the SET of distinct channels it touched: order
//   and repeats are ignored.
// - v(S), the worth of coalition S, is the conversion rate of the journeys whose set of distinct
//   channels is exactly S: conversions / (conversions + non-conversions). v(empty) = 0.
// - A coalition no journey had is worth the largest rate among its observed subsets (0 if it has
//   none). So an unobserved coalition is never worth less than a coalition inside it, and adding
//   a channel never lowers the worth on the way to one; steps between observed coalitions keep
//   whatever the data say, including a fall. We considered imputing from a fitted model
//   (e.g. additive in channels) instead: it would invent interactions nobody observed, while the
//   subset maximum uses only rates that were measured and stays conservative for the channel
//   that was added.
// - Each converting path with channel set T splits each of its conversions, and its value, among
//   T's channels in proportion to their Shapley values in the game restricted to the subsets of T
//   (whose values sum to v(T) - v(empty) = v(T) > 0). Summed over paths, the credits add up to
//   the total conversions and value; the rounding residue is settled (paths.ts settleResidue).
// - A channel whose joining lowers the rate has a negative Shapley value, so it can receive
//   negative credit on a path; we report it rather than clip it, which would break the sum.
// - |T| <= maxExactChannels (default 12): exact enumeration of the 2^|T| subsets. Beyond it:
//   a permutation-sampling estimate (seeded, deterministic) with its standard error, and
//   `exact: false` on the result.
//
// Under an additive world (rate of S = b + sum of beta_c over c in S, every subset observed) the
// Shapley value of c in T is beta_c + b / |T|: the channels' own lifts plus an equal share of the
// base rate (tested).
import { Random } from "../../generator/random.ts";
import { type ChannelCredit, distinctChannels, type PathGroup, pathTotals, settleResidue, validatePaths } from "./paths.ts";

/** Largest player count for exact enumeration (2^24 worths, 128 MB); masks are 32-bit integers. */
export const MAX_EXACT_PLAYERS = 24;
export const MAX_CHANNELS = 30;
export const DEFAULT_MAX_EXACT_CHANNELS = 12;
/** Up to this many channels a path's game is tabulated over all its subsets (2^20 x 24 bytes), sampled or not. */
const MAX_TABULATED_CHANNELS = 20;
export const DEFAULT_PERMUTATIONS = 2000;
export const DEFAULT_SEED = 20261201;

/** One-paragraph explanation for readers, quoted by the attribution page. */
export const SHAPLEY_EXPLANATION =
  "The Shapley model treats the channels as players in a team game. For every combination of channels " +
  "that journeys used, it measures the conversion rate of the journeys that touched exactly those " +
  "channels (in any order, any number of times). A combination no journey used is given the best rate " +
  "among the combinations inside it that were seen, so an unseen combination never looks worse than a " +
  "part of it. Each purchase is then shared among the channels of its journey by their Shapley values: " +
  "a channel's gain in conversion rate when it joins the others, averaged over every order in which the " +
  "journey's channels could have been added. A channel earns more when journeys with it convert more " +
  "often than the same journeys without it, and can earn negative credit if they convert less often. " +
  "Revenue is shared the same way as each journey's purchases. For a journey with more than twelve " +
  "distinct channels the average is estimated from random orders, with its standard error.";

function checkPlayers(players: number, limit: number): void {
  if (!Number.isInteger(players) || players < 0 || players > limit) {
    throw new Error(`Shapley values: players must be an integer from 0 to ${limit} (got ${players})`);
  }
}

function checkedWorth(worth: (mask: number) => number, mask: number): number {
  const value = worth(mask);
  if (!Number.isFinite(value)) throw new Error(`Shapley values: worth of coalition mask ${mask} is not a finite number (got ${value})`);
  return value;
}

/**
 * Exact Shapley values: phi_i = sum over S without i of |S|! (n-|S|-1)! / n! (v(S + i) - v(S)).
 * Player i is bit i of the mask; worth is called once per coalition (2^n calls).
 */
export function shapleyValues(players: number, worth: (coalitionMask: number) => number): number[] {
  checkPlayers(players, MAX_EXACT_PLAYERS);
  if (players === 0) return [];
  const size = 1 << players;
  const v = new Float64Array(size);
  const members = new Uint8Array(size);
  for (let mask = 0; mask < size; mask++) {
    v[mask] = checkedWorth(worth, mask);
    if (mask > 0) members[mask] = members[mask >> 1] + (mask & 1);
  }
  // weight[s] = s! (n-s-1)! / n!, by the ratio weight[s] / weight[s-1] = s / (n - s).
  const weight = new Float64Array(players);
  weight[0] = 1 / players;
  for (let s = 1; s < players; s++) weight[s] = (weight[s - 1] * s) / (players - s);
  const phi = new Float64Array(players);
  for (let mask = 0; mask < size; mask++) {
    const w = weight[members[mask]] ?? 0;
    const base = v[mask];
    for (let i = 0; i < players; i++) {
      const bit = 1 << i;
      if ((mask & bit) === 0) phi[i] += w * (v[mask | bit] - base);
    }
  }
  return Array.from(phi);
}

/**
 * Permutation-sampling estimate (Castro, Gomez and Tejada 2009): for each of `permutations`
 * uniformly random orders, each player's marginal contribution when it joins the players before
 * it; the estimate is the mean and its standard error the sample standard deviation over
 * sqrt(permutations). Seeded (sfc32 via the generator's Random, stream `stream`): the same
 * options give the same numbers on every machine. Each order's contributions sum to
 * v(N) - v(empty), so the estimates do too. Worths are cached by mask.
 */
export function sampledShapleyValues(
  players: number,
  worth: (mask: number) => number,
  options: { permutations: number; seed: number; stream?: number },
): { values: number[]; standardErrors: number[] } {
  checkPlayers(players, MAX_CHANNELS);
  const { permutations, seed, stream = 0 } = options;
  if (!Number.isInteger(permutations) || permutations < 2) {
    throw new Error(`Shapley sampling: permutations must be an integer of at least 2 (got ${permutations})`);
  }
  if (!Number.isInteger(seed)) throw new Error(`Shapley sampling: seed must be an integer (got ${seed})`);
  const cache = new Map<number, number>();
  const cachedWorth = (mask: number) => {
    let value = cache.get(mask);
    if (value === undefined) {
      value = checkedWorth(worth, mask);
      cache.set(mask, value);
    }
    return value;
  };
  const random = new Random(seed, stream);
  const order = Int32Array.from({ length: players }, (_, i) => i);
  // Welford's running mean and sum of squared deviations, per player.
  const mean = new Float64Array(players);
  const squares = new Float64Array(players);
  const empty = cachedWorth(0);
  for (let k = 1; k <= permutations; k++) {
    for (let i = players - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    let mask = 0;
    let before = empty;
    for (let position = 0; position < players; position++) {
      const player = order[position];
      mask |= 1 << player;
      const after = cachedWorth(mask);
      const contribution = after - before;
      before = after;
      const delta = contribution - mean[player];
      mean[player] += delta / k;
      squares[player] += delta * (contribution - mean[player]);
    }
  }
  return {
    values: Array.from(mean),
    standardErrors: Array.from(squares, (s) => Math.sqrt(s / (permutations - 1) / permutations)),
  };
}

export interface CoalitionRate {
  channels: string[];
  journeys: number;
  conversions: number;
  /** The worth used: the observed conversion rate, or for an unobserved coalition the imputed one. */
  rate: number;
  observed: boolean;
  /** For an unobserved coalition: the observed subset whose rate it took ([] when none, worth 0). */
  imputedFrom?: string[];
}

export interface ShapleyResult {
  channels: string[];
  /** False when some converting path had more distinct channels than maxExactChannels. */
  exact: boolean;
  credits: ChannelCredit[];
  /** Standard error of each channel's conversion credit (only when exact is false). */
  standardErrors?: Record<string, number>;
  /** Standard error of each channel's value credit (only when exact is false). */
  valueStandardErrors?: Record<string, number>;
  /** Every observed coalition, then every unobserved one that a path's game used. */
  coalitionRates: CoalitionRate[];
  journeys: number;
  totalConversions: number;
  totalValue: number;
}

interface Coalition {
  journeys: number;
  conversions: number;
  value: number;
}

export interface Imputed {
  rate: number;
  from: number;
}

/** The global masks of the channels (bits) of `mask`, lowest first. */
function bitsOf(mask: number): number[] {
  const bits: number[] = [];
  for (let rest = mask; rest !== 0; rest &= rest - 1) bits.push(rest & -rest);
  return bits;
}

export function shapleyAttribution(
  paths: PathGroup[],
  options: { maxExactChannels?: number; permutations?: number; seed?: number } = {},
): ShapleyResult {
  const { maxExactChannels = DEFAULT_MAX_EXACT_CHANNELS, permutations = DEFAULT_PERMUTATIONS, seed = DEFAULT_SEED } = options;
  if (!Number.isInteger(maxExactChannels) || maxExactChannels < 1 || maxExactChannels > MAX_EXACT_PLAYERS) {
    throw new Error(`Shapley attribution: maxExactChannels must be an integer from 1 to ${MAX_EXACT_PLAYERS} (got ${maxExactChannels})`);
  }
  validatePaths(paths);
  const channels = distinctChannels(paths);
  if (channels.length > MAX_CHANNELS) {
    throw new Error(`Shapley attribution: ${channels.length} distinct channels, more than the ${MAX_CHANNELS} a coalition mask can hold; group channels first`);
  }
  const totals = pathTotals(paths);
  const bitOf = new Map(channels.map((channel, i) => [channel, 1 << i]));
  const namesOf = (mask: number) => channels.filter((_, i) => (mask & (1 << i)) !== 0);

  const coalitions = new Map<number, Coalition>();
  for (const path of paths) {
    let mask = 0;
    for (const channel of path.channels) mask |= bitOf.get(channel)!;
    const coalition = coalitions.get(mask) ?? { journeys: 0, conversions: 0, value: 0 };
    coalition.journeys += path.conversions + path.nonConversions;
    coalition.conversions += path.conversions;
    coalition.value += path.value;
    coalitions.set(mask, coalition);
  }
  const observedRate = new Map<number, number>();
  for (const [mask, coalition] of coalitions) {
    if (coalition.journeys > 0) observedRate.set(mask, coalition.conversions / coalition.journeys);
  }
  const imputed = new Map<number, Imputed>();

  const conversionCredits = new Float64Array(channels.length);
  const valueCredits = new Float64Array(channels.length);
  const conversionVariance = new Float64Array(channels.length);
  const valueVariance = new Float64Array(channels.length);
  let exact = true;

  // Ascending mask order: the floating-point sums are the same on every run.
  const converting = [...coalitions.entries()].filter(([, c]) => c.conversions > 0).sort(([a], [b]) => a - b);
  for (const [set, coalition] of converting) {
    const bits = bitsOf(set);
    const k = bits.length;
    let phi: number[];
    let errors: number[] | null = null;
    if (k <= maxExactChannels) {
      phi = shapleyValues(k, pathGame(set, observedRate, { imputed }));
    } else {
      exact = false;
      const sampled = sampledShapleyValues(k, pathGame(set, observedRate, { imputed }), { permutations, seed, stream: set });
      phi = sampled.values;
      errors = sampled.standardErrors;
    }
    let total = 0;
    for (const x of phi) total += x;
    const perWorth = coalition.conversions / total;
    const valuePerWorth = coalition.value / total;
    bits.forEach((bit, local) => {
      const channel = 31 - Math.clz32(bit);
      conversionCredits[channel] += perWorth * phi[local];
      valueCredits[channel] += valuePerWorth * phi[local];
      if (errors) {
        conversionVariance[channel] += (perWorth * errors[local]) ** 2;
        valueVariance[channel] += (valuePerWorth * errors[local]) ** 2;
      }
    });
  }
  const conversions = settleResidue(Array.from(conversionCredits), totals.conversions);
  const value = settleResidue(Array.from(valueCredits), totals.value);

  const coalitionRates: CoalitionRate[] = [];
  for (const [mask, coalition] of coalitions) {
    const rate = observedRate.get(mask);
    if (rate !== undefined) coalitionRates.push({ channels: namesOf(mask), journeys: coalition.journeys, conversions: coalition.conversions, rate, observed: true });
  }
  for (const [mask, { rate, from }] of imputed) {
    coalitionRates.push({ channels: namesOf(mask), journeys: 0, conversions: 0, rate, observed: false, imputedFrom: namesOf(from) });
  }
  const key = (c: CoalitionRate) => c.channels.join("\u0000");
  coalitionRates.sort(
    (a, b) =>
      Number(b.observed) - Number(a.observed) ||
      b.journeys - a.journeys ||
      a.channels.length - b.channels.length ||
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );

  const result: ShapleyResult = {
    channels,
    exact,
    credits: channels.map((channel, i) => ({ channel, conversions: conversions[i], value: value[i] })),
    coalitionRates,
    journeys: totals.journeys,
    totalConversions: totals.conversions,
    totalValue: totals.value,
  };
  if (!exact) {
    result.standardErrors = Object.fromEntries(channels.map((channel, i) => [channel, Math.sqrt(conversionVariance[i])]));
    result.valueStandardErrors = Object.fromEntries(channels.map((channel, i) => [channel, Math.sqrt(valueVariance[i])]));
  }
  return result;
}

/**
 * The game restricted to the subsets of one path's channel set `set` (a global mask), as a
 * function of local masks (bit j = the j-th lowest channel of `set`). Tabulated over all 2^|set|
 * subsets when |set| <= 20 (or `tabulate` says so), else computed on demand. Unobserved
 * coalitions met are recorded in `imputed` with the observed subset whose rate they took.
 */
export function pathGame(
  set: number,
  observedRate: ReadonlyMap<number, number>,
  options: { tabulate?: boolean; imputed?: Map<number, Imputed> } = {},
): (localMask: number) => number {
  const bits = bitsOf(set);
  const { tabulate = bits.length <= MAX_TABULATED_CHANNELS, imputed = new Map<number, Imputed>() } = options;
  return tabulate ? tabulatedGame(bits, observedRate, imputed) : onDemandGame(bits, observedRate, imputed);
}

/**
 * The game restricted to the subsets of one path's channel set, as a table over local masks
 * (bit j = the path's j-th channel). best[m] is the largest observed rate among the subsets of m
 * (0 for the empty set), built up from the subsets one channel smaller; an unobserved m is worth
 * best[m]. Unobserved coalitions are recorded in `imputed` for the report.
 */
function tabulatedGame(bits: number[], observedRate: ReadonlyMap<number, number>, imputed: Map<number, Imputed>): (mask: number) => number {
  const size = 1 << bits.length;
  const globalMask = new Int32Array(size);
  const best = new Float64Array(size);
  const bestFrom = new Int32Array(size);
  const worth = new Float64Array(size);
  for (let local = 1; local < size; local++) {
    const lowest = local & -local;
    const global = globalMask[local ^ lowest] | bits[31 - Math.clz32(lowest)];
    globalMask[local] = global;
    let top = -Infinity;
    let topFrom = 0;
    for (let rest = local; rest !== 0; rest &= rest - 1) {
      const below = local ^ (rest & -rest);
      if (best[below] > top) {
        top = best[below];
        topFrom = bestFrom[below];
      }
    }
    const rate = observedRate.get(global);
    if (rate !== undefined) {
      worth[local] = rate;
      if (rate > top) {
        top = rate;
        topFrom = global;
      }
    } else {
      worth[local] = top;
      if (!imputed.has(global)) imputed.set(global, { rate: top, from: topFrom });
    }
    best[local] = top;
    bestFrom[local] = topFrom;
  }
  return (mask) => worth[mask];
}

/**
 * The same game for a path too large to tabulate (over MAX_TABULATED_CHANNELS channels): an
 * unobserved coalition's worth is found by scanning the observed coalitions inside the path's
 * set (few, compared with 2^|T|); the sampler caches it by mask.
 */
function onDemandGame(bits: number[], observedRate: ReadonlyMap<number, number>, imputed: Map<number, Imputed>): (mask: number) => number {
  const set = bits.reduce((a, b) => a | b, 0);
  const inside = [...observedRate.entries()].filter(([mask]) => (mask & ~set) === 0).sort(([a], [b]) => a - b);
  return (local) => {
    let global = 0;
    for (let j = 0; j < bits.length; j++) if (local & (1 << j)) global |= bits[j];
    if (global === 0) return 0;
    const rate = observedRate.get(global);
    if (rate !== undefined) return rate;
    let top = 0;
    let from = 0;
    for (const [mask, r] of inside) {
      if ((mask & ~global) === 0 && r > top) {
        top = r;
        from = mask;
      }
    }
    if (!imputed.has(global)) imputed.set(global, { rate: top, from });
    return top;
  };
}
