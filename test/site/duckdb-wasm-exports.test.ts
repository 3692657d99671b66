// The DuckDB-wasm binary the site ships without its extension-only exports
// (scripts/duckdb-wasm-exports.ts): V8's own reading of both modules says exactly the mangled C++
// names that the module does not import were dropped, and the pruned build, run through
// DuckDB-wasm's Node bindings, answers what the pages ask (the site's macros, Arrow tables
// inserted as Arrow IPC as DuckDBClient.of does, aggregates, windows, text and date functions, errors thrown
// from C++) exactly as the package's own build does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import { pruneExtensionExports } from "../../scripts/duckdb-wasm-exports.ts";
import { duckdbWasmDist as dist, openPageEngine } from "../helpers/page-engine.ts";

const original = readFileSync(join(dist, "duckdb-eh.wasm"));
const pruned = pruneExtensionExports(original);
const dir = mkdtempSync(join(tmpdir(), "duckdb-wasm-exports-"));
const prunedPath = join(dir, "duckdb-eh.wasm");
writeFileSync(prunedPath, pruned.bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pruneExtensionExports", () => {
  test("drops exactly the mangled C++ exports the module does not import, and nothing else", async () => {
    const [before, after] = await Promise.all([WebAssembly.compile(original), WebAssembly.compile(pruned.bytes)]);
    const imported = new Set(WebAssembly.Module.imports(before).map((i) => i.name));
    const expected = WebAssembly.Module.exports(before).filter((e) => !(e.name.startsWith("_Z") && !imported.has(e.name)));
    expect(WebAssembly.Module.exports(after)).toEqual(expected);
    expect(WebAssembly.Module.imports(after)).toEqual(WebAssembly.Module.imports(before));
    expect(WebAssembly.Module.customSections(after, "dylink.0")).toEqual(WebAssembly.Module.customSections(before, "dylink.0"));
    expect({ before: pruned.exportsBefore, after: pruned.exportsAfter }).toEqual({ before: WebAssembly.Module.exports(before).length, after: expected.length });
    expect(pruned.bytes.length).toBeLessThan(original.length);
  });

  test("rejects what is not a WebAssembly module", () => {
    expect(() => pruneExtensionExports(new TextEncoder().encode("not wasm"))).toThrow(/not a WebAssembly/);
    expect(() => pruneExtensionExports(original.subarray(0, 1000))).toThrow(/truncated/);
  });
});

describe("the pruned DuckDB-wasm", () => {
  const queries = [
    "select version() as v",
    "select k, count(*) as n, sum(v) as s, median(v) as med, quantile_cont(v, 0.9) as p90, string_agg(distinct label, ',' order by label) as labels from pages group by k order by k",
    "select k, v, row_number() over (partition by k order by v desc) as r, sum(v) over (order by v rows between 2 preceding and current row) as rolling from pages order by k, v limit 20",
    "select regexp_replace(label, '[aeiou]', '_', 'g') as r, upper(label) as u, strftime(day, '%Y-%m') as m, date_trunc('week', day) as w, day - interval 30 day as back from pages order by v limit 10",
    "select list_sort(list(distinct k)) as ks, approx_count_distinct(label) as labels from pages",
    "select a.k, count(*) as n from pages a join pages b on a.k = b.k and a.v < b.v group by a.k order by a.k",
    "select wilson_low(k, 10) as low, wilson_high(k, 10) as high, period_start_of(day, 'month') as month from pages order by v limit 5",
  ];
  const failing = ["select * from missing_table", "select 'x'::integer", "select 1 +"];

  async function answers(mainModule: string) {
    const connection = await openPageEngine({ ehModule: mainModule });
    const n = 5000;
    const table = tableFromArrays({
      k: Int32Array.from({ length: n }, (_, i) => i % 7),
      v: Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 10),
      label: Array.from({ length: n }, (_, i) => ["alpha", "beta", "gamma", "delta"][i % 4]),
    });
    // As Framework's DuckDBClient hands a table to its worker: an Arrow IPC stream.
    connection.insertArrowFromIPCStream(tableToIPC(table, "stream"), { name: "pages_raw" });
    connection.query("create table pages as select *, date '2024-01-01' + (v * 3)::integer as day from pages_raw");
    const results = queries.map((sql) => JSON.stringify(connection.query(sql).toArray().map((row) => row.toJSON()), (_, value) => (typeof value === "bigint" ? String(value) : value)));
    const errors = failing.map((sql) => {
      try {
        connection.query(sql);
        return "no error";
      } catch (error) {
        return String(error);
      }
    });
    connection.close();
    return { results, errors };
  }

  test("answers the pages' kinds of query and throws the same errors as the package's build", async () => {
    const [reference, ours] = [await answers(join(dist, "duckdb-eh.wasm")), await answers(prunedPath)];
    expect(ours).toEqual(reference);
    expect(JSON.parse(reference.results[1])).toHaveLength(7); // one row per k: the table arrived whole
    expect(reference.errors.every((e) => e !== "no error")).toBe(true);
  });
});
