// Vars are declared once (data-loaders/models/vars.yml) with a type, default and range: a
// misspelt name, a wrong type or an out-of-range value stops the build naming the var and where it
// was set, instead of being ignored or failing later as a SQL conversion error in some model.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { modelsDir } from "../../data-loaders/pipeline/paths.ts";
import { findModels } from "../../data-loaders/pipeline/project.ts";
import { varsIn } from "../../data-loaders/pipeline/plan.ts";
import { importTsModel } from "../../data-loaders/pipeline/ts-model.ts";
import { expectation, readVarDeclarations, resolveVars, varsFile, withBuildDay } from "../../data-loaders/pipeline/vars.ts";
import { seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";

const declared = readVarDeclarations();

const resolve = (given: Record<string, unknown>, origins: Record<string, string> = {}) =>
  resolveVars(given as Record<string, string | number | boolean | null>, origins, declared, []);

describe("var declarations", () => {
  test("every var a repository model or data test reads is declared, and every declared var is read", async () => {
    const read = new Set<string>();
    for (const model of findModels(modelsDir)) {
      if (model.language === "ts") for (const v of (await importTsModel(model.path, "vars-test")).vars ?? []) read.add(v);
      else for (const v of varsIn(model.source)) read.add(v);
    }
    const specFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith(".yml") ? [join(dir, e.name)] : []));
    for (const file of specFiles(modelsDir).filter((f) => f !== varsFile())) for (const v of varsIn(readFileSync(file, "utf8"))) read.add(v);
    expect([...read].filter((v) => !declared.has(v)).sort()).toEqual([]);
    expect([...declared.keys()].filter((v) => !read.has(v)).sort()).toEqual([]);
  });

  test("the default config sets only declared vars, each to an allowed value", () => {
    const config = loadConfig({ env: {} });
    expect(() => resolveVars(config.vars, config.varOrigins ?? {}, declared, [])).not.toThrow();
  });

  test("defaults are filled in for vars the config leaves out", () => {
    const vars = resolve({ churn_window_days: 120 });
    expect(vars.churn_window_days).toBe(120);
    expect(vars.mau_window_days).toBe(28);
    expect(vars.currency).toBe("GBP");
    expect(vars.snapshot_date).toBeNull();
  });

  test("expectations read as words", () => {
    expect(expectation(declared.get("churn_window_days")!)).toBe("a whole number, at least 1 and at most 3650");
    expect(expectation(declared.get("experiment_alpha")!)).toBe("a number, above 0 and below 0.5");
    expect(expectation(declared.get("mau_window_days")!)).toBe("a whole number, one of 28, 30");
    expect(expectation(declared.get("snapshot_date")!)).toBe("a date written YYYY-MM-DD, or null to leave it unset");
  });
});

describe("a bad var stops the build naming it", () => {
  test("a misspelt var from the command line is named, with where it was set and the closest known name", () => {
    expect(() => resolve({ churn_windw_days: 120 }, { churn_windw_days: "--var churn_windw_days=120" })).toThrow(/^--var churn_windw_days=120: unknown var "churn_windw_days"\. Did you mean "churn_window_days"\? Known vars: attribution_half_life_days, /);
  });

  test("wrong type, out of range, not an allowed value, bad date, bad currency", () => {
    expect(() => resolve({ churn_window_days: -5 })).toThrow("vars.churn_window_days: var churn_window_days is -5; it must be a whole number, at least 1 and at most 3650");
    expect(() => resolve({ churn_window_days: "abc" })).toThrow('var churn_window_days is "abc"; it must be a whole number');
    expect(() => resolve({ churn_window_days: 90.5 })).toThrow(/churn_window_days is 90\.5/);
    expect(() => resolve({ churn_window_days: null })).toThrow(/churn_window_days is null/);
    expect(() => resolve({ mau_window_days: 31 })).toThrow("var mau_window_days is 31; it must be a whole number, one of 28, 30");
    expect(() => resolve({ snapshot_date: "2011-02-30" })).toThrow(/snapshot_date is "2011-02-30"; it must be a date written YYYY-MM-DD/);
    expect(() => resolve({ snapshot_date: "12/31/2011" })).toThrow(/snapshot_date/);
    expect(() => resolve({ currency: "pounds" })).toThrow(/currency is "pounds"; it must be a text, matching \^\[A-Z\]\{3\}\$/);
    expect(() => resolve({ experiment_alpha: 0.5 })).toThrow(/experiment_alpha is 0\.5/);
    expect(resolve({ snapshot_date: "2011-12-31", experiment_alpha: 0.01 })).toMatchObject({ snapshot_date: "2011-12-31", experiment_alpha: 0.01 });
  });

  test("an undeclared var that a model reads is accepted (a new model before its declaration)", () => {
    expect(resolveVars({ bonus: 2 }, {}, declared, ["bonus"]).bonus).toBe(2);
  });

  test("loadConfig records where each var was set: file, environment or flag", () => {
    const project = tempProject({ "analytics.config.yml": "name: t\nvars:\n  churn_window_days: 60\n  currency: EUR\n" });
    const config = loadConfig({ configPath: join(project.root, "analytics.config.yml"), env: { ANALYTICS_VAR_CURRENCY: "USD" }, vars: ["mau_window_days=30"] });
    expect(config.varOrigins).toEqual({
      churn_window_days: expect.stringMatching(/analytics\.config\.yml: vars\.churn_window_days$/),
      currency: "environment variable ANALYTICS_VAR_CURRENCY",
      mau_window_days: "--var mau_window_days=30",
    });
  });

  test("a pipeline run with a misspelt --var fails before any model runs", async () => {
    const project = tempProject({ "analytics.config.yml": "name: t\nsources: {}\n" });
    await expect(project.run({ config: project.config({ vars: ["churn_windw_days=120"] }), modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["report_settings"] })).rejects.toThrow(/--var churn_windw_days=120: unknown var "churn_windw_days"\. Did you mean "churn_window_days"\?/);
    await expect(project.run({ config: project.config({ vars: ["churn_window_days=abc"] }), modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["report_settings"] })).rejects.toThrow(/--var churn_window_days=abc: var churn_window_days is "abc"; it must be a whole number/);
  });

  test("a declaration whose default breaks its own range is an error in the declarations file", () => {
    const project = tempProject({ "models/vars.yml": "x:\n  type: integer\n  default: 0\n  min: 1\n  description: d\n" });
    expect(() => readVarDeclarations(varsFile(project.modelsRoot))).toThrow(/vars\.yml: x: default: var x is 0; it must be a whole number, at least 1/);
    const typo = tempProject({ "models/vars.yml": "x:\n  type: integer\n  default: 1\n  minimum: 1\n  description: d\n" });
    expect(() => readVarDeclarations(varsFile(typo.modelsRoot))).toThrow(/unknown key "minimum"/);
  });
});

describe("plausible_last_date", () => {
  test("left null, it is the build's UTC day, filled in before the cache hashes the vars; a pinned day stays", () => {
    const declarations = readVarDeclarations();
    const resolved = resolveVars({}, {}, declarations, []);
    expect(resolved.plausible_last_date).toBeNull();
    // 23:30 at UTC-5 on 1 March is already 2 March in UTC.
    expect(withBuildDay(resolved, new Date("2026-03-01T23:30:00-05:00")).plausible_last_date).toBe("2026-03-02");
    const pinned = resolveVars({ plausible_last_date: "2011-12-31" }, {}, declarations, []);
    expect(withBuildDay(pinned, new Date("2026-03-01T12:00:00Z")).plausible_last_date).toBe("2011-12-31");
  });
});
