// Markov-chain attribution with removal effects (the model of Anderl, Becker, von Wangenheim and
// Schumann, "Mapping the customer journey", 2016), written from that description; no code from
// any other implementation. A first-order chain has the states (start), one per channel,
// (conversion) and (null). Every journey is a walk (start) -> its channels in time order ->
// (conversion) if it converted, (null) if not; transition probabilities are the observed
// transition counts over each state's outgoing count. The chain is solved exactly as an absorbing
// chain: with Q the transient-to-transient block and R the transient-to-absorbing block, the
// absorption probabilities are B = (I - Q)^-1 R, obtained by an LU solve of (I - Q) B = R
// (ml-matrix), never by simulation and never by forming the inverse.
//
// Two facts that the tests pin and the page can rely on:
// - The fitted chain reproduces the observed conversion rate exactly: each transient state is
//   left as often as it is entered, so the expected visits from (start) are the observed visit
//   counts over the number of journeys, and P(conversion) = conversions / journeys.
// - A repeated channel (a self-loop A -> A) changes no absorption probability: leaving A by the
//   loop only delays the walk, and A's other transitions keep their proportions.
//
// Value: each transition into (conversion) carries the value of the conversions it stands for,
// so the state s that closed conversions worth V_s earns the reward V_s / (transitions out of s)
// per visit. The expected value of a journey from (start) is then the second column of the same
// solve (I - Q) x = r, and equals total value / journeys for the same reason as above. A channel's
// value removal effect is 1 - (expected value with the channel removed) / (expected value). We
// chose this over reusing the conversion shares because it is the same chain and the same
// removal, asked about value instead of count: a channel whose journeys close larger orders
// earns more value credit, and when every conversion is worth the same the two shares coincide.
import { LuDecomposition, Matrix } from "ml-matrix";
import { apportion, type ChannelCredit, distinctChannels, type PathGroup, pathTotals, validatePaths } from "./paths.ts";

export const START = "(start)";
export const CONVERSION = "(conversion)";
export const NULL = "(null)";

export interface MarkovTransition {
  from: string;
  to: string;
  probability: number;
  /** Journeys that made this transition (each path row counts conversions + non-conversions times). */
  count: number;
}

export interface MarkovResult {
  /** Channel names in code-unit order; credits and removal effects follow it. */
  channels: string[];
  /** P(a journey from (start) is absorbed in (conversion)). */
  conversionProbability: number;
  /** Per channel: 1 - P(conversion | channel removed) / P(conversion); 0 when nothing converts. */
  removalEffects: Record<string, number>;
  credits: ChannelCredit[];
  /** Every transition observed, (start) first, then channels in order; targets channels, (conversion), (null). */
  transitions: MarkovTransition[];
  /** Expected conversion value of one journey from (start) (= total value / journeys). */
  expectedValue: number;
  /** Per channel: 1 - expected value with the channel removed / expected value. */
  valueRemovalEffects: Record<string, number>;
  journeys: number;
  totalConversions: number;
  totalValue: number;
}

/** One-paragraph explanation for readers, quoted by the attribution page. */
export const MARKOV_EXPLANATION =
  "The Markov model treats every journey as a walk from channel to channel that ends in a purchase or " +
  "in nothing, and learns from all journeys, converting or not, how often each channel leads to each " +
  "next step. It then asks, for each channel: if this channel disappeared and every journey that " +
  "reached it stopped there, what share of purchases would be lost? That share is the channel's " +
  "removal effect. The conversions are split in proportion to the removal effects, and revenue in " +
  "proportion to the same question asked about revenue. The model remembers only the last step, so " +
  "a channel can earn credit for leading to channels that convert even if its own journeys rarely did.";

interface Chain {
  channels: string[];
  /** Transient states: 0 is (start), 1 + i is channel i. Row-major (size x size) counts. */
  size: number;
  between: Float64Array;
  toConversion: Float64Array;
  toNull: Float64Array;
  /** Value of the conversions each state closed (its last touch). */
  valueClosed: Float64Array;
  outgoing: Float64Array;
}

