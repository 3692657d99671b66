// The journey marts on the default store's raw events against the TypeScript reference in
// reference.ts (loops, not SQL): every row of journey_paths, journey_flows and
// journey_path_lengths equal, counts exactly and shares to 1e-12. Run with the default config's
// settings and with small ones, so that "(other paths)" and "(more steps)" appear.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { ensureDefaultStore } from "../../data-loaders/pipeline/default-store.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { disagreements, warehouseQuery } from "../engagement/helpers.ts";
import { tempProject } from "../helpers/temp-project.ts";
import { afterExit, flows, journeys, pathLengths, readRawEvents, topPaths, type Journey } from "./reference.ts";

const config = loadConfig({ env: {} });
const eventsFile = config.sources.events!.path;
const settings = {
  "the default config": { top: Number(config.vars.journey_top_paths ?? 20), steps: Number(config.vars.journey_flow_steps ?? 6) },
  "small settings": { top: 3, steps: 4 },
};
let reference: Journey[];

beforeAll(async () => {
  if (!existsSync(eventsFile) && config.generate) await ensureDefaultStore(config.generate, () => {});
  reference = journeys(await readRawEvents(eventsFile));
}, 300_000);

describe.each(Object.entries(settings))("with %s", (_name, { top, steps }) => {
  let cache: string;
  beforeAll(async () => {
    const project = tempProject({
      "analytics.config.yml": `name: journeys\nsources:\n  events:\n    path: ${eventsFile}\nvars:\n  journey_top_paths: ${top}\n  journey_flow_steps: ${steps}\n`,
    });
    const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["journey_paths", "journey_flows", "journey_path_lengths", "journey_after_exit"] });
    if (summary.failed) throw new Error(summary.log.join("\n"));
    cache = join(project.root, ".cache");
  }, 300_000);
  const mart = async (name: string) =>
    (await warehouseQuery(cache, name, "select * from t")).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

  test("journey_paths equals the reference, row for row", async () => {
    const expected = topPaths(reference, top);
    expect(expected.reduce((sum, r) => sum + r.sessions, 0)).toBe(reference.length);
    expect(disagreements(await mart("journey_paths"), expected as unknown as Record<string, unknown>[], ["path_rank", "path"], 1e-12)).toEqual([]);
  });

  test("journey_flows equals the reference, row for row", async () => {
    const expected = flows(reference, steps);
    expect(disagreements(await mart("journey_flows"), expected as unknown as Record<string, unknown>[], ["step_index", "from_node", "to_node"])).toEqual([]);
  });

  test("journey_after_exit equals the reference", async () => {
    const expected = afterExit(reference);
    expect(expected.reduce((sum, r) => sum + r.sessions, 0)).toBe(reference.filter((j) => !j.purchased).length);
    expect(disagreements(await mart("journey_after_exit"), expected as unknown as Record<string, unknown>[], ["exit_step", "next_step"], 1e-12)).toEqual([]);
  });

  test("journey_path_lengths equals the reference", async () => {
    expect(disagreements(await mart("journey_path_lengths"), pathLengths(reference) as unknown as Record<string, unknown>[], ["length"])).toEqual([]);
  });
});

test("the default store exercises the rules: repeats collapsed, purchases cut the walk, several paths", () => {
  expect(reference.length).toBeGreaterThan(10_000);
  expect(reference.filter((j) => j.events > j.steps.length).length).toBeGreaterThan(1000);
  expect(new Set(reference.map((j) => j.steps.join(">"))).size).toBeGreaterThan(3);
  expect(reference.filter((j) => j.purchased).length).toBeGreaterThan(100);
});
