// The customer models on a store the generator planted: the ledger recovers every kind of dirty
// row it wrote (ground_truth.json), country aliases are normalised, and no personal data from
// the customers file reaches a mart.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { generateStore, type GroundTruth } from "../../data-loaders/generator/index.ts";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { readParquet, tempProject, type TempProject } from "../helpers/temp-project.ts";

let project: TempProject;
let truth: GroundTruth;
// The parts of ground_truth.json these tests read.
const dirty = () => truth.dirty_rows as { rows_by_kind: Record<string, number>; c_prefixed_rows: number; country_alias_rows: Record<string, number> };
let ledger: Record<string, number>;

beforeAll(async () => {
  project = tempProject();
  const store = join(project.root, "store");
  truth = await generateStore({ outDir: store, seed: 7, customers: 400, format: "parquet" });
  project.write("analytics.config.yml", `name: store
sources:
  order_lines: {path: store/order_lines.parquet, preset: uci_online_retail}
  customers: {path: store/customers.parquet}
  events: {path: store/events.parquet}
  experiment_assignments: {path: store/experiment_assignments.parquet}
`);
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(summary.failed).toBe(false);
  ledger = Object.fromEntries((await project.mart("order_line_ledger")).map((r) => [String(r.outcome), Number(r.lines)]));
}, 120_000);

describe("the ledger recovers the planted dirty rows", () => {
  const kinds = () => dirty().rows_by_kind;

  test("one to one: sales, guests, duplicates, bad debt, zero prices", () => {
    expect({
      kept: ledger.kept, guest_checkout: ledger.guest_checkout, duplicate: ledger.duplicate,
      bad_debt: ledger.bad_debt, zero_price: ledger.zero_price,
    }).toEqual({
      kept: kinds().sale, guest_checkout: kinds().guest, duplicate: kinds().exact_duplicate,
      bad_debt: kinds().bad_debt, zero_price: kinds().zero_price,
    });
  });

  test("every C-prefixed row is a credit note, and the charges are postage, carriage and bank charges", () => {
    expect(ledger.credit_note).toBe(dirty().c_prefixed_rows);
    expect(ledger.non_product_charge).toBe(kinds().postage + kinds().carriage + kinds().bank_charges);
  });

  test("the rest (manual lines, discounts and stock corrections outside credit notes) are adjustments or suspicious", () => {
    const cancellations = kinds().credit_note + kinds().return + kinds().discount + kinds().manual + kinds().inventory_adjustment;
    expect(ledger.credit_note + ledger.manual_adjustment + ledger.suspicious_entry).toBe(cancellations);
    expect(ledger.negative_price + ledger.return).toBe(0);
  });

  test("in = kept + excluded, to the row", () => {
    expect(Object.values(ledger).reduce((a, b) => a + b, 0)).toBe(truth.files.order_lines.rows);
  });
});

describe("countries and personal data", () => {
  test("EIRE, RSA and USA become Ireland, South Africa and United States; Unspecified becomes Unknown", async () => {
    const rows: Row[] = await project.queryWarehouse(`select country_as_written, any_value(country) as country, count(*)::int as n
      from stg_retail__order_lines where country_as_written in ('EIRE', 'RSA', 'USA', 'Unspecified', 'European Community') group by all order by all`);
    const aliases = dirty().country_alias_rows;
    expect(rows).toEqual(Object.entries({ EIRE: "Ireland", "European Community": "Unknown", RSA: "South Africa", USA: "United States", Unspecified: "Unknown" })
      .filter(([raw]) => aliases[raw] > 0)
      .map(([raw, country]) => ({ country_as_written: raw, country, n: aliases[raw] })));
  });

  test("no mart holds a name or e-mail address from the customers file", async () => {
    const people = await readParquet(join(project.root, "store", "customers.parquet"), "select full_name, email from t");
    const emails = new Set(people.map((p) => String(p.email).toLowerCase()));
    const names = new Set(people.map((p) => String(p.full_name).toLowerCase()));
    expect(emails.size + names.size).toBeGreaterThan(100);
    const longestName = Math.max(...[...names].map((n) => n.split(/\s+/).length));
    // Every text cell is scanned once: e-mail-shaped substrings against the e-mails, and each run
    // of up to longestName words against the names (a linear scan, where testing every name
    // against every cell took minutes on the larger marts).
    const leaksIn = (text: string): string[] => {
      const found = [...text.toLowerCase().matchAll(/[^\s@"',;<>()]+@[^\s@"',;<>()]+/g)].map((m) => m[0]).filter((e) => emails.has(e));
      const words = text.toLowerCase().split(/\s+/).map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""));
      for (let i = 0; i < words.length; i++) {
        for (let n = 2; n <= longestName && i + n <= words.length; n++) {
          const run = words.slice(i, i + n).join(" ");
          if (names.has(run)) found.push(run);
        }
      }
      return found;
    };
    const marts = join(project.root, ".cache", "marts");
    for (const file of readdirSync(marts)) {
      const leaked = new Set<string>();
      for (const row of await readParquet(join(marts, file))) {
        for (const value of Object.values(row)) if (typeof value === "string") for (const leak of leaksIn(value)) leaked.add(leak);
      }
      expect([file, [...leaked]]).toEqual([file, []]);
    }
  });
});
