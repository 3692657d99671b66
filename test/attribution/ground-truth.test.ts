// On the generated default store, the channel contributions the generator planted
// (ground_truth.json channel_contributions.share_of_incremental_conversions: each channel's share
// of the first purchases it caused) against the shares every model gives first-time conversions.
// The planted journeys are a new visitor's sessions up to and including the first purchase, which
// is what our "first" conversion kind holds (30-day lookback; planted journeys last at most 28
// days); later sessions (repeat conversions) are left out, as the ground truth asks.
// Tolerances are stated, not tuned to pass: see README "Attribution" for the numbers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { defaultConfigPath } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { readParquet, tempProject } from "../helpers/temp-project.ts";

const models = ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based", "markov", "shapley"];
let planted: Record<string, number>;
const shares: Record<string, Record<string, number>> = {};
const distance: Record<string, { max: number; l1: number }> = {};

beforeAll(async () => {
  const cacheDir = join(tempProject().root, ".cache");
  const config = { ...loadConfig({ configPath: defaultConfigPath, env: {} }), cacheDir };
  const summary = await runPipeline({ config, select: ["attribution_channel_credits"], log: () => {} });
  expect(summary.failed).toBe(false);
  const truth = JSON.parse(readFileSync(join(config.generate!.outDir, "ground_truth.json"), "utf8"));
  planted = truth.channel_contributions.share_of_incremental_conversions;
  for (const row of await readParquet(martFile(cacheDir, "attribution_channel_credits"), "select * from t where conversion_kind = 'first'")) {
    (shares[String(row.model)] ??= {})[String(row.channel)] = Number(row.conversion_share);
  }
  for (const model of models) {
    const gaps = Object.keys(planted).map((channel) => Math.abs((shares[model][channel] ?? 0) - planted[channel]));
    distance[model] = { max: Math.max(...gaps), l1: gaps.reduce((a, b) => a + b, 0) };
  }
  const pct = (v: number) => (100 * v).toFixed(1).padStart(6);
  const lines = [`channel           planted ${models.map((m) => m.slice(0, 8).padStart(9)).join("")}`];
  for (const channel of Object.keys(planted)) lines.push(`${channel.padEnd(17)} ${pct(planted[channel])}  ${models.map((m) => `${pct(shares[m][channel] ?? 0)}   `).join("")}`);
  lines.push(`max |gap| (pts)          ${models.map((m) => `${pct(distance[m].max)}   `).join("")}`);
  lines.push(`sum |gap| (pts)          ${models.map((m) => `${pct(distance[m].l1)}   `).join("")}`);
  process.stderr.write(`\nShares of first-time conversions (%), default store, against the planted contributions:\n${lines.join("\n")}\n`);
}, 180_000);

describe("planted channel contributions on the default store", () => {
  test("every planted channel is a channel of the report, and nothing else converts", () => {
    expect(Object.keys(shares.shapley).filter((c) => shares.shapley[c] !== 0).sort()).toEqual(Object.keys(planted).sort());
  });

  test("Shapley recovers every channel's share within 4 percentage points (sum of gaps under 10 points)", () => {
    expect(distance.shapley.max).toBeLessThan(0.04);
    expect(distance.shapley.l1).toBeLessThan(0.1);
  });

  test("Markov: every channel within 7 percentage points, sum of gaps under 30 (no closer than linear: it credits channels by their place in paths, not by what they cause)", () => {
    expect(distance.markov.max).toBeLessThan(0.07);
    expect(distance.markov.l1).toBeLessThan(0.3);
  });

  test("Shapley is closer to the planted shares than every single-touch heuristic", () => {
    for (const model of ["first_touch", "last_touch", "last_non_direct"]) expect(distance.shapley.l1, model).toBeLessThan(distance[model].l1);
  });
});
