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
  description?: string;
  column_types?: Record<string, string>;
  columns?: Record<string, string>;
}

export function readSeedSpecs(dir = seedsDir): Record<string, SeedSpec> {
  const path = join(dir, "seeds.yml");
  if (!existsSync(path)) return {};
  const content = (parse(readFileSync(path, "utf8")) ?? {}) as { seeds?: Record<string, SeedSpec> };
  return content.seeds ?? {};
}

export async function loadSeed(connection: DuckDBConnection, seed: Seed, spec: SeedSpec = {}): Promise<void> {
  const reader = readExpression(seed.path, { types: spec.column_types });
  try {
    await connection.run(`CREATE OR REPLACE TABLE ${ident(seed.name)} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw new UserError(`${displayPath(seed.path)}: ${duckdbMessage(error).split("\n\n")[0]}`);
  }
}
