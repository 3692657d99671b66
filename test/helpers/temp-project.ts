// A throwaway project in a temp folder (models, seeds, config, raw files) for pipeline tests,
// and helpers to run the pipeline on it and read its tables back.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadConfig, type ProjectConfig } from "../../data-loaders/pipeline/config.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { runPipeline, type RunOptions, type RunSummary } from "../../data-loaders/pipeline/run.ts";
import { warehouseFile } from "../../data-loaders/pipeline/warehouse.ts";

export interface TempProject {
  root: string;
  modelsRoot: string;
  seedsRoot: string;
  write(path: string, content: string): string;
  config(overrides?: { sources?: string[]; vars?: string[] }): ProjectConfig;
  run(options?: Partial<RunOptions>): Promise<RunSummary & { log: string[] }>;
  mart(name: string): Promise<Row[]>;
  /** Rows of a query on the project's warehouse (withWarehouse). */
  queryWarehouse(sql: string): Promise<Row[]>;
  /** Its warehouse open for `use` (withWarehouse). */
  withWarehouse<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
}

// Temp projects live in the run's folder (test/helpers/global-setup.ts), removed after the run.
const parent = process.env.ANALYTICS_TEST_TMP ?? tmpdir();

export function tempProject(files: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(parent, "project-"));
  const project: TempProject = {
    root,
    modelsRoot: join(root, "models"),
    seedsRoot: join(root, "seeds"),
    write(path, content) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    config(overrides = {}) {
      return { ...loadConfig({ configPath: join(root, "analytics.config.yml"), env: {}, ...overrides }), cacheDir: join(root, ".cache") };
    },
    async run(options = {}) {
      const log: string[] = [];
      const summary = await runPipeline({ config: project.config(), modelsRoot: project.modelsRoot, seedsRoot: project.seedsRoot, log: (line) => log.push(line), ...options });
      return { ...summary, log };
    },
    async mart(name) {
      return readParquet(martFile(join(root, ".cache"), name));
    },
    queryWarehouse: (sql) => queryWarehouse(join(root, ".cache"), sql),
    withWarehouse: (use) => withWarehouse(join(root, ".cache"), use),
  };
  mkdirSync(project.modelsRoot, { recursive: true });
  mkdirSync(project.seedsRoot, { recursive: true });
  if (!files["analytics.config.yml"]) project.write("analytics.config.yml", "name: test\nsources: {}\n");
  for (const [path, content] of Object.entries(files)) project.write(path, content);
  return project;
}

/** Opens the warehouse of a cache folder for `use`, closed after it (also when it throws): a pipeline run can open it again. */
export async function withWarehouse<T>(cacheDir: string, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const { instance, connection } = await openDatabase(warehouseFile(cacheDir));
  try {
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The rows of one query on the warehouse of a cache folder. */
export function queryWarehouse(cacheDir: string, sql: string): Promise<Row[]> {
  return withWarehouse(cacheDir, (connection) => queryRows(connection, sql));
}

export async function readParquet(file: string, sql = "SELECT * FROM t ORDER BY ALL"): Promise<Row[]> {
  const { instance, connection } = await openDatabase();
  try {
    await connection.run(`CREATE VIEW t AS SELECT * FROM read_parquet('${file}')`);
    return await queryRows(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * One order line of uciCsv: product P1 on 2011-01-0<the invoice's last digit> 10:00, in the United
 * Kingdom (the customer id written as the UCI file writes it, "1.0").
 */
export function uciLine(invoice: string, qty: number, price: number, customer: string): string {
  return `${invoice},P1,THING,${qty},2011-01-0${invoice.slice(-1)} 10:00:00,${price},${customer}.0,United Kingdom`;
}

/** Order lines in the UCI Online Retail layout, one CSV line per row. */
export function uciCsv(rows: string[]): string {
  return ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country", ...rows].join("\n") + "\n";
}
