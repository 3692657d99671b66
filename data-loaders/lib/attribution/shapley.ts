// Shapley-value attribution over channel coalitions, written from the definitions (Shapley 1953;
// the coalition game of Shao and Li, "Data-driven multi-touch attribution models", 2011, with
// the per-journey split described below). No code from any other implementation.
//
// The game (SHAPLEY_EXPLANATION below says the same for readers):
// - Players are channels. A journey's coalition is the SET of distinct channels it touched: order
//   and repeats are ignored. v(empty) = 0.
// - An observed coalition S (some journeys had exactly the channels S) is worth its conversion
//   rate, conversions / (conversions + non-conversions), smoothed toward prior(S), the best worth
//   among the observed coalitions inside S (0 if none):
//       v(S) = (conversions + m * prior(S)) / (journeys + m),   m = priorJourneys (default 30):
//   as if S had m more journeys converting at that best rate. With m = 0 it is the raw rate.
// - A coalition no journey had is worth prior(S), the largest worth among its observed subsets.
//   So an unobserved coalition is never worth less than a coalition inside it (adding a channel
//   never lowers the worth on the way to one); steps between observed coalitions keep what the
//   data say, including a fall. We considered imputing from a fitted model (e.g. additive in
//   channels) instead: it would invent interactions nobody observed, while the subset maximum
//   uses only rates that were measured.
// - Why smooth: the per-path split below divides differences of rates by the path's own rate,
//   so a rarely seen coalition (one converting journey: rate 1) swings the credits wildly, and
//   the subset maximum picks such lucky rates up (a winner's curse). Measured on seeded planted
//   data (rate = 0.01 + additive channel lifts, up to 30 journeys per distinct path), the total
//   absolute error of the channel shares against the planted Shapley split was, for m = 0 / 30 /
//   100: 0.40 / 0.27 / 0.20 (9 channels, 4 touches a journey), 2.40 / 0.48 / 0.27 (15 channels,
//   15 touches: with m = 0 one channel got -55% of the conversions); on the default store
//   against its planted contributions 0.076 / 0.082 / 0.095, and with exact (noise-free) rates
//   0.000 / 0.081 / 0.164. m = 30 costs little where coalitions are well measured and prevents
//   the collapse where they are not; it is an option, and the page should state it.
// - Each converting path with channel set T splits each of its conversions, and its value, among
//   T's channels in proportion to their Shapley values in the game restricted to the subsets of T
//   (whose values sum to v(T) - v(empty) = v(T) > 0). Summed over paths, the credits add up to
//   the total conversions and value; the rounding residue is settled (paths.ts settleResidue).
// - A channel whose joining lowers the rate has a negative Shapley value, so it can receive
//   negative credit on a path; we report it rather than clip it, which would break the sum.
// - |T| <= maxExactChannels (default 12): exact enumeration of the 2^|T| subsets. Beyond it:
//   a permutation-sampling estimate (seeded, deterministic) with its standard error, and
//   `exact: false` on the result. Each distinct T is solved once.
//
// Under an additive world (rate of S = b + sum of beta_c over c in S, every subset observed,
// m = 0) the Shapley value of c in T is beta_c + b / |T|: the channels' own lifts plus an equal
// share of the base rate (tested).
import { Random } from "../../generator/random.ts";
import { type ChannelCredit, distinctChannels, type PathGroup, pathTotals, settleResidue, validatePaths } from "./paths.ts";

/** Largest player count for exact enumeration (2^24 worths, 128 MB); masks are 32-bit integers. */
export const MAX_EXACT_PLAYERS = 24;
/** Most distinct channels: the game is tabulated over all 2^20 coalitions (12 bytes each). */
export const MAX_CHANNELS = 20;
export const DEFAULT_MAX_EXACT_CHANNELS = 12;
export const DEFAULT_PRIOR_JOURNEYS = 30;
export const DEFAULT_PERMUTATIONS = 2000;
export const DEFAULT_SEED = 20261201;

