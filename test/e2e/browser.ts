// Headless Debian Chromium driven by playwright-core, with every request and console message
// recorded, so a test can fail on any error or on any request that leaves 127.0.0.1.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chromium-")), {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 1200, height: 1400 },
  });
}

export interface PageLog {
  errors: string[];
  external: string[];
  failed: string[];
}

/** Records problems from the moment the page is created; call before navigating. */
export function watchPage(page: Page, origin: string): PageLog {
  const log: PageLog = { errors: [], external: [], failed: [] };
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") log.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => log.errors.push(`pageerror: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) log.external.push(url);
  });
  page.on("requestfailed", (request) => log.failed.push(`${request.url()} ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) log.failed.push(`${response.url()} HTTP ${response.status()}`);
  });
  return log;
}

/**
 * Waits until Framework has rendered the page: no cell shows its loading indicator, the network
 * is idle (DuckDB's wasm and the data files have arrived) and the DOM has not changed for
 * `quietMs` (cells that query DuckDB in the browser have finished).
 */
export async function waitForRender(page: Page, { timeout = 60_000, quietMs = 750 } = {}): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, { timeout });
  await page.waitForLoadState("networkidle", { timeout });
  await page.evaluate(() => {
    const w = window as unknown as { __lastMutation: number };
    w.__lastMutation = performance.now();
    new MutationObserver(() => (w.__lastMutation = performance.now())).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.waitForFunction((quiet) => performance.now() - (window as unknown as { __lastMutation: number }).__lastMutation > quiet, quietMs, { timeout, polling: 100 });
}

/**
 * Text a page printed for a value it did not have: "null", "undefined", "NaN", "Invalid Date"
 * (an empty htl template is null, and an inline ${...} prints it). Code and the models pages, which
 * quote model descriptions ("null when MAU is 0"), are left out.
 */
export async function printedNothing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    if (/\/models\//.test(location.pathname)) return [];
    const found: string[] = [];
    const walker = document.createTreeWalker(document.querySelector("#observablehq-main") ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest("code, pre, script, style")) continue;
      const text = node.textContent ?? "";
      if (/\bundefined\b|\bNaN\b|Invalid Date|(^|\s)null(\s|$)/.test(text)) found.push(text.trim().slice(0, 120));
    }
    return found;
  });
}

/**
 * Makes `change` and waits until the element at `selector` is written again (any write, even of
 * the same text) and then reads as `pattern`: a status line a page rewrites for each new result,
 * without mistaking the last result's text, still shown, for the new one. Returns that text.
 */
export async function changeAndWaitForText(page: Page, selector: string, change: () => Promise<unknown>, pattern: RegExp, { timeout = 120_000 } = {}): Promise<string> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __writes?: Map<string, number>; __watched?: Set<string> };
    w.__writes ??= new Map();
    w.__watched ??= new Set();
    w.__writes.set(sel, 0);
    if (w.__watched.has(sel)) return;
    w.__watched.add(sel);
    // A write to the element, inside it, or the element put in anew.
    new MutationObserver((records) => {
      const element = document.querySelector(sel);
      if (!element) return;
      // (No named function in here: tsx would wrap it in a helper the page does not have.)
      if (records.some((r) => element.contains(r.target) || [...r.addedNodes].some((node) => node.contains(element)))) w.__writes!.set(sel, (w.__writes!.get(sel) ?? 0) + 1);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
  await change();
  await page.waitForFunction(([sel, source, flags]) => {
    const w = window as unknown as { __writes: Map<string, number> };
    const element = document.querySelector(sel);
    return (w.__writes.get(sel) ?? 0) > 0 && element !== null && new RegExp(source, flags).test(element.textContent ?? "");
  }, [selector, pattern.source, pattern.flags] as const, { timeout, polling: 50 });
  return (await page.locator(selector).textContent()) ?? "";
}

/**
 * Picks the option whose text is `text` in the select labelled `label`, as a reader does: one input
 * event. Playwright's selectOption sends an input and a change event, untrusted, which Observable
 * Inputs counts as two changes, so a page would recompute twice, the second run queued behind the
 * first.
 */
export function pickOption(page: Page, label: string, text: string): Promise<void> {
  return page.getByLabel(label, { exact: true }).evaluate((element: HTMLSelectElement, wanted: string) => {
    const option = [...element.options].find((o) => o.textContent === wanted);
    if (!option) throw new Error(`no option ${wanted}`);
    element.value = option.value;
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}
