// A TypeScript model's hash holds the code it runs (data-loaders/pipeline/imported-code.ts): editing
// a file it imports, directly or through another, rebuilds it; editing a file only another model
// imports, or one it imports only for types, does not. Its declarations are kept while that code is
// unchanged, so a run imports only the models it builds.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { importedCodeVersions, importedSpecifiers } from "../../data-loaders/pipeline/imported-code.ts";
import { planModels } from "../../data-loaders/pipeline/plan.ts";
import { findModels } from "../../data-loaders/pipeline/project.ts";
import { tempProject } from "../helpers/temp-project.ts";

describe("importedSpecifiers", () => {
  test("finds static, side-effect, dynamic and worker imports over several lines, and leaves type-only ones out", () => {
    const source = [
      `import type { TsModel } from "../../pipeline/ts-model.ts";`,
      `import { readFileSync } from "node:fs";`,
      `import {\n  first,\n  type Second,\n} from '../../lib/a.ts';`,
      `export { third } from "./b.js";`,
      `export type { Fourth } from "./types.ts";`,
      `import "./side-effect.js";`,
      `const lazy = () => import("./lazy.js");`,
      `const worker = new Worker(new URL("./worker.js", import.meta.url), {});`,
      `import * as d3 from "d3";`,
      `const text = "this is not from 'a-string.js'";`,
    ].join("\n");
    expect(importedSpecifiers(source).sort()).toEqual(["../../lib/a.ts", "./b.js", "./lazy.js", "./side-effect.js", "./worker.js", "d3", "node:fs"].sort());
  });
});

describe("a TypeScript model's imports", () => {
  const model = (helper: string) =>
    `import { factor } from "../../lib/${helper}.ts";\nimport type { Unused } from "../../lib/types-only.ts";\n` +
    `export default { dependsOn: [], columns: { x: "INTEGER" }, async build() { return [{ x: factor }]; } };\n`;

  test("editing a file a model imports, directly or through another, rebuilds that model only", async () => {
    const project = tempProject({
      "lib/shared.ts": "export const base = 1;\n",
      "lib/helper-a.ts": `import { base } from "./shared.ts";\nexport const factor = base + 1;\n`,
      "lib/helper-b.ts": "export const factor = 3;\n",
      "lib/types-only.ts": "export type Unused = number;\n",
      "models/marts/model_a.ts": model("helper-a"),
      "models/marts/model_b.ts": model("helper-b"),
    });
    const statuses = async () => Object.fromEntries((await project.run()).steps.filter((s) => s.kind === "model").map((s) => [s.name, s.status]));
    expect(await statuses()).toEqual({ model_a: "built", model_b: "built" });
    expect(await statuses()).toEqual({ model_a: "cached", model_b: "cached" });
    project.write("lib/helper-b.ts", "// three\nexport const factor = 3;\n");
    expect(await statuses()).toEqual({ model_a: "cached", model_b: "built" });
    project.write("lib/shared.ts", "// one\nexport const base = 1;\n");
    expect(await statuses()).toEqual({ model_a: "built", model_b: "cached" });
    project.write("lib/types-only.ts", "// a type\nexport type Unused = number;\n");
    expect(await statuses()).toEqual({ model_a: "cached", model_b: "cached" });
  });
});

describe("a TypeScript model's declarations, kept while its code is unchanged", () => {
  const files = {
    "lib/helper.ts": "export const factor = 2;\n",
    "models/marts/doubled.ts": `import { factor } from "../../lib/helper.ts";\nexport default { dependsOn: [], columns: { x: "INTEGER" }, async build() { return [{ x: factor }]; } };\n`,
  };

  test("planning imports only the models whose code changed since the declarations were kept", async () => {
    const project = tempProject(files);
    const { instance, connection } = await openDatabase();
    try {
      const models = findModels(project.modelsRoot);
      const codeVersion = importedCodeVersions();
      const [imported] = await planModels(connection, models, [], { codeVersion, kept: new Map() });
      expect(imported.tsModel).toBeDefined();
      expect(imported.ts).toEqual({ code: codeVersion(imported.path), dependsOn: [], vars: [], files: [], returnsSql: false });
      const [kept] = await planModels(connection, models, [], { codeVersion, kept: new Map([[imported.path, imported.ts!]]) });
      expect([kept.tsModel, kept.ts]).toEqual([undefined, imported.ts]);
      project.write("lib/helper.ts", "export const factor = 3;\n");
      const [changed] = await planModels(connection, models, [], { codeVersion: importedCodeVersions(), kept: new Map([[imported.path, imported.ts!]]) });
      expect(changed.tsModel).toBeDefined();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  test("a module that no longer declares what was kept for its code fails naming it, and the next run imports every model again", async () => {
    const project = tempProject(files);
    expect((await project.run()).failed).toBe(false);
    const keptFile = join(project.root, ".cache", "ts-models.json");
    const kept = JSON.parse(readFileSync(keptFile, "utf8"));
    for (const declarations of Object.values(kept) as { dependsOn: string[] }[]) declarations.dependsOn = ["src_order_lines"];
    writeFileSync(keptFile, JSON.stringify(kept));
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(summary.log.join("\n")).toMatch(/doubled\.ts: its dependsOn, vars or files are not those it declared when its code was last planned/);
    expect(existsSync(keptFile)).toBe(false);
    const again = await project.run();
    expect(again.failed).toBe(false);
    expect(await project.mart("doubled")).toEqual([{ x: 2 }]);
  });
});
