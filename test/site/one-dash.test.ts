// One missing-value dash (issue 17 point 3): pages and components show a figure that is not defined
// with format.js's `dash` (or a formatter that returns it), never a dash literal of their own, which
// drifts (an en dash here, a hyphen there) and escapes a change of the convention.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

test("no page or component writes a dash as a value outside format.js", () => {
  const src = join(projectRoot, "src");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => /\.(md|js)$/.test(f) && !f.startsWith(".observablehq") && f !== join("components", "format.js"));
  expect(files.length).toBeGreaterThan(40);
  // A quoted string that is only an em, en or figure dash: a value, not prose. (A lone hyphen or
  // minus is a slug separator or a sign.)
  const literal = /(["'`])\s*[—–‒]\s*\1/;
  const found = files.flatMap((file) => readFileSync(join(src, file), "utf8").split("\n")
    .map((line, i) => [file, i + 1, line] as const)
    .filter(([, , line]) => literal.test(line) && !/\.(join|split)\(\s*(["'`])\s*[—–‒]\s*\2/.test(line)));
  expect(found.map(([file, n, line]) => `${file}:${n}: ${line.trim()}`)).toEqual([]);
});