/** One-paragraph explanation for readers, quoted by the attribution page; states the options used. */
export function shapleyExplanation(options: { priorJourneys?: number; maxExactChannels?: number } = {}): string {
  const { priorJourneys = DEFAULT_PRIOR_JOURNEYS, maxExactChannels = DEFAULT_MAX_EXACT_CHANNELS } = options;
  const smoothing =
    priorJourneys > 0
      ? "A rarely seen combination is not trusted on its own few journeys: its rate counts as if it had " +
        `${priorJourneys} more journeys converting at the best rate among the combinations inside it. `
      : "";
  return (
    "The Shapley model treats the channels as players in a team game. For every combination of channels " +
    "that journeys used, it measures the conversion rate of the journeys that touched exactly those " +
    "channels (in any order, any number of times). " +
    smoothing +
    "A combination no journey used gets the best rate among the combinations inside it, so an unseen " +
    "combination never looks worse than a part of it. Each purchase is then shared among the channels of " +
    "its journey by their Shapley values: a channel's gain in conversion rate when it joins the others, " +
    "averaged over every order in which the journey's channels could have been added. A channel earns more " +
    "when journeys with it convert more often than the same journeys without it, and can earn negative " +
    "credit if they convert less often. Revenue is shared the same way as each journey's purchases. For a " +
    `journey with more than ${maxExactChannels} distinct channels the average is estimated from random ` +
    "orders, with its standard error."
  );
}

export const SHAPLEY_EXPLANATION = shapleyExplanation();

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
  checkPlayers(players, 30);
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
  /** Observed: conversions / journeys. Unobserved: the worth it was given (= worth). */
  rate: number;
  /** The worth used in the game: the smoothed rate if observed, else the best worth inside it. */
  worth: number;
  observed: boolean;
  /** For an unobserved coalition: the observed subset whose worth it took ([] when none, worth 0). */
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
  /** Every observed coalition, then every unobserved one inside a converting path's channel set. */
  coalitionRates: CoalitionRate[];
  /** The prior weight used (see coalitionGame). */
  priorJourneys: number;
  journeys: number;
  totalConversions: number;
  totalValue: number;
}

export interface Coalition {
  journeys: number;
  conversions: number;
  value: number;
}

export interface CoalitionGame {
  channels: string[];
  /** Journeys, conversions and value per observed channel set (global mask: bit i = channels[i]). */
  coalitions: Map<number, Coalition>;
  /** Worth of every coalition, indexed by mask (2^channels entries); worth[0] = 0. */
  worth: Float64Array;
  /** Per mask: the observed coalition inside it with the best worth (0 when none). */
  bestFrom: Int32Array;
}

/**
 * Tabulates the game over every coalition of the channels, in ascending mask order so that
 * every subset one channel smaller is done first. prior(S) is the best worth among the observed
 * coalitions strictly inside S (0 if none; reached through the subsets one channel smaller). An
 * observed S is worth its rate smoothed toward that prior, (conversions + m prior) / (journeys + m)
 * with m = priorJourneys; an unobserved S is worth prior(S).
 */
export function coalitionGame(paths: PathGroup[], priorJourneys = DEFAULT_PRIOR_JOURNEYS): CoalitionGame {
  if (!Number.isFinite(priorJourneys) || priorJourneys < 0) {
    throw new Error(`Shapley attribution: priorJourneys must be a non-negative number (got ${priorJourneys})`);
  }
  validatePaths(paths);
  const channels = distinctChannels(paths);
  if (channels.length > MAX_CHANNELS) {
    throw new Error(`Shapley attribution: ${channels.length} distinct channels, more than the ${MAX_CHANNELS} it can tabulate (2^${MAX_CHANNELS} coalitions); group channels first`);
  }
  const bitOf = new Map(channels.map((channel, i) => [channel, 1 << i]));
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
  const size = 1 << channels.length;
  const worth = new Float64Array(size);
  const best = new Float64Array(size);
  const bestFrom = new Int32Array(size);
  for (let mask = 1; mask < size; mask++) {
    let prior = 0;
    let priorFrom = 0;
    for (let rest = mask; rest !== 0; rest &= rest - 1) {
      const below = mask ^ (rest & -rest);
      if (best[below] > prior) {
        prior = best[below];
        priorFrom = bestFrom[below];
      }
    }
    const coalition = coalitions.get(mask);
    if (coalition !== undefined && coalition.journeys > 0) {
      const smoothed = (coalition.conversions + priorJourneys * prior) / (coalition.journeys + priorJourneys);
      worth[mask] = smoothed;
      if (smoothed > prior) {
        prior = smoothed;
        priorFrom = mask;
      }
    } else {
      worth[mask] = prior;
    }
    best[mask] = prior;
    bestFrom[mask] = priorFrom;
  }
  return { channels, coalitions, worth, bestFrom };
}

