// Planted co-purchase pairs (parameters.coPurchase): an anchor product's sale sometimes brings its
// companion along. The decisions use a random stream of their own and the companion lines are
// not offered to cancellations or returns, so every other draw of the simulation is unchanged.
import type { Catalogue } from "./catalogue.ts";
import { coPurchase as spec } from "./parameters.ts";
import type { Random } from "./random.ts";

export interface CoPurchase {
  /** Companion of each product (-1 when it is no anchor). */
  companionOf: Int32Array;
  pairs: { anchor: number; companion: number }[];
  random: Random;
  /** Companion lines written (each also counted under its sale kind). */
  plantedLines: number;
}

export function makeCoPurchase(random: Random, catalogue: Catalogue, days: number): CoPurchase {
  const n = catalogue.products;
  const wholeSpan = (p: number) => catalogue.launchDay[p] === 0 && catalogue.endDay[p] === days;
  const byRank = new Int32Array(n);
  for (let p = 0; p < n; p++) byRank[catalogue.popularityRank[p]] = p;
  const inRanks = ([lo, hi]: [number, number]) => Array.from(byRank.slice(lo, Math.min(hi, n))).filter(wholeSpan);
  const anchors = inRanks(spec.anchorRanks);
  const companions = inRanks(spec.companionRanks);
  const companionOf = new Int32Array(catalogue.stockCodes.length).fill(-1);
  const used = new Set<number>();
  const pairs: { anchor: number; companion: number }[] = [];
  while (pairs.length < spec.pairs && anchors.length > 0 && companions.length > 0) {
    const anchor = anchors.splice(random.int(anchors.length), 1)[0];
    const companion = companions.splice(random.int(companions.length), 1)[0];
    if (used.has(anchor) || used.has(companion)) continue;
    used.add(anchor).add(companion);
    companionOf[anchor] = companion;
    pairs.push({ anchor, companion });
  }
  return { companionOf, pairs, random, plantedLines: 0 };
}
