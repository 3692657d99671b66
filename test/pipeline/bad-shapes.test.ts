// Inputs whose shape is wrong get their real cause, not the message of whatever failed next: a
// folder given as a source, an empty seed, a ragged seed row.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSeedShape } from "../../data-loaders/pipeline/seeds.ts";
import { assertReadable } from "../../data-loaders/sources/load-source.ts";
import { tempProject } from "../helpers/temp-project.ts";

describe("bad shapes are named", () => {
  test("a folder given as a source", () => {
    const project = tempProject();
    mkdirSync(join(project.root, "exports"));
    const source = { table: "order_lines" as const, path: join(project.root, "exports"), preset: "canonical", columns: {}, origin: "analytics.config.yml: sources.order_lines" };
    expect(() => assertReadable(source)).toThrow(/exports: is a folder, not a file \(configured in analytics\.config\.yml: sources\.order_lines\)/);
  });

  test("a named pipe given as a source is named as one, not read as an empty file", () => {
    const project = tempProject();
    const fifo = join(project.root, "lines.csv");
    execFileSync("mkfifo", [fifo]);
    const source = { table: "order_lines" as const, path: fifo, preset: "canonical", columns: {}, origin: "analytics.config.yml: sources.order_lines" };
    expect(() => assertReadable(source)).toThrow(/lines\.csv: is a named pipe \(FIFO\), not a regular file \(configured in analytics\.config\.yml: sources\.order_lines\)/);
    expect(() => assertReadable({ ...source, path: "/dev/null" })).toThrow(/\/dev\/null: is a character device, not a regular file/);
  });

  test("an empty seed, a blank header name, a ragged row; quoted commas and a trailing blank line are fine", () => {
    const project = tempProject();
    expect(() => checkSeedShape(project.write("seeds/empty.csv", ""))).toThrow(/empty\.csv: the seed is empty; it needs a header row/);
    expect(() => checkSeedShape(project.write("seeds/blank.csv", "\n\n"))).toThrow(/the seed is empty/);
    expect(() => checkSeedShape(project.write("seeds/head.csv", "a,,c\n1,2,3\n"))).toThrow(/header row has an empty column name \(column 2\)/);
    expect(() => checkSeedShape(project.write("seeds/ragged.csv", "name,value\nx,1\ny,2,3\n"))).toThrow(/ragged\.csv: row 2 has 3 fields but the header has 2 \(name, value\)/);
    expect(() => checkSeedShape(project.write("seeds/ok.csv", 'name,value\n"a, b",1\n\n'))).not.toThrow();
  });
});
