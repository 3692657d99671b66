// The funnels page in real Chromium against dist/: the narrative states the funnel_steps mart's
// figures, the funnel recomputed in the browser by duckdb-wasm with the shared SQL equals the build
// for the default view, a drop-off lists who dropped, and the page fits a 390 px screen, with no
// console error anywhere.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { changeAndWaitForText, launchBrowser, pickOption, waitForRender, watchPage, type PageLog } from "./browser.ts";
import { mart, martQuery } from "./marts.ts";

const integer = (n: unknown) => Number(n).toLocaleString("en-US");
const percent = (n: number) => `${(100 * n).toFixed(1)}%`;

let browser: BrowserContext;
let server: Server;
let base: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"), { basePath: "/sub" });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/sub`;
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(path: string, width = 1200): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 1400 });
  const log = watchPage(page, "http://127.0.0.1");
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, log };
}

describe("funnels page", () => {
  test("states the mart's figures, recomputes the default view in the browser equal to the build, lists who dropped", async () => {
    const [definition] = await martQuery(`select funnel, step_count from ${mart("funnel_definitions")} order by position limit 1`);
    const steps = await martQuery(`select step_index, rate_units, rate_previous_units, still_in_window from ${mart("funnel_steps")} where funnel = '${definition.funnel}' and breakdown = '(all)' order by step_index`);
    const first = steps[0];
    const last = steps[steps.length - 1];
    const { page, log } = await open("/funnels/");
    const narrative = (await page.locator("#funnel-narrative").textContent())!;
    expect(narrative).toContain(`Of ${integer(first.rate_units)} users`);
    expect(narrative).toContain(`${integer(last.rate_units)} (${percent(Number(last.rate_units) / Number(first.rate_units))})`);
    const worst = steps.slice(1).reduce((w, d) => (Number(d.rate_units) / Number(d.rate_previous_units) < Number(w.rate_units) / Number(w.rate_previous_units) ? d : w));
    expect(narrative).toContain(`${percent(1 - Number(worst.rate_units) / Number(worst.rate_previous_units))} of those at the previous step`);
    expect(narrative).toContain(`${integer(steps.reduce((s, d) => s + Number(d.still_in_window), 0))} users entered too late`);
    expect(await page.locator("#funnel-status").textContent()).toContain("Computed at build time");
    expect(await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".wasm")).length)).toBe(0);

    // The same settings recomputed by duckdb-wasm with the shared SQL: every count and rate as built.
    await page.getByLabel("Recompute in my browser").check();
    await page.waitForFunction(() => document.querySelector("#funnel-status")?.textContent?.startsWith("Recomputed"), undefined, { timeout: 120_000 });
    expect(await page.locator("#funnel-status").textContent()).toContain(`all ${definition.step_count} step rows agree with the build`);
    // The first recomputation finds every start's steps in this order mode; later changes reuse them.
    expect(await page.locator("#funnel-status").textContent()).toMatch(/ms of it finding the steps of every start in this order mode/);
    // The time to convert follows the recomputation (the same counted attempts, the same SQL module).
    await page.getByText("recomputed in your browser for these settings").first().waitFor({ timeout: 60_000 });

    // A breakdown recomputed in the browser: its step rows and its chi-square test equal the build's.
    const [built] = await martQuery(`select chi_square, df, p_value from ${mart("funnel_breakdown_tests")} where funnel = '${definition.funnel}' and breakdown = 'device_category'`);
    // (Waiting for the status line to be written anew: the last recomputation's text stays until then.)
    const status = await changeAndWaitForText(page, "#funnel-status", () => pickOption(page, "Breakdown", "device_category"), /Recomputed.*agree with the build/);
    await page.waitForFunction(() => /recomputed in your browser/.test(document.querySelector("#breakdown-test")?.textContent ?? ""), undefined, { timeout: 120_000 });
    expect(status).not.toContain("finding the steps");
    const testText = (await page.locator("#breakdown-test").textContent())!;
    expect(testText).toContain(`χ² = ${Number(built.chi_square).toFixed(1)}, ${built.df} degrees of freedom, p = ${Number(built.p_value) < 0.0001 ? "< 0.0001" : Number(built.p_value).toFixed(4)}`);
    // The settings are in the address, so a link reproduces the view.
    expect(new URL(page.url()).searchParams.get("breakdown")).toBe("device_category");
    expect(new URL(page.url()).searchParams.get("browser")).toBe("true");
    await changeAndWaitForText(page, "#funnel-status", () => pickOption(page, "Breakdown", "(none)"), /Recomputed.*agree with the build/);

    // Who dropped after step 1: the list holds the mart's drop-offs for that step (up to 5,000).
    const [dropped] = await martQuery(`select sum(units) as n from ${mart("funnel_dropoffs")} where funnel = '${definition.funnel}' and dropped_after_step = 1`);
    // Before any list: the build's count of those who dropped after step 1 and what they did next, from the same mart.
    expect(await page.locator("#dropoff-summary").textContent()).toContain(`${integer(Number(dropped.n))} `);
    await page.getByRole("button", { name: "List them" }).click();
    const link = page.locator("a.download", { hasText: "Download them as CSV" });
    await link.waitFor({ timeout: 60_000 });
    expect(await link.textContent()).toContain(`(${integer(Math.min(5000, Number(dropped.n)))} rows)`);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const csv = csvParse(readFileSync((await download.path())!, "utf8"));
    expect(csv.columns).toEqual(expect.arrayContaining(["user_id", "last_event", "next_event", "device_category", "channel"]));
    expect(csv.every((d) => d.dropped_after_step === "1")).toBe(true);
    expect(log.errors).toEqual([]);
    expect(log.external).toEqual([]);
    await page.close();
  }, 240_000);

  test("fits a 390 px screen with no console error, on a link naming another funnel", async () => {
    const [second] = await martQuery(`select funnel from ${mart("funnel_definitions")} where unavailable_reason is null order by position limit 1 offset 1`);
    const { page, log } = await open(`/funnels/?funnel=${encodeURIComponent(String(second.funnel))}`, 390);
    expect(await page.getByLabel("Funnel").evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe(String(second.funnel));
    expect(await page.locator("#funnel-status").textContent()).toContain("Computed at build time");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(log.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
