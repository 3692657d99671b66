// A config with experiment assignments and nothing else (the ab_data export): the site still
// builds, every page renders without an error, the order-line pages say what is missing, and the
// experiment pages show the test. Built into a folder of its own, so dist/ is left alone.
import { spawnSync } from "node:child_process";
import type { Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import config from "../../observablehq.config.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, waitForRender, watchPage } from "./browser.ts";

type PageEntry = { path?: string; pages?: PageEntry[] };
const flatten = (entries: PageEntry[]): string[] => entries.flatMap((e) => (e.pages ? flatten(e.pages) : [e.path!]));
const orderLinePages = ["/", "/customers/", "/customers/segments", "/customers/lifetime-value", "/customers/churn", "/data-quality"];

let browser: BrowserContext;
let server: Server;
let origin: string;

beforeAll(async () => {
  const site = join(process.env.ANALYTICS_TEST_TMP!, "ab-test-site");
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-site.ts"], {
    cwd: projectRoot, encoding: "utf8", env: { ...process.env, ANALYTICS_CONFIG: join(projectRoot, "configs", "ab-test.yml"), ANALYTICS_SITE_DIR: site },
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
  server = await serveDirectory(site);
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

for (const path of ["/", ...flatten(config.pages as PageEntry[])]) {
  test(`${path} renders without order lines`, async () => {
    const page = await browser.newPage();
    const log = watchPage(page, origin);
    await page.goto(`${origin}${path}`);
    await waitForRender(page);
    const errorsInPage = await page.locator(".observablehq--error").allTextContents();
    expect({ errorsInPage, ...log }).toEqual({ errorsInPage: [], errors: [], external: [], failed: [] });
    if (orderLinePages.includes(path)) expect(await page.locator('.no-data[data-missing="order_lines"]').count()).toBe(1);
    await page.close();
  });
}

test("the experiments page lists the ab_data test", async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/experiments/`);
  await waitForRender(page);
  expect(await page.locator('tr[data-experiment="landing_page_test"]').count()).toBe(1);
  await page.close();
});
