// Data test results kept between runs (data-loaders/testing/result-cache.ts): a rebuild re-runs a
// test exactly when something it reads or says changed, and a kept result is the one a fresh run
// gives, down to the data_test_results mart.
import { describe, expect, test } from "vitest";
import { tempProject, uciCsv, uciLine } from "../helpers/temp-project.ts";

// Four tests on customer_value: one on its own column, one naming a seed in its expression (a seed
// customer_value does not read), one reading a var, one pointing at another model.
function shop() {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\nvars:\n  ceiling: 100\n",
    "raw/lines.csv": uciCsv([uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10, "2"), uciLine("500003", 4, 1, "1")]),
    "seeds/weights.csv": "customer_id,weight\n1,1\n2,1\n",
    "seeds/caps.csv": "cap\n20\n",
    "models/staging/stg_shop__lines.sql": "select invoice_id, customer_id, quantity * unit_price as revenue from src_order_lines",
    "models/marts/customer_value.sql":
      "with lines as (select * from stg_shop__lines), weights as (select * from weights)\nselect customer_id, sum(revenue * weight) as value from lines join weights using (customer_id) group by all",
    "models/marts/customer_list.sql": "select distinct customer_id from stg_shop__lines",
    "models/marts/marts.yml": `models:
  - name: customer_value
    columns:
      - name: value
        tests:
          - not_null
          - expression_is_true: {expression: "value < (select max(cap) from caps)", severity: warn}
          - expression_is_true: {expression: "value <= getvariable('ceiling')", severity: warn}
      - name: customer_id
        tests:
          - relationships: {to: customer_list, field: customer_id}
`,
  });
}

const kept = (log: string[]) => Number(/; (\d+) of them kept from an earlier run/.exec(log.find((l) => l.startsWith("tests ")) ?? "")?.[1] ?? 0);
const outcome = (summary: { tests: { test: { id: string }; status: string; failingRows: number }[] }) =>
  Object.fromEntries(summary.tests.map((r) => [r.test.id, `${r.status} ${r.failingRows}`]));

describe("data test results kept between runs", () => {
  test("a second run keeps every result, and publishes the same results", async () => {
    const project = shop();
    const first = await project.run();
    expect(first.tests).toHaveLength(4);
    expect(kept(first.log)).toBe(0);
    const firstResults = await project.mart("data_test_results");
    const second = await project.run();
    expect(kept(second.log)).toBe(4);
    expect(outcome(second)).toEqual(outcome(first));
    expect(await project.mart("data_test_results")).toEqual(firstResults);
    expect(second.exported).toEqual([]); // the data_test_results mart is byte for byte the same
  });

  test("a seed named only in a test's expression re-runs that test alone, with the new answer", async () => {
    const project = shop();
    const first = await project.run();
    const capId = first.tests.find((r) => String(r.test.options.expression ?? "").includes("caps"))!.test.id;
    // Both customers' values are 10 (2 * 3 + 4 * 1, and 1 * 10): under a cap of 20, over one of 8.
    expect(outcome(first)[capId]).toBe("pass 0");
    project.write("seeds/caps.csv", "cap\n8\n");
    const lowered = await project.run();
    expect(kept(lowered.log)).toBe(3);
    expect(outcome(lowered)[capId]).toBe("warn 2");
    // Back to the first cap: the test runs again (the file keeps the last run's results only) and
    // answers as it first did.
    project.write("seeds/caps.csv", "cap\n20\n");
    const restored = await project.run();
    expect(kept(restored.log)).toBe(3);
    expect(outcome(restored)).toEqual(outcome(first));
  });

  test("a model the tested table reads re-runs all its tests", async () => {
    const project = shop();
    await project.run();
    project.write("seeds/weights.csv", "customer_id,weight\n1,1\n2,3\n");
    const reweighted = await project.run();
    expect(kept(reweighted.log)).toBe(0);
  });

  test("a var a test reads re-runs that test only, and its answer follows the var", async () => {
    const project = shop();
    const first = await project.run();
    const ceilingId = first.tests.find((r) => String(r.test.options.expression ?? "").includes("ceiling"))!.test.id;
    expect(outcome(first)[ceilingId]).toBe("pass 0");
    const lowered = await project.run({ config: project.config({ vars: ["ceiling=12"] }) });
    expect(kept(lowered.log)).toBe(3);
    // customer 1's value is 2 * 3 + 4 * 1 = 10, customer 2's 10: still under 12. At 9 both fail.
    expect(outcome(lowered)[ceilingId]).toBe("pass 0");
    const stricter = await project.run({ config: project.config({ vars: ["ceiling=9"] }) });
    expect(kept(stricter.log)).toBe(3);
    expect(outcome(stricter)[ceilingId]).toBe("warn 2");
  });

  test("a model a relationships test points at re-runs it; --full-refresh re-runs every test", async () => {
    const project = shop();
    await project.run();
    project.write("models/marts/customer_list.sql", "select distinct customer_id from stg_shop__lines where customer_id = '1'");
    const changed = await project.run();
    expect(kept(changed.log)).toBe(3);
    expect(changed.tests.find((r) => r.test.kind === "relationships")!.failingRows).toBe(1);
    const refreshed = await project.run({ fullRefresh: true });
    expect(kept(refreshed.log)).toBe(0);
  });
});
