// The products pages in real Chromium against dist/: the overview states the marts' figures
// without loading DuckDB; the product page, opened for a planted anchor product, computes its
// monthly sales (summing to the mart's revenue) and finds its planted companion first by lift,
// with the mart's lift; the baskets page lists the strongest pairs and searches every pair.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { defaultConfigPath, projectRoot } from "../../data-loaders/pipeline/paths.ts";
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

async function open(path: string): Promise<{ page: Page; log: PageLog; wasm: string[] }> {
  const page = await browser.newPage();
  const log = watchPage(page, "http://127.0.0.1");
  const wasm: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(r.url()); });
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, log, wasm };
}

describe("products pages", () => {
  test("overview: the narrative states product_summary's figures; no DuckDB on the first view", async () => {
    const [summary] = await martQuery(`select * from ${mart("product_summary")}`);
    const { page, log, wasm } = await open("/products/");
    const text = (await page.locator("#products-narrative").textContent())!.replace(/\s+/g, " ");
    expect(text).toContain(`${integer(summary.products)} products sold on ${integer(summary.orders)} orders`);
    expect(text).toContain(`top ${integer(summary.products_a)} products`);
    expect(await page.locator("#kpi-products").textContent()).toBe(integer(summary.products));
    expect(wasm).toEqual([]);
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });

  test("product page: a planted anchor's monthly sales sum to its revenue and its companion comes first by lift", async () => {
    const config = loadConfig({ configPath: defaultConfigPath, env: {} });
    const truth = JSON.parse(readFileSync(join(config.generate!.outDir, "ground_truth.json"), "utf8")).co_purchase;
    const { anchor, companion } = truth.pairs[0] as { anchor: string; companion: string };
    const [product] = await martQuery(`select * from ${mart("products")} where product_id = '${anchor}'`);
    const [pair] = await martQuery(`select lift from ${mart("product_pairs")} where (product_a = '${anchor}' and product_b = '${companion}') or (product_a = '${companion}' and product_b = '${anchor}')`);
    const { page, log } = await open(`/products/product?product=${encodeURIComponent(anchor)}`);
    await page.waitForSelector("#product-narrative", { timeout: 60_000 });
    await waitForRender(page);
    expect((await page.locator("#product-title").textContent())!).toContain(String(product.product_name));
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").first().click()]);
    const monthly = csvParse(readFileSync((await download.path())!, "utf8"));
    expect(monthly.reduce((s, d) => s + Number(d.revenue), 0)).toBeCloseTo(Number(product.revenue), 6);
    const firstCompanion = page.locator("table").nth(0).locator("tbody tr").first();
    expect(await firstCompanion.locator("a").getAttribute("title")).toBe(companion);
    expect(await firstCompanion.textContent()).toContain(Number(pair.lift).toFixed(2));
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });

  test("baskets page: the 50 strongest by lift first; a search runs over every pair", async () => {
    const [top] = await martQuery(`select product_a, product_b, lift from ${mart("product_pairs")} order by lift desc, product_a, product_b limit 1`);
    const { page, log, wasm } = await open("/products/baskets");
    expect(wasm).toEqual([]);
    const first = page.locator("table tbody tr").first();
    expect(await first.locator("a").first().getAttribute("title")).toBe(top.product_a);
    expect(await first.textContent()).toContain(Number(top.lift).toFixed(2));
    const term = String(top.product_b);
    const [{ n }] = await martQuery(`select count(*)::int as n from ${mart("product_pairs")} where lower(product_a) like '%${term.toLowerCase()}%' or lower(product_b) like '%${term.toLowerCase()}%' or lower(coalesce(product_a_name, '')) like '%${term.toLowerCase()}%' or lower(coalesce(product_b_name, '')) like '%${term.toLowerCase()}%'`);
    await page.locator("input[type=text]").fill(term);
    await page.locator("button", { hasText: "Search" }).click();
    await page.waitForFunction(() => document.querySelector("#baskets-status")?.textContent?.includes("searched in your browser"), undefined, { timeout: 60_000 });
    expect((await page.locator("#baskets-status").textContent())!).toContain(`${integer(n)} pairs name`);
    expect([...log.errors, ...log.external, ...log.failed]).toEqual([]);
    await page.close();
  });
});