/** The global masks of the channels (bits) of `mask`, lowest first. */
function bitsOf(mask: number): number[] {
  const bits: number[] = [];
  for (let rest = mask; rest !== 0; rest &= rest - 1) bits.push(rest & -rest);
  return bits;
}

/** Local mask (bit j = j-th channel of the path's set) to global mask, for all 2^|bits| subsets. */
function localToGlobal(bits: number[]): Int32Array {
  const table = new Int32Array(1 << bits.length);
  for (let local = 1; local < table.length; local++) {
    const lowest = local & -local;
    table[local] = table[local ^ lowest] | bits[31 - Math.clz32(lowest)];
  }
  return table;
}

export function shapleyAttribution(
  paths: PathGroup[],
  options: { maxExactChannels?: number; permutations?: number; seed?: number; priorJourneys?: number } = {},
): ShapleyResult {
  const {
    maxExactChannels = DEFAULT_MAX_EXACT_CHANNELS,
    permutations = DEFAULT_PERMUTATIONS,
    seed = DEFAULT_SEED,
    priorJourneys = DEFAULT_PRIOR_JOURNEYS,
  } = options;
  if (!Number.isInteger(maxExactChannels) || maxExactChannels < 1 || maxExactChannels > MAX_EXACT_PLAYERS) {
    throw new Error(`Shapley attribution: maxExactChannels must be an integer from 1 to ${MAX_EXACT_PLAYERS} (got ${maxExactChannels})`);
  }
  const { channels, coalitions, worth, bestFrom } = coalitionGame(paths, priorJourneys);
  const totals = pathTotals(paths);
  const namesOf = (mask: number) => channels.filter((_, i) => (mask & (1 << i)) !== 0);

  const conversionCredits = new Float64Array(channels.length);
  const valueCredits = new Float64Array(channels.length);
  const conversionVariance = new Float64Array(channels.length);
  const valueVariance = new Float64Array(channels.length);
  const used = new Uint8Array(worth.length);
  let exact = true;

  // Ascending mask order: the floating-point sums are the same on every run.
  const converting = [...coalitions.entries()].filter(([, c]) => c.conversions > 0).sort(([a], [b]) => a - b);
  for (const [set, coalition] of converting) {
    const bits = bitsOf(set);
    const k = bits.length;
    const toGlobal = localToGlobal(bits);
    for (let local = 0; local < toGlobal.length; local++) used[toGlobal[local]] = 1;
    const game = (local: number) => worth[toGlobal[local]];
    let phi: number[];
    let errors: number[] | null = null;
    if (k <= maxExactChannels) {
      phi = shapleyValues(k, game);
    } else {
      exact = false;
      const sampled = sampledShapleyValues(k, game, { permutations, seed, stream: set });
      phi = sampled.values;
      errors = sampled.standardErrors;
    }
    // The Shapley values sum to worth(T) > 0 (T converted, so its smoothed rate is positive).
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
    if (coalition.journeys > 0) {
      const { journeys, conversions } = coalition;
      coalitionRates.push({ channels: namesOf(mask), journeys, conversions, rate: conversions / journeys, worth: worth[mask], observed: true });
    }
  }
  for (let mask = 1; mask < used.length; mask++) {
    if (used[mask] === 0 || (coalitions.get(mask)?.journeys ?? 0) > 0) continue;
    coalitionRates.push({ channels: namesOf(mask), journeys: 0, conversions: 0, rate: worth[mask], worth: worth[mask], observed: false, imputedFrom: namesOf(bestFrom[mask]) });
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
    priorJourneys,
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
