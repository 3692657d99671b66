// Issue 17 point 8: each report page links to the models behind its figures. The foot is a
// component call on the page, so a page without it is found here, before any build (the segment
// migration page lacked it).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

const srcDir = join(projectRoot, "src");
const pages = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((file) => file.endsWith(".md") && !file.startsWith(".observablehq"))
  .map((file) => join(srcDir, file));

test("every report page ends with 'Models behind this page' (the models pages themselves are the catalog)", () => {
  const reports = pages.filter((file) => !relative(srcDir, file).startsWith("models"));
  expect(reports.length).toBeGreaterThan(15);
  const without = reports.filter((file) => !/display\(ModelsBehind\(FileAttachment\("(\.\.?\/)*data\/model_catalog\.pages\.json"\)\)\)/.test(readFileSync(file, "utf8")));
  expect(without.map((file) => relative(srcDir, file))).toEqual([]);
});
