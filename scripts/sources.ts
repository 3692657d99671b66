// npm run sources -- inspect FILE: the columns and types a raw file has as the loader sees them,
// the preset that would read it and a ready config snippet (data-loaders/sources/inspect.ts).
import { resolve } from "node:path";
import { openDatabase } from "../data-loaders/pipeline/duckdb.ts";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { formatInspection, inspectFile } from "../data-loaders/sources/inspect.ts";

const usage = "Usage: npm run sources -- inspect <file>   (a CSV, CSV.gz, TSV, whitespace-separated text or Parquet file)";
const [command, file] = process.argv.slice(2);
try {
  if (command !== "inspect" || !file) throw new UserError(usage);
  const { instance, connection } = await openDatabase(":memory:");
  try {
    console.log(formatInspection(await inspectFile(connection, resolve(file), file)));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 2;
}
