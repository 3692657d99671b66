// npm run screenshot: the README's picture of the built site (docs/screenshot.png), taken in
// headless Chromium from dist/, so it always shows what the current build produces.
import { join } from "node:path";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { launchBrowser, waitForRender } from "../test/e2e/browser.ts";
import { serveDirectory } from "./serve-dist.ts";

const server = await serveDirectory(join(projectRoot, "dist"));
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/customers/`);
  await waitForRender(page);
  await page.screenshot({ path: join(projectRoot, "docs", "screenshot.png") });
  console.error("wrote docs/screenshot.png");
} finally {
  await browser.close();
  server.close();
}