function countTransitions(paths: readonly PathGroup[], channels: string[]): Chain {
  const index = new Map(channels.map((channel, i) => [channel, i + 1]));
  const size = channels.length + 1;
  const between = new Float64Array(size * size);
  const toConversion = new Float64Array(size);
  const toNull = new Float64Array(size);
  const valueClosed = new Float64Array(size);
  for (const path of paths) {
    const journeys = path.conversions + path.nonConversions;
    let previous = 0;
    for (const channel of path.channels) {
      const next = index.get(channel)!;
      between[previous * size + next] += journeys;
      previous = next;
    }
    toConversion[previous] += path.conversions;
    toNull[previous] += path.nonConversions;
    valueClosed[previous] += path.value;
  }
  const outgoing = new Float64Array(size);
  for (let s = 0; s < size; s++) {
    let sum = toConversion[s] + toNull[s];
    for (let t = 0; t < size; t++) sum += between[s * size + t];
    outgoing[s] = sum;
  }
  return { channels, size, between, toConversion, toNull, valueClosed, outgoing };
}

/**
 * Solves (I - Q) x = [R_conversion, r_value] with the transient state `removed` (if any) turned
 * into a dead end (its row of Q and R zeroed: a walk reaching it goes nowhere, as into (null)).
 * Returns [P(conversion from start), expected value from start].
 */
function solveFromStart(chain: Chain, removed: number | null): [number, number] {
  const { size, between, toConversion, valueClosed, outgoing } = chain;
  const system = Matrix.eye(size, size);
  const rightHandSide = new Matrix(size, 2);
  for (let s = 0; s < size; s++) {
    if (s === removed || outgoing[s] === 0) continue;
    for (let t = 0; t < size; t++) {
      const count = between[s * size + t];
      if (count !== 0) system.set(s, t, system.get(s, t) - count / outgoing[s]);
    }
    rightHandSide.set(s, 0, toConversion[s] / outgoing[s]);
    rightHandSide.set(s, 1, valueClosed[s] / outgoing[s]);
  }
  const lu = new LuDecomposition(system);
  // Every observed state reaches an absorbing state (each journey ended), so I - Q is regular;
  // a singular system would mean a path that never ends, which PathGroup cannot express.
  if (lu.isSingular()) throw new Error("Markov attribution: the transition system is singular (a state that never reaches conversion or null)");
  const solution = lu.solve(rightHandSide);
  return [solution.get(0, 0), solution.get(0, 1)];
}

const removalEffect = (base: number, without: number) => (base > 0 ? Math.max(0, 1 - without / base) : 0);

export function markovAttribution(paths: PathGroup[]): MarkovResult {
  validatePaths(paths, [START, CONVERSION, NULL]);
  const channels = distinctChannels(paths);
  const totals = pathTotals(paths);
  const chain = countTransitions(paths, channels);

  const [conversionProbability, expectedValue] = solveFromStart(chain, null);
  const conversionEffects: number[] = [];
  const valueEffects: number[] = [];
  channels.forEach((_, i) => {
    const [probabilityWithout, valueWithout] = solveFromStart(chain, i + 1);
    conversionEffects.push(removalEffect(conversionProbability, probabilityWithout));
    valueEffects.push(removalEffect(expectedValue, valueWithout));
  });

  // With any conversion, the last touch of a converting journey has a positive removal effect,
  // so the weights are never all zero when there is something to split.
  const conversionCredits = apportion(totals.conversions, conversionEffects);
  const valueCredits = apportion(totals.value, valueEffects);

  return {
    channels,
    conversionProbability,
    removalEffects: Object.fromEntries(channels.map((channel, i) => [channel, conversionEffects[i]])),
    credits: channels.map((channel, i) => ({ channel, conversions: conversionCredits[i], value: valueCredits[i] })),
    transitions: listTransitions(chain),
    expectedValue,
    valueRemovalEffects: Object.fromEntries(channels.map((channel, i) => [channel, valueEffects[i]])),
    journeys: totals.journeys,
    totalConversions: totals.conversions,
    totalValue: totals.value,
  };
}

function listTransitions(chain: Chain): MarkovTransition[] {
  const { size, channels, between, toConversion, toNull, outgoing } = chain;
  const name = (s: number) => (s === 0 ? START : channels[s - 1]);
  const transitions: MarkovTransition[] = [];
  for (let s = 0; s < size; s++) {
    const add = (to: string, count: number) => {
      if (count > 0) transitions.push({ from: name(s), to, probability: count / outgoing[s], count });
    };
    for (let t = 1; t < size; t++) add(name(t), between[s * size + t]);
    add(CONVERSION, toConversion[s]);
    add(NULL, toNull[s]);
  }
  return transitions;
}
