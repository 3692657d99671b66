// The model catalog of this project: every model file listed exactly once, its upstream the graph
// the pipeline plans and runs (and, as a second reading, the tables named after FROM/JOIN in each
// SQL file), and every page reading a mart listed on that mart.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { defaultConfigPath, modelsDir, projectRoot, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { planModels } from "../../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds } from "../../data-loaders/pipeline/project.ts";
import { buildModelCatalog } from "../../data-loaders/site/model-catalog.ts";
import { sourceTableName } from "../../data-loaders/sources/load-source.ts";

const config = loadConfig({ configPath: defaultConfigPath, env: {} });
const catalog = await buildModelCatalog({ config });
const models = catalog.nodes.filter((n) => ["staging", "intermediate", "marts"].includes(n.layer));
const byName = new Map(catalog.nodes.map((n) => [n.name, n]));

describe("model catalog of this project", () => {
  test("every model file under data-loaders/models is listed exactly once", () => {
    const files = (readdirSync(modelsDir, { recursive: true, encoding: "utf8" }) as string[])
      .filter((f) => /\.(sql|ts)$/.test(f))
      .map((f) => relative(projectRoot, join(modelsDir, f)))
      .sort();
    expect(files.length).toBeGreaterThan(50);
    expect(models.map((m) => m.path).sort()).toEqual(files);
    expect(new Set(catalog.nodes.map((n) => n.name)).size).toBe(catalog.nodes.length);
  });

  test("each model's upstream is the graph the pipeline runs", async () => {
    const { instance, connection } = await openDatabase();
    try {
      const plan = await planModels(connection, findModels(), findSeeds(seedsDir));
      expect(Object.fromEntries(models.map((m) => [m.name, m.upstream]))).toEqual(
        Object.fromEntries(plan.map((m) => [m.name, [...m.dependsOn, ...m.seeds, ...m.sources.map(sourceTableName)].sort()])),
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // Downstream is upstream read backwards.
    for (const node of catalog.nodes) for (const down of node.downstream) expect(byName.get(down)!.upstream).toContain(node.name);
  });

  test("a second reading of the SQL (FROM/JOIN names that are not CTEs) finds the same tables", () => {
    const known = new Set(catalog.nodes.map((n) => n.name));
    let checked = 0;
    for (const model of models.filter((m) => m.kind === "SQL")) {
      const sql = readFileSync(join(projectRoot, model.path), "utf8").replace(/--[^\n]*/g, "").replace(/'[^']*'/g, "''");
      const ctes = new Set([...sql.matchAll(/(?:with|,)\s*(?:recursive\s+)?([a-z_][a-z0-9_]*)\s+as\s*(?:(?:not\s+)?materialized\s*)?\(/gi)].map((m) => m[1].toLowerCase()));
      const named = new Set([...sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()/gi)].map((m) => m[1].toLowerCase()).filter((n) => known.has(n) && !ctes.has(n)));
      // An import CTE named after its table (`orders as (select * from orders)`, or `as not materialized (...)`) reads that table.
      for (const [, name] of sql.matchAll(/\b([a-z_][a-z0-9_]*)\s+as\s*(?:(?:not\s+)?materialized\s*)?\(\s*select\s+\*\s+from\s+\1\b/gi)) if (known.has(name.toLowerCase())) named.add(name.toLowerCase());
      expect([...named].sort(), model.name).toEqual(model.upstream);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  test("a mart read by a page lists that page (loaders named <mart>.<format>.ts, a second reading)", () => {
    const pagesDir = join(projectRoot, "src");
    const pageFiles = (readdirSync(pagesDir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(".md") && !f.startsWith("."));
    let pairs = 0;
    for (const file of pageFiles) {
      const path = "/" + file.replace(/\.md$/, "").replace(/(^|\/)index$/, "$1");
      const text = readFileSync(join(pagesDir, file), "utf8");
      for (const [, name] of text.matchAll(/FileAttachment\(\s*"(?:\.\.\/)*data\/([a-z0-9_]+)[.]/g)) {
        if (byName.get(name)?.layer !== "marts") continue;
        expect(byName.get(name)!.pages, `${name} on ${path}`).toContain(path);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(40);
    // By hand: the data quality page reads the ledger and the store summary.
    expect(byName.get("order_line_ledger")!.pages).toContain("/data-quality");
    expect(byName.get("store_summary")!.pages).toEqual(expect.arrayContaining(["/", "/data-quality"]));
  });
});
