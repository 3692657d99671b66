// Pages stay thin (issue 17 point 7): a page's JavaScript is narrative and component calls, and
// derivations live in marts or in src/components. The budget counts the non-blank, non-comment
// lines inside a page's ```js blocks; a page over it has taken on work a component should do.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

const budget = 140;

function pageJsLines(markdown: string): number {
  let fence: string | null = null;
  let lines = 0;
  for (const line of markdown.split("\n")) {
    const open = line.match(/^(`{3,}|~{3,})\s*(js|javascript)\b/);
    if (fence === null && open) fence = open[1];
    else if (fence !== null && line.trim() === fence) fence = null;
    else if (fence !== null && line.trim() && !line.trim().startsWith("//")) lines++;
  }
  return lines;
}

test("counts only the lines of js blocks, without blanks and comments", () => {
  expect(pageJsLines("text\n```js\nconst a = 1;\n\n// why\ndisplay(a);\n```\n```sql\nselect 1\n```\n```js echo\nb\n```")).toBe(3);
});

test(`no page carries more than ${budget} lines of JavaScript`, () => {
  const src = join(projectRoot, "src");
  const pages = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md") && !f.includes("node_modules") && !f.startsWith(".observablehq"));
  expect(pages.length).toBeGreaterThan(15);
  const over = pages.map((page) => [page, pageJsLines(readFileSync(join(src, page), "utf8"))] as const).filter(([, n]) => n > budget);
  expect(over).toEqual([]);
});
