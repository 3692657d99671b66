// The model catalog on a hand-made project: a source file, a seed, three models with YAML docs
// and tests (one planted to fail as a warning, one to pass, one more warning), two pages reading marts through
// loaders. Every expectation below is written out by hand from the fixture, not recomputed.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildModelCatalog, type ModelCatalog } from "../../data-loaders/site/model-catalog.ts";
import { lineageGraph, pageAt, pagesShowing, testCounts } from "../../src/models/lineage-graph.js";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const line = (invoice: string, qty: number, customer: string) => `${invoice},P1,THING,${qty},2011-01-03 10:00:00,2.5,${customer},United Kingdom`;

async function fixture(): Promise<ModelCatalog> {
  const project = tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    // Two lines have no customer: the not_null test below fails on exactly 2 rows (a warning: a run
    // failed by an error-severity test writes no marts, so its results never reach the catalog).
    "raw/lines.csv": uciCsv([line("500001", 2, "1.0"), line("500002", 1, ""), line("500003", 4, ""), line("500004", 1, "2.0")]),
    "seeds/weights.csv": "customer_id,weight\n1,1\n2,3\n",
    "models/staging/stg_shop__lines.sql": "select invoice_id, customer_id, quantity from src_order_lines",
    "models/staging/staging.yml": [
      "models:",
      "  - name: stg_shop__lines",
      "    description: One row per order line.",
      "    columns:",
      "      - name: customer_id",
      "        description: Who bought it.",
      "        tests: [{not_null: {severity: warn}}]",
      "      - name: invoice_id",
      "        tests: [unique]",
      "      - name: gone_column",
      "        description: A column the model no longer has.",
    ].join("\n"),
    "models/intermediate/int_customers_weighted.sql":
      "with lines as (select * from stg_shop__lines), weights as (select * from weights)\nselect customer_id, sum(quantity * weight) as weighted from lines join weights using (customer_id) group by all",
    "models/marts/customer_value.sql": "select customer_id, weighted as value from int_customers_weighted",
    "models/marts/marts.yml": [
      "models:",
      "  - name: customer_value",
      "    description: Weighted units per customer.",
      "    tests:",
      "      - row_count: {min: 5, severity: warn}",
      "    columns:",
      "      - name: value",
      "        tests: [not_null]",
    ].join("\n"),
    "site/index.md": "---\ntitle: Home\n---\n\n```js\nconst v = FileAttachment(\"data/customer_value.json\").json();\n```\n",
    "site/shop/value.md": "---\ntitle: Value by customer\n---\n\n```js\nconst v = FileAttachment(\"../data/customer_value.cells.json\").json();\nconst m = FileAttachment(\"../data/notes.json\").json();\n```\n",
    "site/shop/plain.md": "---\ntitle: No data\n---\n\nText only.\n",
    "site/data/customer_value.json.ts": 'await emitMart("customer_value", "json");\n',
    "site/data/customer_value.cells.json.ts": 'await emitSummary(["customer_value", "stg_shop__lines"], { cells: "select 1" });\n',
  });
  const run = await project.run();
  // The planted failures are warnings: the run succeeds and records them.
  expect(run.failed).toBe(false);
  return buildModelCatalog({ config: project.config(), modelsRoot: project.modelsRoot, seedsRoot: project.seedsRoot, siteRoot: join(project.root, "site") });
}

