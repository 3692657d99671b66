// What every attribution model reads and returns. A path group is one distinct journey shape:
// the channels a user touched, in time order, and how many journeys of that shape converted or
// did not. The data-driven models (markov.ts, shapley.ts) read these groups directly, so a
// path-level export (`a > b > c`, conversions, value, non-conversions) needs no touch-level rows.

/** One row per distinct path; channels in time order, repeats allowed. */
export interface PathGroup {
  channels: string[];
  /** Journeys of this shape that ended in a conversion (one conversion each). */
  conversions: number;
  /** Journeys of this shape that did not convert. */
  nonConversions: number;
  /** Total conversion value of this row's conversions (0 when it has none). */
  value: number;
}

/** A channel's share of the conversions and of their value under one model. */
export interface ChannelCredit {
  channel: string;
  conversions: number;
  value: number;
}

export interface PathTotals {
  journeys: number;
  conversions: number;
  value: number;
}

/**
 * Rejects input no model can read, naming the row (0-based, in the order given) and the field.
 * Counts may be fractional (weighted journeys) but never negative; value needs conversions.
 */
export function validatePaths(paths: readonly PathGroup[], reservedNames: readonly string[] = []): void {
  paths.forEach((path, row) => {
    const where = `path row ${row}`;
    if (!Array.isArray(path.channels) || path.channels.length === 0) {
      throw new Error(`${where}: channels must list at least one touch (got ${JSON.stringify(path.channels)})`);
    }
    path.channels.forEach((channel, position) => {
      if (typeof channel !== "string" || channel.length === 0) {
        throw new Error(`${where}: channel ${position} must be a non-empty name (got ${JSON.stringify(channel)})`);
      }
      if (reservedNames.includes(channel)) {
        throw new Error(`${where}: channel ${position} is named ${JSON.stringify(channel)}, a name the model reserves for its own states`);
      }
    });
    for (const field of ["conversions", "nonConversions", "value"] as const) {
      const x = path[field];
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
        throw new Error(`${where}: ${field} must be a non-negative finite number (got ${JSON.stringify(x)})`);
      }
    }
    if (path.conversions === 0 && path.value !== 0) {
      throw new Error(`${where}: value is ${path.value} but the row has no conversions to carry it`);
    }
  });
}

export function pathTotals(paths: readonly PathGroup[]): PathTotals {
  let journeys = 0;
  let conversions = 0;
  let value = 0;
  for (const path of paths) {
    journeys += path.conversions + path.nonConversions;
    conversions += path.conversions;
    value += path.value;
  }
  return { journeys, conversions, value };
}

/** Distinct channel names across all paths, in code-unit order (the same on every machine, unlike a locale sort). */
export function distinctChannels(paths: readonly PathGroup[]): string[] {
  const names = new Set<string>();
  for (const path of paths) for (const channel of path.channels) names.add(channel);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Makes floating-point credits add up to their total: the rounding residue (total minus the
 * sum taken left to right) goes to the credit largest in size, where it changes the least.
 * Summed left to right, the result then equals `total` to within one rounding of the last
 * addition (an ulp of the total: 1.5e-11 at 100,000 conversions, 1.2e-10 at a value of 1e6).
 * Mutates and returns `credits`.
 */
export function settleResidue(credits: number[], total: number): number[] {
  if (credits.length === 0) return credits;
  let sum = 0;
  let largest = 0;
  for (let i = 0; i < credits.length; i++) {
    sum += credits[i];
    if (Math.abs(credits[i]) > Math.abs(credits[largest])) largest = i;
  }
  credits[largest] += total - sum;
  return credits;
}

/** Splits `total` in proportion to `weights` (which must not all be zero), summing exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  if (total === 0) return weights.map(() => 0);
  if (weightSum === 0) throw new Error(`cannot split ${total} in proportion to weights that are all zero`);
  return settleResidue(
    weights.map((w) => (total * w) / weightSum),
    total,
  );
}
