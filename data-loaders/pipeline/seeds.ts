// Seeds are small analyst-edited lookup tables (seeds/*.csv). Column types may be pinned in
// seeds/seeds.yml so that an edit cannot silently turn a number column into text.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
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
  const reader = readExpression(seed.path, { types: spec?.column_types });
  try {
    await connection.run(`CREATE OR REPLACE TABLE ${ident(seed.name)} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw new UserError(`${displayPath(seed.path)}: ${duckdbMessage(error).split("\n\n")[0]}`);
  }
}
