// Seeds are small analyst-edited lookup tables (seeds/*.csv). Column types may be pinned in
// seeds/seeds.yml so that an edit cannot silently turn a number column into text.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { csvParseRows } from "d3-dsv";
import { parse } from "yaml";
import { duckdbMessage, ident } from "./duckdb.ts";
import { UserError } from "./errors.ts";
import { displayPath, seedsDir } from "./paths.ts";
import type { Seed } from "./project.ts";
import { readExpression } from "../sources/raw-file.ts";

export interface SeedSpec {
  name: string;
  description?: string;
  column_types?: Record<string, string>;
}

export const seedSpecFile = (dir = seedsDir) => join(dir, "seeds.yml");

/** Seed name -> its entry in seeds/seeds.yml (tests in the same file are read with the model specs). */
export function readSeedSpecs(dir = seedsDir): Record<string, SeedSpec> {
  const path = seedSpecFile(dir);
  if (!existsSync(path)) return {};
  const content = (parse(readFileSync(path, "utf8")) ?? {}) as { seeds?: SeedSpec[] };
  if (content.seeds !== undefined && !Array.isArray(content.seeds)) throw new UserError(`${displayPath(path)}: "seeds" is a list of {name, description, column_types, tests, columns}`);
  return Object.fromEntries((content.seeds ?? []).map((spec) => [spec.name, spec]));
}

export async function loadSeed(connection: DuckDBConnection, seed: Seed, spec?: SeedSpec): Promise<void> {
  checkSeedShape(seed.path);
  const reader = readExpression(seed.path, { types: spec?.column_types });
  try {
    await connection.run(`CREATE OR REPLACE TABLE ${ident(seed.name)} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw new UserError(`${displayPath(seed.path)}: ${duckdbMessage(error).split("\n\n")[0]}`);
  }
}

/**
 * An empty or ragged seed named as such: DuckDB's own message for these is about column types or
 * a sniffing failure, which sends the analyst looking in the wrong place.
 */
export function checkSeedShape(path: string): void {
  const shown = displayPath(path);
  const rows = csvParseRows(readFileSync(path, "utf8"));
  // A trailing newline or blank lines at the end are not rows.
  while (rows.length && rows[rows.length - 1].every((field) => field.trim() === "")) rows.pop();
  if (rows.length === 0) throw new UserError(`${shown}: the seed is empty; it needs a header row naming its columns`);
  const header = rows[0];
  if (header.some((name) => name.trim() === "")) throw new UserError(`${shown}: the header row has an empty column name (column ${header.findIndex((name) => name.trim() === "") + 1})`);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].length !== header.length) {
      throw new UserError(`${shown}: row ${i} has ${rows[i].length} field${rows[i].length === 1 ? "" : "s"} but the header has ${header.length} (${header.join(", ")}); a comma inside a value needs the value in double quotes`);
    }
  }
}
