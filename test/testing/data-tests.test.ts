// Each data test kind on a hand-made table whose failing rows are counted by hand.
import { describe, expect, test } from "vitest";
import { tempProject } from "../helpers/temp-project.ts";

// id 3 appears twice; status has one unknown value; amount has one negative and one null; parent_id 9 has no parent.
const model = `select * from (values
  (1, 'open', 10.0, null),
  (2, 'closed', -5.0, 1),
  (3, 'open', null, 1),
  (3, 'weird', 7.0, 9)
) as t(id, status, amount, parent_id)`;

async function runWith(tests: string) {
  const project = tempProject({ "models/marts/things.sql": model, "models/marts/things.yml": tests });
  const summary = await project.run();
  // A failed run writes no mart (the last good set stays): its results are in the summary alone.
  return { summary, results: Object.fromEntries(summary.tests.map((r) => [r.test.id, r])), mart: summary.failed ? [] : await project.mart("data_test_results") };
}

describe("data tests", () => {
  test("every kind counts its failing rows", async () => {
    const { results } = await runWith(`
models:
  - name: things
    tests:
      - row_count: {min: 5}
      - row_count: {min: 1, max: 4, severity: warn}
      - expression_is_true: {expression: "amount > 0", severity: warn}
      - unique: {columns: [id, status], severity: warn}
    columns:
      - name: id
        tests: [unique, not_null]
      - name: status
        tests:
          - accepted_values: {values: [open, closed]}
      - name: amount
        tests:
          - not_null: {severity: warn}
          - accepted_range: {min: 0}
          - accepted_range: {min: -5, inclusive: false, severity: warn}
      - name: parent_id
        tests:
          - relationships: {to: things, field: id}
`);
    const failing = Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.failingRows]));
    expect(failing).toEqual({
      "things.row_count": 1, // 4 rows < 5: one failing row that shows the count
      "things.row_count_2": 0,
      "things.expression_is_true": 2, // -5 is not > 0; null is not true
      "things.unique": 0, // (3, open) and (3, weird) differ
      "things.id.unique": 2, // both rows with id 3
      "things.id.not_null": 0,
      "things.status.accepted_values": 1,
      "things.amount.not_null": 1,
      "things.amount.accepted_range": 1,
      "things.amount.accepted_range_2": 1, // -5 is not > -5
      "things.parent_id.relationships": 1,
    });
    expect(results["things.row_count"].examples).toEqual([{ row_count: 4n }]);
    expect(results["things.status.accepted_values"].examples).toEqual([{ id: 3, status: "weird", amount: 7, parent_id: 9 }]);
  });

  test("an error-severity failure fails the run; a warning does not", async () => {
    const failing = await runWith("models:\n  - name: things\n    columns:\n      - name: id\n        tests: [unique]\n");
    expect(failing.summary.failed).toBe(true);
    expect(failing.summary.log.join("\n")).toMatch(/FAIL things\.id\.unique \(error\): 2 failing row\(s\) \[.*things\.yml\]\n.*"id":3/);
    const warning = await runWith("models:\n  - name: things\n    columns:\n      - name: id\n        tests: [{unique: {severity: warn}}]\n");
    expect(warning.summary.failed).toBe(false);
    expect(warning.summary.log.join("\n")).toMatch(/WARN things\.id\.unique \(warn\)/);
  });

  test("results land in the data_test_results mart", async () => {
    const { mart } = await runWith("models:\n  - name: things\n    columns:\n      - name: id\n        tests: [not_null, {unique: {severity: warn}}]\n");
    expect(mart.map(({ test_id, status, failing_rows, severity }) => ({ test_id, status, failing_rows, severity }))).toEqual([
      { test_id: "things.id.not_null", status: "pass", failing_rows: 0n, severity: "error" },
      { test_id: "things.id.unique", status: "warn", failing_rows: 2n, severity: "warn" },
    ]);
    expect(JSON.parse(String(mart[1].example_rows))).toHaveLength(2);
  });

  test("a misspelt test kind is an error with a suggestion", async () => {
    await expect(runWith("models:\n  - name: things\n    columns:\n      - name: id\n        tests: [uniqe]\n")).rejects.toThrow(/things\.yml: things\.id: unknown test "uniqe".*Did you mean "unique"\?/);
  });

  test("a test on a column that does not exist names the spec file and the test", async () => {
    await expect(runWith("models:\n  - name: things\n    columns:\n      - name: idd\n        tests: [not_null]\n")).rejects.toThrow(/things\.yml: test things\.idd\.not_null could not run: .*idd/);
  });

  test("a test on an unknown model is an error", async () => {
    await expect(runWith("models:\n  - name: thingz\n    tests: [{row_count: {min: 1}}]\n")).rejects.toThrow(/test thingz\.row_count is on "thingz", which is not a model, seed or source/);
  });
});
