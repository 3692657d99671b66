// The loaders' output path when npm run build runs them in one process (prerender-loaders.ts):
// the output lands in the named file, and a user's error is thrown to the caller instead of ending
// the process (which would end every other loader's run with it).
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { UserError } from "../../data-loaders/pipeline/errors.ts";
import { emitInto, emitJson } from "../../data-loaders/site/emit-mart.ts";

const dir = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP!, "emit-"));
afterEach(() => emitInto(null));

test("emitInto sends a loader's JSON to the file", async () => {
  const file = join(dir, "out.json");
  emitInto(file);
  await emitJson(async () => ({ customers: 3, first: "2010-12-01" }));
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ customers: 3, first: "2010-12-01" });
});

test("a user's error is thrown to the prerenderer, not turned into an exit", async () => {
  emitInto(join(dir, "failed.json"));
  await expect(emitJson(async () => {
    throw new UserError('no mart named "x"');
  })).rejects.toThrow('no mart named "x"');
});
