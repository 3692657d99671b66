// Same input, byte-identical experiment marts: two builds from scratch of the same files write the
// same Parquet bytes (statistics are deterministic; no random numbers anywhere). And an export
// with an unreadable outcome stops with the file, row and column.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { experimentMarts, experimentProject, runExperiments } from "./helpers.ts";

const assignments = ["experiment_id,user_id,variant,assigned_at,landing_page,converted"];
// 600 users over 30 days in three arms, outcomes from a fixed rule, so every statistic is exercised.
for (let i = 0; i < 600; i++) {
  const variant = ["control", "b", "c"][i % 3];
  assignments.push(`e,u${i},${variant},2024-01-${String(1 + (i % 30)).padStart(2, "0")} 12:00:00,,${(i * 7919) % 10 < (variant === "b" ? 3 : 2) ? 1 : 0}`);
}
const files = {
  "analytics.config.yml": "name: test\nsources:\n  experiment_assignments:\n    path: a.csv\n    preset: canonical_with_outcome\n",
  "a.csv": assignments.join("\n") + "\n",
};

test("two builds from scratch write byte-identical experiment marts", async () => {
  const first = experimentProject(files);
  const second = experimentProject(files);
  for (const project of [first, second]) expect((await runExperiments(project)).failedTests).toEqual([]);
  for (const mart of experimentMarts) {
    const a = readFileSync(martFile(join(first.root, ".cache"), mart));
    const b = readFileSync(martFile(join(second.root, ".cache"), mart));
    expect(a.equals(b), mart).toBe(true);
  }
  expect((await first.mart("experiment_results")).length).toBe(3);
});

test("an outcome that is not true/false names file, row and column", async () => {
  const project = experimentProject({ ...files, "a.csv": [assignments[0], assignments[1], "e,u9999,b,2024-01-02 12:00:00,,maybe"].join("\n") + "\n" });
  await expect(runExperiments(project)).rejects.toThrow('a.csv, row 2 (line 3), column converted: "maybe" is not true or false (canonical experiment_assignments.converted)');
});
