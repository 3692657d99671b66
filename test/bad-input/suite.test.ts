// The bad-input suite (issue 19 point 6): every case of cases.ts in a folder of its own, run through
// the layers a build runs (config, vars, the source checks and the loader, the seed check) in
// process, so a case costs milliseconds rather than a build. An error must be a UserError, the
// kind the CLI and the build print as one line and exit 2 on (test/pipeline/fault-warehouse.test.ts
// runs the CLI itself), with every word the case expects; an input that reads must hold exactly
// the rows it has. The ledger cases are built once, together, through the real staging and ledger
// models: each case's lines in = its kept + excluded lines, with the outcomes worked by hand.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { UserError } from "../../data-loaders/pipeline/errors.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { silentLog } from "../../data-loaders/pipeline/progress.ts";
import { checkSeedShape } from "../../data-loaders/pipeline/seeds.ts";
import { readVarDeclarations, resolveVars } from "../../data-loaders/pipeline/vars.ts";
import { assertReadable, loadSource } from "../../data-loaders/sources/load-source.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";
import { cases, DIR, FIFO, ledgerCases, type BadInputCase, type FileContent } from "./cases.ts";

const defaultConfig = (options = "") => `name: bad-input\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n${options}`;

async function writeCase(root: string, files: Record<string, FileContent>, connection: DuckDBConnection): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (content === DIR) mkdirSync(full, { recursive: true });
    else if (content === FIFO) execFileSync("mkfifo", [full]);
    else if (typeof content === "object" && "parquet" in content) await connection.run(`COPY (${content.parquet}) TO '${full}' (FORMAT parquet)`);
    else writeFileSync(full, content);
  }
}

/** Runs a case as a build would, up to its sources; returns the rows of each source or the error. */
async function runCase(c: BadInputCase): Promise<{ rows: number[] } | { error: unknown }> {
  const root = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP!, "bad-input-"));
  writeFileSync(join(root, "analytics.config.yml"), c.config ?? defaultConfig(c.options));
  const { instance, connection } = await openDatabase();
  // Written before the case runs: a fixture that cannot be written fails the test, never passes as the case's error.
  await writeCase(root, c.files ?? {}, connection).catch((error) => {
    connection.closeSync();
    instance.closeSync();
    throw error;
  });
  try {
    if (c.seed !== undefined) {
      mkdirSync(join(root, "seeds"));
      writeFileSync(join(root, "seeds", "bad.csv"), c.seed);
      checkSeedShape(join(root, "seeds", "bad.csv"));
    }
    const config = loadConfig({ configPath: join(root, "analytics.config.yml"), vars: c.vars, env: c.env ?? {} });
    resolveVars(config.vars, config.varOrigins ?? {}, readVarDeclarations(), []);
    const rows: number[] = [];
    for (const source of Object.values(config.sources)) {
      assertReadable(source!);
      rows.push(await loadSource(connection, source!, silentLog));
    }
    return { rows };
  } catch (error) {
    return { error };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const categories = [...new Set([...cases.map((c) => c.category), ...ledgerCases.map((c) => c.category)])];
const started = performance.now();
afterAll(() => {
  const counts = categories.map((category) => `${category} ${cases.filter((c) => c.category === category).length + ledgerCases.filter((c) => c.category === category).length}`);
  process.stderr.write(`bad-input suite: ${cases.length + ledgerCases.length} cases (${counts.join(", ")}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
});

test("the catalogue holds at least 60 cases, each named once", () => {
  expect(cases.length + ledgerCases.length).toBeGreaterThanOrEqual(60);
  const names = [...cases, ...ledgerCases].map((c) => `${c.category}: ${c.name}`);
  expect(new Set(names).size).toBe(names.length);
  for (const c of cases) expect(c.error === undefined, `${c.name}: give error or rows`).toBe(c.rows !== undefined);
});

for (const category of categories.filter((name) => cases.some((c) => c.category === name))) {
  describe(category, () => {
    for (const c of cases.filter((x) => x.category === category)) {
      test(c.name, async () => {
        const outcome = await runCase(c);
        if (c.error) {
          expect("error" in outcome, "expected an error, the input read").toBe(true);
          const error = (outcome as { error: unknown }).error;
          // A UserError is printed alone (no stack trace) and exits 2; anything else is a bug.
          if (!(error instanceof UserError)) throw error;
          for (const words of c.error) expect(error.message).toMatch(words);
          expect(error.message).not.toMatch(/\n\s+at /);
        } else {
          if ("error" in outcome) throw outcome.error;
          expect(outcome.rows.reduce((a, b) => a + b, 0)).toBe(c.rows);
        }
      });
    }
  });
}

describe("inputs that build: rows in = kept + excluded, per case, through staging and the ledger", () => {
  // Case i's invoices end in -k<i>, so one build holds every case apart (a credit note keeps its C).
  const tagged = ledgerCases.map((c, i) => c.lines.map((l) => l.replace(/^([^,]*)/, `$1-k${i}`)));
  let outcomes: Row[];
  let ledger: Row[];
  beforeAll(async () => {
    const project = tempProject({ "analytics.config.yml": defaultConfig(), "raw/lines.csv": uciCsv(tagged.flat()) });
    const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["order_line_ledger"] });
    expect(summary.failed).toBe(false);
    const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
    try {
      outcomes = await queryRows(connection, `
        select cast(regexp_extract(invoice_id, '-k(\\d+)$', 1) as integer) as k, coalesce(exclusion_reason, 'kept') as outcome, count(*)::integer as lines
        from stg_retail__order_lines group by all order by all`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    ledger = await project.mart("order_line_ledger");
  });

  test("the ledger holds every line of every case once: in = kept + excluded", () => {
    const lines = ledger.reduce((sum, r) => sum + Number(r.lines), 0);
    expect(lines).toBe(tagged.flat().length);
    expect(outcomes.reduce((sum, r) => sum + Number(r.lines), 0)).toBe(tagged.flat().length);
  });

  for (const [k, c] of ledgerCases.entries()) {
    test(`${c.category}: ${c.name}`, () => {
      const mine = Object.fromEntries(outcomes.filter((r) => r.k === k).map((r) => [r.outcome, r.lines]));
      const expected = Object.fromEntries(Object.entries(c.outcomes).filter(([, n]) => n > 0));
      expect(mine).toEqual(expected);
      expect(Object.values(mine).reduce((a, b) => Number(a) + Number(b), 0)).toBe(c.lines.length);
    });
  }
});
