// The experiment pages of the built site (dist/) in Chromium, against the experiment marts of the
// same build: the list shows every experiment with its verdict; each report shows the
// sample-ratio check before the result, and the figures it states are the marts'.
import type { Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { readParquet } from "../helpers/temp-project.ts";
import { launchBrowser, waitForRender, watchPage } from "./browser.ts";

const cacheDir = loadConfig().cacheDir;
const mart = async (name: string) =>
  (await readParquet(martFile(cacheDir, name))).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

// The page's own p-value formats (src/components/experiment-format.js).
const formatP = (p: unknown) => (p === null ? "—" : Number(p) < 0.001 ? "< 0.001" : Number(p).toFixed(3));
const pStatement = (p: unknown) => (Number(p) < 0.001 ? "p < 0.001" : `p = ${Number(p).toFixed(3)}`);

let browser: BrowserContext;
let server: Server;
let base: string;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"), { basePath: "/sub" });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/sub`;
});
afterAll(async () => {
  server?.close();
  await browser?.close();
});

async function open(path: string): Promise<{ page: Page; errors: () => string[] }> {
  const page = await browser.newPage();
  const log = watchPage(page, "http://127.0.0.1");
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, errors: () => [...log.errors, ...log.external, ...log.failed] };
}

describe("experiment pages", () => {
  test("the list has one row per experiment with its verdict, or says there are none", async () => {
    const summaries = await mart("experiment_summary");
    const { page, errors } = await open("/experiments/");
    if (summaries.length === 0) {
      await expect(page.locator("#no-experiments").textContent()).resolves.toContain("No experiment assignments");
    } else {
      for (const s of summaries) {
        const row = page.locator(`table.experiment-list tr[data-experiment="${s.experiment_id}"]`);
        await expect(row.textContent()).resolves.toContain(String(s.verdict));
      }
      await expect(page.locator("#experiment-count").textContent()).resolves.toContain(`${summaries.length} experiment`);
    }
    expect(errors()).toEqual([]);
    await page.close();
  });

  test("each report: sample-ratio check first, then the verdict, with the marts' figures", async () => {
    const summaries = await mart("experiment_summary");
    const results = await mart("experiment_results");
    const cuped = await mart("experiment_cuped");
    const breakdowns = await mart("experiment_breakdowns");
    const sliceSrm = await mart("experiment_breakdown_srm");
    for (const s of summaries) {
      const { page, errors } = await open(`/experiments/report?experiment=${encodeURIComponent(String(s.experiment_id))}`);
      await expect(page.locator("#verdict").textContent()).resolves.toBe(s.verdict);
      if (s.srm_status) {
        await expect(page.locator("#srm-check").textContent()).resolves.toContain(pStatement(s.srm_p_value));
        // The check comes before the result in the page.
        const order = await page.evaluate(() => {
          const srm = document.querySelector("#srm-check");
          const verdict = document.querySelector("#verdict-text");
          return srm && verdict ? srm.compareDocumentPosition(verdict) & Node.DOCUMENT_POSITION_FOLLOWING : -1;
        });
        expect(order).toBeGreaterThan(0);
      }
      if (s.p_value_adjusted !== null) {
        await expect(page.locator("#verdict-text").textContent()).resolves.toContain(pStatement(s.p_value_adjusted));
      }
      // Every compared variant's p-value appears in the metric table row of its metric.
      for (const r of results.filter((x) => x.experiment_id === s.experiment_id && !x.is_control)) {
        const row = page.locator(`table.metric-table:not(.cuped-table) tr[data-metric="${r.metric}"][data-variant="${r.variant}"]`);
        await expect(row.textContent()).resolves.toContain(formatP(r.p_value_adjusted));
        // And its always-valid (mSPRT) p-value, in the column beside it.
        await expect(row.locator("td").nth(7).textContent()).resolves.toContain(formatP(r.sequential_p_value));
      }
      // CUPED (issue 18): each compared metric's row beside its unadjusted p, or the one reason it is off.
      const cupedRows = cuped.filter((x) => x.experiment_id === s.experiment_id);
      const offNotes = new Set(cupedRows.map((x) => x.cuped_note));
      if (cupedRows.length && cupedRows.every((x) => x.cuped_status !== "applied") && offNotes.size === 1) {
        await expect(page.locator("#cuped-off").textContent()).resolves.toContain(String(cupedRows[0].cuped_note));
      } else {
        // The sentence above the table states the first adjusted metric's variance reduction.
        const applied = [...cupedRows].sort((a, b) => Number(a.display_order) - Number(b.display_order)).find((x) => x.cuped_status === "applied");
        if (applied) await expect(page.locator("#cuped-summary").textContent()).resolves.toContain(`${Math.round(1000 * Number(applied.variance_reduction)) / 10}%`);
        for (const c of cupedRows) {
          const row = page.locator(`table.cuped-table tr[data-metric="${c.metric}"][data-variant="${c.variant}"]`);
          await expect(row.textContent()).resolves.toContain(formatP(c.cuped_status === "applied" ? c.adjusted_p_value : c.p_value));
        }
      }
      // Breakdowns: the sample-ratio check per slice names the mart's worst slice; the device table has every device slice.
      const checks = sliceSrm.filter((x) => x.experiment_id === s.experiment_id && x.is_control);
      if (checks.length) {
        const worst = [...checks].sort((a, b) => Number(a.p_value_adjusted) - Number(b.p_value_adjusted))[0];
        const pointer = page.locator("#srm-check #srm-by-slice");
        if (worst.srm_status !== "ok") await expect(pointer.getAttribute("data-slice")).resolves.toBe(worst.slice);
        else await expect(pointer.textContent()).resolves.toContain("holds in every one");
        await expect(page.locator("#breakdown-warning").textContent()).resolves.toContain("Exploratory");
        const devices = breakdowns.filter((x) => x.experiment_id === s.experiment_id && x.metric === s.primary_metric && x.dimension === "device");
        for (const d of devices) {
          const row = page.locator(`table.breakdown-table tr[data-slice="${d.slice}"][data-variant="${d.variant}"]`);
          await expect(row.locator("td").last().textContent()).resolves.toBe(formatP(d.p_value_adjusted));
        }
        await expect(page.locator("table.slice-srm-table tr[data-slice]").count()).resolves.toBe(checks.filter((x) => x.dimension === "device").length);
      }
      expect(errors()).toEqual([]);
      await page.close();
    }
  });

  test("the methods page states the significance level of this build", async () => {
    const [settings] = await mart("experiment_settings");
    const { page, errors } = await open("/experiments/methods");
    await expect(page.locator("#setting-alpha").textContent()).resolves.toBe(String(settings.alpha));
    expect(errors()).toEqual([]);
    await page.close();
  });
});
