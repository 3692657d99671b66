// A generated store as an export that grows: its files without the last months for a first build,
// then the whole store, as if the months were appended. Shared by the incremental-model test
// (test/pipeline/incremental-store.test.ts) and its benchmark (perf/incremental.bench.ts).
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, queryValue } from "../../data-loaders/pipeline/duckdb.ts";

/** The generated store's files, in the order a config lists them. */
export const storeTables = ["order_lines", "customers", "events", "experiment_assignments"];

/** The time column of the tables the months are appended to (the others are the same in both builds). */
const appendedTime: Record<string, string> = { order_lines: "InvoiceDate", events: "event_at" };

/** A config named `name` reading the generated store's Parquet files from `folder` (relative to the config). */
export function storeConfig(name: string, folder: string): string {
  return `name: ${name}\nsources:\n${storeTables.map((t) => `  ${t}: {path: ${folder}/${t}.parquet${t === "order_lines" ? ", preset: uci_online_retail" : ""}}`).join("\n")}\n`;
}

export interface AppendedStore {
  /** Where the first build's rows end: noon of the first appended month's first day, so that day has rows before and after. */
  cutoff: string;
  /** Rows of the appended tables: [first build, whole store]. */
  rows: Record<string, [number, number]>;
  /** Copies the store's files into `folder`: without the appended months (`first`), or whole. */
  useFiles(folder: string, first: boolean): void;
  /**
   * The same as folder sources (folderConfig): each appended table a folder holding `1.parquet`,
   * the rows before the cutoff, and without `first` also `2.parquet`, the appended months' rows.
   */
  useFolders(folder: string, first: boolean): void;
}

/** A config like storeConfig's whose appended tables are folders (useFolders). */
export function folderConfig(name: string, folder: string): string {
  return `name: ${name}\nsources:\n${storeTables.map((t) => `  ${t}: {path: ${folder}/${t}${appendedTime[t] ? "/" : ".parquet"}${t === "order_lines" ? ", preset: uci_online_retail" : ""}}`).join("\n")}\n`;
}

/**
 * Writes the first build's files of `store` into `work` (<table>.first.parquet): the order lines and
 * events before the cutoff, `months` calendar months back from the last one's start (1: the last
 * month is appended), and those without a time (in both builds, their partition unchanged).
 */
export async function appendedStore(store: string, work: string, months = 1): Promise<AppendedStore> {
  const { instance, connection } = await openDatabase();
  const rows: Record<string, [number, number]> = {};
  let cutoff: string;
  try {
    cutoff = String(await queryValue(connection, `SELECT strftime(date_trunc('month', max(event_at)) - INTERVAL ${months - 1} MONTH + INTERVAL 12 HOUR, '%Y-%m-%d %H:%M:%S') FROM read_parquet('${join(store, "events.parquet")}')`));
    for (const [table, time] of Object.entries(appendedTime)) {
      const whole = join(store, `${table}.parquet`);
      const first = join(work, `${table}.first.parquet`);
      await connection.run(`COPY (SELECT * FROM read_parquet('${whole}') WHERE "${time}" IS NULL OR CAST("${time}" AS TIMESTAMP) < TIMESTAMP '${cutoff}') TO '${first}' (FORMAT parquet)`);
      await connection.run(`COPY (SELECT * FROM read_parquet('${whole}') WHERE CAST("${time}" AS TIMESTAMP) >= TIMESTAMP '${cutoff}') TO '${join(work, `${table}.appended.parquet`)}' (FORMAT parquet)`);
      rows[table] = [Number(await queryValue(connection, `SELECT count(*) FROM read_parquet('${first}')`)), Number(await queryValue(connection, `SELECT count(*) FROM read_parquet('${whole}')`))];
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return {
    cutoff,
    rows,
    useFiles(folder, first) {
      mkdirSync(folder, { recursive: true });
      for (const table of storeTables) copyFileSync(first && appendedTime[table] ? join(work, `${table}.first.parquet`) : join(store, `${table}.parquet`), join(folder, `${table}.parquet`));
    },
    useFolders(folder, first) {
      for (const table of storeTables) {
        if (!appendedTime[table]) {
          mkdirSync(folder, { recursive: true });
          copyFileSync(join(store, `${table}.parquet`), join(folder, `${table}.parquet`));
          continue;
        }
        mkdirSync(join(folder, table), { recursive: true });
        copyFileSync(join(work, `${table}.first.parquet`), join(folder, table, "1.parquet"));
        if (!first) copyFileSync(join(work, `${table}.appended.parquet`), join(folder, table, "2.parquet"));
      }
    },
  };
}