describe("model catalog on a hand-made project", async () => {
  const catalog = await fixture();
  const node = (name: string) => catalog.nodes.find((n) => n.name === name)!;

  test("lists every model, seed and source once, with its layer, kind and upstream", () => {
    const models = catalog.nodes.filter((n) => !["source"].includes(n.layer)).map((n) => [n.name, n.layer, n.kind, n.upstream]);
    expect(models).toEqual([
      ["weights", "seed", "CSV", []],
      ["stg_shop__lines", "staging", "SQL", ["src_order_lines"]],
      ["int_customers_weighted", "intermediate", "SQL", ["stg_shop__lines", "weights"]],
      ["customer_value", "marts", "SQL", ["int_customers_weighted"]],
    ]);
    expect(node("src_order_lines").files).toEqual([expect.stringMatching(/raw\/lines\.csv$/)]);
    expect(node("src_customers").files).toEqual([]);
    expect(node("stg_shop__lines").downstream).toEqual(["int_customers_weighted"]);
    expect(node("weights").downstream).toEqual(["int_customers_weighted"]);
  });

  test("a failing warning test shows as warned with its failing rows; a passing one as passed", () => {
    expect(node("stg_shop__lines").tests).toEqual([
      { id: "stg_shop__lines.customer_id.not_null", column: "customer_id", test: "not_null", severity: "warn", status: "warn", failing_rows: 2 },
      { id: "stg_shop__lines.invoice_id.unique", column: "invoice_id", test: "unique", severity: "error", status: "pass", failing_rows: 0 },
    ]);
    // Two customers, fewer than the 5 rows the warning asks for.
    expect(node("customer_value").tests.map((t) => [t.test, t.status])).toEqual([["row_count", "warn"], ["not_null", "pass"]]);
    expect(testCounts(catalog.nodes)).toEqual({ pass: 2, warn: 2, fail: 0, "not run": 0 });
    expect(catalog.tests_recorded).toBe(true);
  });

  test("descriptions and columns come from the YAML and the built table", () => {
    const staging = node("stg_shop__lines");
    expect(staging.description).toBe("One row per order line.");
    expect(staging.columns).toEqual([
      { name: "invoice_id", type: "VARCHAR", description: null },
      { name: "customer_id", type: "VARCHAR", description: "Who bought it." },
      { name: "quantity", type: "INTEGER", description: null },
      { name: "gone_column", type: null, description: "A column the model no longer has.", missing: true },
    ]);
    expect(node("weights").columns.map((c) => c.name)).toEqual(["customer_id", "weight"]);
    // A source's columns carry the canonical descriptions.
    expect(node("src_order_lines").columns.find((c) => c.name === "invoice_id")?.description).toMatch(/C prefix/);
  });

  test("pages: a mart read by a page lists it, through emitMart and emitSummary loaders; pages without data are left out", () => {
    expect(node("customer_value").pages).toEqual(["/", "/shop/value"]);
    expect(node("stg_shop__lines").pages).toEqual(["/shop/value"]);
    expect(node("int_customers_weighted").pages).toEqual([]);
    expect(catalog.pages).toEqual([
      { path: "/", title: "Home", models: ["customer_value"] },
      { path: "/shop/value", title: "Value by customer", models: ["customer_value", "stg_shop__lines"] },
    ]);
    expect(pagesShowing(catalog, "weights")).toEqual(["/", "/shop/value"]);
  });

  test("lineage of the intermediate model: raw file to pages, each link once", () => {
    const graph = lineageGraph(catalog, "int_customers_weighted");
    expect(graph.nodes.map((n) => [n.id, n.role]).sort()).toEqual([
      ["customer_value", "downstream"],
      ["file:" + node("src_order_lines").files![0], "upstream"],
      ["int_customers_weighted", "selected"],
      ["page:/", "downstream"],
      ["page:/shop/value", "downstream"],
      ["src_order_lines", "upstream"],
      ["stg_shop__lines", "upstream"],
      ["weights", "upstream"],
    ].sort());
    expect(graph.links.map((l) => `${l.source} -> ${l.target}`)).toEqual([
      "customer_value -> page:/",
      "customer_value -> page:/shop/value",
      "file:" + node("src_order_lines").files![0] + " -> src_order_lines",
      "int_customers_weighted -> customer_value",
      "src_order_lines -> stg_shop__lines",
      "stg_shop__lines -> int_customers_weighted",
      "weights -> int_customers_weighted",
    ].sort());
    // Direct: inputs and readers only; the staging model's own page is not downstream of this model.
    const direct = lineageGraph(catalog, "int_customers_weighted", { depth: "direct" });
    expect(direct.nodes.map((n) => n.id).sort()).toEqual(["customer_value", "int_customers_weighted", "page:/", "page:/shop/value", "stg_shop__lines", "weights"]);
  });
});

describe("which page an address is", () => {
  const pages = [{ path: "/" }, { path: "/customers/" }, { path: "/customers/churn" }, { path: "/data-quality" }];
  test.each([
    ["/", "/"],
    ["/sub/", "/"],
    ["/sub/customers/", "/customers/"],
    ["/sub/customers", "/customers/"],
    ["/sub/customers/index.html", "/customers/"],
    ["/sub/customers/churn", "/customers/churn"],
    ["/home/me/site/customers/churn.html", "/customers/churn"],
    ["/sub/data-quality", "/data-quality"],
  ])("%s is %s", (address, path) => {
    expect(pageAt(pages, address)?.path).toBe(path);
  });
});
