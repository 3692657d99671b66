// RFM values and quintile scores on a hand-worked example: ten customers whose recency,
// frequency, spend and scores were computed on paper (see the comments), run through the
// project's real models in DuckDB.
import { expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";
import { config, orderLines } from "./fixtures/ten-customers.ts";

// Snapshot 2011-12-10 (day after the last invoice). Scores: ntile(5) over 10 customers, two per score.
// R: recency desc  c04 365, c07 283 | c03 131, c09 92 | c08 67, c05 35 | c02 9, c06 5 | c10 4, c01 1
// F: frequency, then spend  c06, c01 | c04, c09 | c02, c07 | c03, c08 | c05, c10
// M: spend, then frequency  c06, c03 | c10, c01 | c02, c08 | c05, c04 | c07, c09
// FM = ceil((F + M) / 2)
const expected = [
  { customer_id: "c01", recency_days: 1, frequency: 1, monetary: 100, tenure_days: 1, r_score: 5, f_score: 1, m_score: 2, fm_score: 2 },
  { customer_id: "c02", recency_days: 9, frequency: 2, monetary: 100, tenure_days: 343, r_score: 4, f_score: 3, m_score: 3, fm_score: 3 },
  { customer_id: "c03", recency_days: 131, frequency: 3, monetary: 30, tenure_days: 192, r_score: 2, f_score: 4, m_score: 1, fm_score: 3 },
  { customer_id: "c04", recency_days: 365, frequency: 1, monetary: 500, tenure_days: 365, r_score: 1, f_score: 2, m_score: 4, fm_score: 3 },
  { customer_id: "c05", recency_days: 35, frequency: 5, monetary: 100, tenure_days: 39, r_score: 3, f_score: 5, m_score: 4, fm_score: 5 },
  { customer_id: "c06", recency_days: 5, frequency: 1, monetary: 5, tenure_days: 5, r_score: 4, f_score: 1, m_score: 1, fm_score: 1 },
  { customer_id: "c07", recency_days: 283, frequency: 2, monetary: 600, tenure_days: 284, r_score: 1, f_score: 3, m_score: 5, fm_score: 4 },
  { customer_id: "c08", recency_days: 67, frequency: 4, monetary: 100, tenure_days: 70, r_score: 3, f_score: 4, m_score: 3, fm_score: 4 },
  { customer_id: "c09", recency_days: 92, frequency: 1, monetary: 1000, tenure_days: 92, r_score: 2, f_score: 2, m_score: 5, fm_score: 4 },
  { customer_id: "c10", recency_days: 4, frequency: 6, monetary: 60, tenure_days: 9, r_score: 5, f_score: 5, m_score: 2, fm_score: 4 },
];

test("customer_rfm reproduces the hand-worked scores", async () => {
  const project = tempProject({
    "analytics.config.yml": config,
    "lines.csv": orderLines(),
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(summary.failed).toBe(false);
  const rows = await project.mart("customer_rfm");
  const actual = rows.map(({ customer_id, recency_days, frequency, monetary, tenure_days, r_score, f_score, m_score, fm_score }) => ({
    customer_id, recency_days: Number(recency_days), frequency: Number(frequency), monetary: Number(monetary),
    tenure_days: Number(tenure_days), r_score: Number(r_score), f_score: Number(f_score), m_score: Number(m_score), fm_score: Number(fm_score),
  }));
  expect(actual).toEqual(expected);
  expect(rows.every((r) => new Date(r.snapshot_date as string).toISOString().startsWith("2011-12-10"))).toBe(true);
});

test("a pinned snapshot date moves recency and tenure, not frequency or spend", async () => {
  const project = tempProject({
    "analytics.config.yml": `${config}  snapshot_date: '2011-12-31'\n`,
    "lines.csv": orderLines(),
  });
  await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  const c01 = (await project.mart("customer_rfm")).find((r) => r.customer_id === "c01")!;
  expect([Number(c01.recency_days), Number(c01.tenure_days), Number(c01.frequency), Number(c01.monetary)]).toEqual([22, 22, 1, 100]);
});

// vars.rfm_scoring = thresholds: each value scored by the interval of seeds/rfm_score_thresholds.csv
// it falls in (recency 0-30 days 5, 31-90 4, 91-180 3, 181-365 2, older 1; orders 1 / 2 / 3-4 /
// 5-9 / 10+; net value <100 / <250 / <500 / <1000 / more), worked by hand from the values above.
test("fixed thresholds score each customer by the seed's bounds, not against the others", async () => {
  const project = tempProject({
    "analytics.config.yml": `${config}  rfm_scoring: thresholds\n`,
    "lines.csv": orderLines(),
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(summary.failed, summary.log.filter((l) => /FAIL/.test(l)).join("\n")).toBe(false);
  const scores = Object.fromEntries((await project.mart("customer_rfm")).map((r) => [r.customer_id, [r.r_score, r.f_score, r.m_score, r.fm_score].map(Number)]));
  expect(scores).toEqual({
    c01: [5, 1, 2, 2], c02: [5, 2, 2, 2], c03: [3, 3, 1, 2], c04: [2, 1, 4, 3], c05: [4, 4, 2, 3],
    c06: [5, 1, 1, 1], c07: [2, 2, 4, 3], c08: [4, 3, 2, 3], c09: [3, 1, 5, 3], c10: [5, 4, 1, 3],
  });
});
