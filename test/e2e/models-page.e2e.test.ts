// The models pages in real Chromium against dist/ served under a sub-path: the index's test
// counts equal the data_test_results mart and it lists every table; the detail view (at 390 px,
// dark) shows a mart's columns, its tests and its lineage, keeps the picked model in the address;
// a report page's foot links to the models behind its figures, and the link opens that model.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { defaultConfigPath, projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { tableColumnsFile } from "../../data-loaders/pipeline/table-columns.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, waitForRender, watchPage, type PageLog } from "./browser.ts";
import { mart, martQuery } from "./marts.ts";

const integer = (n: unknown) => Number(n).toLocaleString("en-US");

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

async function open(path: string, { width = 1440, dark = false } = {}): Promise<{ page: Page; log: PageLog; wasm: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 1000 });
  if (dark) await page.emulateMedia({ colorScheme: "dark" });
  const log = watchPage(page, "http://127.0.0.1");
  const wasm: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(r.url()); });
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, log, wasm };
}

describe("models pages", () => {
  test("index: test counts equal data_test_results; every table is listed; search filters", async () => {
    const counts = Object.fromEntries((await martQuery(`select status, count(*) as n from ${mart("data_test_results")} group by status`)).map((r) => [r.status, Number(r.n)]));
    const { page, log, wasm } = await open("/models/");
    expect(await page.locator("#kpi-pass").textContent()).toBe(integer(counts.pass ?? 0));
    expect(await page.locator("#kpi-fail").textContent()).toBe(integer(counts.fail ?? 0));
    expect(await page.locator("#kpi-warn").textContent()).toBe(integer(counts.warn ?? 0));
    // Every table the last run built (models, seeds, sources, less the run's own records: test results and source gaps) is an entry.
    const config = loadConfig({ configPath: defaultConfigPath, env: {} });
    const tables = Object.keys(JSON.parse(readFileSync(tableColumnsFile(config.cacheDir), "utf8"))).filter((t) => t !== "data_test_results" && t !== "source_gaps");
    const main = page.locator("#observablehq-main");
    expect((await main.textContent())!.replace(/\s+/g, " ")).toContain(`The table lists ${integer(tables.length)} of ${integer(tables.length)} entries`);
    await page.getByPlaceholder("Search names, descriptions").fill("customer_rfm");
    await page.waitForFunction(() => document.querySelectorAll('form[class*="-table"] tbody tr').length > 0 && [...document.querySelectorAll('form[class*="-table"] tbody tr')].every((tr) => tr.textContent!.includes("customer_rfm")));
    expect(await page.locator('form[class*="-table"] tbody a', { hasText: /^customer_rfm$/ }).count()).toBe(1);
    expect(wasm).toEqual([]);
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });

  test("detail at 390 px, dark: columns, tests and lineage of customer_360; the address keeps the pick", async () => {
    const config = loadConfig({ configPath: defaultConfigPath, env: {} });
    const columns = JSON.parse(readFileSync(tableColumnsFile(config.cacheDir), "utf8")).customer_360 as { name: string }[];
    const results = await martQuery(`select status, count(*) as n from ${mart("data_test_results")} where relation = 'customer_360' group by status`);
    const passed = Number(results.find((r) => r.status === "pass")?.n ?? 0);
    const total = results.reduce((sum, r) => sum + Number(r.n), 0);
    const { page, log } = await open("/models/model?model=customer_360", { width: 390, dark: true });
    expect(await page.locator("#model-name").textContent()).toBe("customer_360");
    expect(await page.locator("#model-description").textContent()).toMatch(/customer/i);
    const summary = (await page.locator("#model-tests-summary").textContent())!.replace(/\s+/g, " ");
    expect(summary).toContain(`${integer(total)} data tests: ${integer(passed)} passed`);
    // The columns table (first table on the page) has a row per column of the built table, in order.
    const columnRows = await page.locator('form[class*="-table"]').first().evaluate((form) => [...form.querySelectorAll("tbody tr")].filter((tr) => !tr.textContent!.includes("documented, but not in the table")).map((tr) => tr.children[1].textContent));
    expect(columnRows).toEqual(columns.map((c) => c.name));
    // Lineage: the model itself, a source upstream, a page downstream (every step shown: a large
    // lineage starts with direct inputs and readers only).
    await page.getByLabel(/every step/).check();
    expect(await page.locator('.lineage-node[data-role="selected"]').getAttribute("data-node")).toBe("customer_360");
    expect(await page.locator('.lineage-node[data-node="src_order_lines"]').count()).toBe(1);
    expect(await page.locator('.lineage-node[data-node^="page:/customers/"]').count()).toBeGreaterThan(0);
    // Each box is outlined in its layer's colour; pages sit in the last column, right of every model.
    expect(await page.locator('.lineage-node[data-node="src_order_lines"] rect').getAttribute("stroke")).toBe("#8c6d31");
    const xs = await page.locator(".lineage-node rect").evaluateAll((rects) => rects.map((r) => ({ page: r.parentElement!.dataset.node!.startsWith("page:"), x: Number(r.getAttribute("x")) })));
    expect(Math.min(...xs.filter((d) => d.page).map((d) => d.x))).toBeGreaterThan(Math.max(...xs.filter((d) => !d.page).map((d) => d.x)));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Picking another model puts it in the address.
    // (The longest file path of all models: it must wrap, not widen the page.)
    await page.locator("form select").first().selectOption({ label: "int_customers_clv_holdout_predicted (intermediate model)" });
    await page.waitForFunction(() => new URL(location.href).searchParams.get("model") === "int_customers_clv_holdout_predicted");
    await page.waitForFunction(() => document.querySelector("#model-name")?.textContent === "int_customers_clv_holdout_predicted");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });

  test("a report page's foot lists the marts it reads, and the link opens that model", async () => {
    const { page, log } = await open("/data-quality");
    const foot = page.locator("details.models-behind");
    await foot.locator("summary").click();
    // The list loads when opened.
    await foot.locator("li").first().waitFor();
    const names = await foot.locator("li code").allTextContents();
    expect(names).toEqual(expect.arrayContaining(["order_line_ledger", "store_summary"]));
    // data_test_results is the pipeline's own table, not a model: not listed.
    expect(names).not.toContain("data_test_results");
    await foot.locator("a", { hasText: "order_line_ledger" }).click();
    await page.waitForURL(/\/sub\/models\/model\?model=order_line_ledger$/);
    await waitForRender(page);
    expect(await page.locator("#model-name").textContent()).toBe("order_line_ledger");
    expect((await page.locator("#model-lineage-text").textContent())!.replace(/\s+/g, " ")).toContain("Data quality");
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });
});
