// BG/NBD and Gamma-Gamma against the published CDNOW figures (shared/data/README.md: Fader,
// Hardie & Lee 2005; the BTYD walkthrough; lifetimes' documented fit). Skipped, with the reason,
// when the CDNOW files are not beside the project.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bgnbdLogLikelihood } from "../../data-loaders/lib/clv/bgnbd-likelihood.ts";
import { readCdnowSummary, readCdnowTransactions } from "../../data-loaders/lib/clv/cdnow.ts";
import { fitBgNbd, fitGammaGamma, type BgNbdFit, type GammaGammaFit } from "../../data-loaders/lib/clv/fit.ts";
import { gammaGammaLogLikelihood } from "../../data-loaders/lib/clv/gamma-gamma-likelihood.ts";
import { groupCustomers } from "../../data-loaders/lib/clv/groups.ts";
import { conditionalExpectedPurchases, expectedPurchasesNewCustomer, probabilityAlive } from "../../data-loaders/lib/clv/predictions.ts";
import { customerSummarySql } from "../../data-loaders/lib/clv/summary-sql.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { sharedDataFiles } from "../helpers/shared-data.ts";
import { differencedHessian } from "./second-differences.ts";

const {
  paths: [summaryFile, transactionsFile],
  present,
} = sharedDataFiles(["cdnow/cdnow_customers_summary.csv", "cdnow/CDNOW_sample.txt"], "the published CDNOW BG/NBD and Gamma-Gamma figures");

// BTYD's published BG/NBD parameters (4 decimals) and lifetimes' documented fit (6 decimals).
const published = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
const lifetimes = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

describe.skipIf(!present)("BG/NBD on cdnow_customers_summary.csv", () => {
  const rows = present ? readCdnowSummary(summaryFile) : [];
  const groups = groupCustomers(rows);
  let fit: BgNbdFit;
  beforeAll(() => {
    fit = fitBgNbd(groups);
  });

  test("reads 2,357 customers, 946 of them repeat buyers", () => {
    expect(rows).toHaveLength(2357);
    expect(rows.filter((r) => r.x > 0)).toHaveLength(946);
  });

  test("converges to the published parameters and log-likelihood -9582.43", () => {
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood.toFixed(2)).toBe("-9582.43");
    // lifetimes' six decimals, to the last digit.
    expect(fit.parameters.r).toBeCloseTo(lifetimes.r, 6);
    expect(fit.parameters.alpha).toBeCloseTo(lifetimes.alpha, 5);
    expect(fit.parameters.a).toBeCloseTo(lifetimes.a, 5);
    expect(fit.parameters.b).toBeCloseTo(lifetimes.b, 5);
    // BTYD's four decimals lie on the same flat ridge: within half a unit of their 3rd decimal,
    // and our optimum's likelihood is at least theirs.
    expect(Math.abs(fit.parameters.r - published.r)).toBeLessThan(5e-4);
    expect(Math.abs(fit.parameters.alpha - published.alpha)).toBeLessThan(5e-4);
    expect(Math.abs(fit.parameters.a - published.a)).toBeLessThan(5e-4);
    expect(Math.abs(fit.parameters.b - published.b)).toBeLessThan(5e-4);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood(published, groups));
  });

  test("the analytic gradient agrees with central differences of the log-likelihood", () => {
    const logs = [Math.log(0.3), Math.log(5), Math.log(0.9), Math.log(2)];
    const at = (v: number[]) => bgnbdLogLikelihood({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) }, groups);
    const gradient = [0, 0, 0, 0];
    bgnbdLogLikelihood({ r: 0.3, alpha: 5, a: 0.9, b: 2 }, groups, gradient);
    for (let i = 0; i < 4; i++) {
      const h = 1e-6;
      const numeric = (at(logs.map((v, j) => (j === i ? v + h : v))) - at(logs.map((v, j) => (j === i ? v - h : v)))) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 3);
    }
  });

  test("the analytic Hessian agrees with second differences of the log-likelihood", () => {
    const at = (v: number[]) => bgnbdLogLikelihood({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) }, groups);
    for (const point of [{ r: 0.3, alpha: 5, a: 0.9, b: 2 }, { r: 1, alpha: 1, a: 1, b: 1 }]) {
      const hessian = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
      bgnbdLogLikelihood(point, groups, [0, 0, 0, 0], hessian);
      const numeric = differencedHessian(at, [point.r, point.alpha, point.a, point.b].map(Math.log), 1e-3);
      for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) expect(Math.abs(hessian[j][k] - numeric[j][k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric[j][k])));
    }
  });

  test("conditional expected purchases for x = 2, t_x = 30.43, T = 38.86 over 39 weeks: 1.226", () => {
    const expected = conditionalExpectedPurchases(fit.parameters, 2, 30.43, 38.86, 39);
    expect(expected.converged).toBe(true);
    expect(expected.value.toFixed(3)).toBe("1.226");
  });

  // BTYD computed these from its unrounded parameters; ours use the rounded ones, which moves the
  // 6th-7th digit (3e-6 relative here). A wrong formula moves the 2nd.
  test("with the BTYD parameters, predictions equal the BTYD walkthrough's to 1e-4 relative", () => {
    const rel = (value: number, reference: number) => Math.abs(value / reference - 1);
    expect(rel(expectedPurchasesNewCustomer(published, 52).value, 1.444004)).toBeLessThan(1e-4);
    expect(rel(conditionalExpectedPurchases(published, 26, 30.857143, 31, 52).value, 25.75659)).toBeLessThan(1e-4);
    expect(rel(probabilityAlive(published, 26, 30.857143, 31), 0.9688523)).toBeLessThan(1e-4);
    const byFrequency = [10, 15, 20, 25].map((x) => conditionalExpectedPurchases(published, x, 20, 39, 52).value);
    [0.3474606, 0.04283391, 0.004158973, 0.0003583685].forEach((reference, i) => expect(rel(byFrequency[i], reference)).toBeLessThan(1e-4));
  });

  test("holdout: expected purchases in the next 39 weeks by calibration repeats match BTYD's", async () => {
    // BTYD's conditional expectations per group 0..6, 7+ (its parameters, summary as published).
    const reference = [0.2251, 0.5231, 1.0441, 1.5203, 2.1638, 2.6538, 3.504, 6.157];
    const sums = new Array(8).fill(0), counts = new Array(8).fill(0);
    for (const row of rows) {
      const bin = Math.min(row.x, 7);
      sums[bin] += conditionalExpectedPurchases(published, row.x, row.tx, row.T, 39).value;
      counts[bin]++;
    }
    expect(counts).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    sums.forEach((sum, i) => expect(sum / counts[i]).toBeCloseTo(reference[i], 3));
  });
});

