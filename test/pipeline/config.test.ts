// The config file is validated with messages that name the file and key, and per-run
// overrides (flags, environment) win over it.
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { readVarDeclarations, resolveVars } from "../../data-loaders/pipeline/vars.ts";
import { tempProject } from "../helpers/temp-project.ts";

const write = (yaml: string) => {
  const project = tempProject({ "analytics.config.yml": yaml });
  return `${project.root}/analytics.config.yml`;
};

describe("loadConfig", () => {
  test("a misspelt key is named with a suggestion", () => {
    expect(() => loadConfig({ configPath: write("name: x\nsoruces: {}\n"), env: {} })).toThrow(/unknown key "soruces"\. Did you mean "sources"\?/);
  });

  test("an unknown canonical table is named with the list of tables", () => {
    expect(() => loadConfig({ configPath: write("sources:\n  order_line:\n    path: x.csv\n"), env: {} })).toThrow(/"order_line" is not a canonical table \(order_lines, customers, events, experiment_assignments[^)]*\)\. Did you mean "order_lines"\?/);
  });

  test("an unknown preset lists the known ones", () => {
    expect(() => loadConfig({ configPath: write("sources:\n  order_lines:\n    path: x.csv\n    preset: uci\n"), env: {} })).toThrow(/unknown preset "uci" for order_lines \(known: canonical, uci_online_retail, cdnow_transactions, shopify_orders\)/);
  });

  test("customer_value_basis must be net or gross, from the file or an override (checked against vars.yml)", () => {
    const resolve = (config: ReturnType<typeof loadConfig>) => resolveVars(config.vars, config.varOrigins ?? {}, readVarDeclarations(), []);
    expect(() => resolve(loadConfig({ configPath: write("vars:\n  customer_value_basis: nett\n"), env: {} }))).toThrow(/analytics\.config\.yml: vars\.customer_value_basis: var customer_value_basis is "nett"; it must be a text, one of "net", "gross"/);
    expect(() => resolve(loadConfig({ configPath: write("name: x\n"), env: { ANALYTICS_VAR_CUSTOMER_VALUE_BASIS: "Gross" } }))).toThrow(/environment variable ANALYTICS_VAR_CUSTOMER_VALUE_BASIS: var customer_value_basis is "Gross"/);
    expect(resolve(loadConfig({ configPath: write("vars:\n  customer_value_basis: gross\n"), env: {} })).customer_value_basis).toBe("gross");
    expect(resolve(loadConfig({ configPath: write("name: x\n"), env: {} })).customer_value_basis).toBe("net");
  });

  test("a column override must name a canonical column", () => {
    expect(() => loadConfig({ configPath: write("sources:\n  order_lines:\n    path: x.csv\n    columns: {custmer_id: CustID}\n"), env: {} })).toThrow(/columns: "custmer_id" is not a column of order_lines\. Did you mean "customer_id"\?/);
  });

  test("paths are relative to the config file; the cache is per config name", () => {
    const path = write("name: shop\nsources:\n  order_lines:\n    path: raw/lines.csv\n");
    const config = loadConfig({ configPath: path, env: {} });
    expect(config.sources.order_lines?.path).toBe(path.replace("analytics.config.yml", "raw/lines.csv"));
    expect(config.cacheDir.endsWith("/.cache/shop")).toBe(true);
  });

  test("environment and flags override sources and vars; flags win", () => {
    const path = write("sources:\n  order_lines:\n    path: a.csv\n    preset: uci_online_retail\nvars:\n  window: 90\n");
    const env = { ANALYTICS_SOURCE_ORDER_LINES: "/data/b.csv", ANALYTICS_VAR_WINDOW: "120" };
    const fromEnv = loadConfig({ configPath: path, env });
    expect([fromEnv.sources.order_lines?.path, fromEnv.sources.order_lines?.preset, fromEnv.vars.window]).toEqual(["/data/b.csv", "uci_online_retail", 120]);
    const fromFlags = loadConfig({ configPath: path, env, sources: ["order_lines=/data/c.parquet#canonical"], vars: ["window=30", "label=spring"] });
    expect([fromFlags.sources.order_lines?.path, fromFlags.sources.order_lines?.preset, fromFlags.vars.window, fromFlags.vars.label]).toEqual(["/data/c.parquet", "canonical", 30, "spring"]);
  });

  test("ANALYTICS_CONFIG chooses the file", () => {
    const path = write("name: other\n");
    expect(loadConfig({ env: { ANALYTICS_CONFIG: path } }).name).toBe("other");
  });

  test("a missing config file is named", () => {
    expect(() => loadConfig({ configPath: "/nowhere/analytics.yml", env: {} })).toThrow("Config file not found: /nowhere/analytics.yml");
  });
});
