// DuckDB plumbing: staging tables in a scratch database on disk (so memory stays bounded however
// many rows are staged), then one COPY per published file. Two threads and insertion order
// preserved: the same staged rows always give the same bytes.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoreTable } from "./export-sql.ts";
import { ASSIGNMENTS, AssignmentSink, CUSTOMERS, CustomerSink, EVENTS, EventSink, ORDER_LINES, OrderLineSink, type Sinks, type StagingSpec } from "./staging.ts";

export type StoreFormat = "parquet" | "csv";

export const FILE_EXTENSION: Record<StoreFormat, string> = { parquet: ".parquet", csv: ".csv.gz" };

export interface StoreWriter {
  sinks: Sinks;
  /** Writes each table to `outDir/<table><ext>` and logs its rows and time. */
  export(outDir: string, format: StoreFormat, queries: Record<StoreTable, string>, log: (message: string) => void): Promise<void>;
  /** Rows of a query over the staged tables (every row added so far), BIGINTs as numbers. */
  query(sql: string): Promise<Record<string, number>[]>;
  dispose(): Promise<void>;
}

/** Sinks that only count rows: the calibration run that sizes the store for a wanted number of lines. */
export function countingSinks(): Sinks {
  return {
    orderLines: new OrderLineSink(ORDER_LINES, null),
    events: new EventSink(EVENTS, null),
    customers: new CustomerSink(CUSTOMERS, null),
    assignments: new AssignmentSink(ASSIGNMENTS, null),
  };
}

export async function openWriter(): Promise<StoreWriter> {
  const scratch = mkdtempSync(join(tmpdir(), "store-generator-"));
  const instance = await DuckDBInstance.create(join(scratch, "stage.duckdb"), {
    threads: "2",
    memory_limit: "1GB",
    temp_directory: join(scratch, "spill"),
    preserve_insertion_order: "true",
  });
  const connection = await instance.connect();
  const appender = async (spec: StagingSpec) => {
    await connection.run(`CREATE TABLE ${spec.table} (${spec.columns.map(([name, type]) => `${name} ${type}`).join(", ")})`);
    return connection.createAppender(spec.table);
  };
  const sinks: Sinks = {
    orderLines: new OrderLineSink(ORDER_LINES, await appender(ORDER_LINES)),
    events: new EventSink(EVENTS, await appender(EVENTS)),
    customers: new CustomerSink(CUSTOMERS, await appender(CUSTOMERS)),
    assignments: new AssignmentSink(ASSIGNMENTS, await appender(ASSIGNMENTS)),
  };
  let open = true;
  const closeSinks = () => {
    if (!open) return;
    open = false;
    for (const sink of Object.values(sinks)) sink.close();
  };
  return {
    sinks,
    async export(outDir, format, queries, log) {
      closeSinks();
      mkdirSync(outDir, { recursive: true });
      for (const [table, query] of Object.entries(queries) as [StoreTable, string][]) {
        const started = performance.now();
        await copy(connection, query, outDir, table, format);
        const rows = { order_lines: sinks.orderLines, customers: sinks.customers, events: sinks.events, experiment_assignments: sinks.assignments }[table].rows;
        log(`${table}: ${rows} rows written in ${Math.round(performance.now() - started)} ms`);
      }
    },
    async query(sql) {
      if (!open) throw new Error("the staged tables were already exported");
      for (const sink of Object.values(sinks)) sink.sync();
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])));
    },
    async dispose() {
      closeSinks();
      connection.closeSync();
      instance.closeSync();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

async function copy(connection: DuckDBConnection, query: string, outDir: string, table: StoreTable, format: StoreFormat): Promise<void> {
  const target = join(outDir, table + FILE_EXTENSION[format]);
  const partial = `${target}.partial`;
  const options = format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true, COMPRESSION gzip, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S'";
  await connection.run(`COPY (${query}) TO '${partial.replaceAll("'", "''")}' (${options})`);
  renameSync(partial, target);
  // A file of the other format left from an earlier run would look like part of this store.
  const other: StoreFormat = format === "parquet" ? "csv" : "parquet";
  rmSync(join(outDir, table + FILE_EXTENSION[other]), { force: true });
}