describe.skipIf(!present)("CDNOW_sample.txt through the summary rule", () => {
  let summary: Array<Record<string, unknown>>;
  let close: () => void;
  let spendFit: GammaGammaFit;
  beforeAll(async () => {
    const { instance, connection } = await openDatabase();
    close = () => { connection.closeSync(); instance.closeSync(); };
    const transactions = readCdnowTransactions(transactionsFile);
    await connection.run("CREATE TABLE purchases (customer_id INTEGER, purchased_on DATE, amount DOUBLE)");
    for (let start = 0; start < transactions.length; start += 1000) {
      const values = transactions.slice(start, start + 1000).map((t) => `(${t.customerId}, DATE '${t.purchasedOn}', ${t.amount})`);
      await connection.run(`INSERT INTO purchases VALUES ${values.join(", ")}`);
    }
    summary = await queryRows(connection, customerSummarySql({ purchases: "purchases", calibrationEnd: "1997-09-30", holdoutEnd: "1998-06-30", unitDays: 7 }));
    const repeat = summary.filter((row) => Number(row.frequency) > 0);
    spendFit = fitGammaGamma({ x: Float64Array.from(repeat, (r) => Number(r.frequency)), m: Float64Array.from(repeat, (r) => Number(r.repeat_spend)) });
  });
  afterAll(() => close?.());

  test("reads 6,919 transactions", () => {
    expect(readCdnowTransactions(transactionsFile)).toHaveLength(6919);
  });

  test("the summary equals the published one for every customer (2 decimals, as published)", () => {
    const publishedRows = readCdnowSummary(summaryFile);
    expect(summary).toHaveLength(publishedRows.length);
    const ours = new Map(summary.map((row) => [String(row.customer_id), row]));
    for (const row of publishedRows) {
      const mine = ours.get(row.id)!;
      expect([mine.frequency, Number(mine.recency).toFixed(2), Number(mine.age).toFixed(2)]).toEqual([row.x, row.tx.toFixed(2), row.T.toFixed(2)]);
    }
  });

  test("holdout: actual mean repeat purchases in the next 39 weeks by calibration repeats match BTYD's", () => {
    const reference = [0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594];
    const sums = new Array(8).fill(0), counts = new Array(8).fill(0);
    for (const row of summary) {
      const bin = Math.min(Number(row.frequency), 7);
      sums[bin] += Number(row.holdout_purchases);
      counts[bin]++;
    }
    sums.forEach((sum, i) => expect((sum / counts[i]).toFixed(4)).toBe(reference[i].toFixed(4)));
  });

  test("Gamma-Gamma on the 946 repeat buyers: p = 6.25, q = 3.74, gamma = 15.44, LL -4055.9177", () => {
    expect(spendFit.customers).toBe(946);
    expect(spendFit.converged).toBe(true);
    expect(spendFit.parameters.p.toFixed(2)).toBe("6.25");
    expect(spendFit.parameters.q.toFixed(2)).toBe("3.74");
    expect(spendFit.parameters.gamma.toFixed(2)).toBe("15.44");
    expect(spendFit.logLikelihood).toBeCloseTo(-4055.9177, 3);
  });
});
