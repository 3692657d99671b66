// Finds the models (one SELECT per .sql file, or a TypeScript model per .ts file, under
// models/<layer>/) and seeds (seeds/*.csv).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { UserError } from "./errors.ts";
import { displayPath, modelsDir, seedsDir } from "./paths.ts";

export type Layer = "staging" | "intermediate" | "marts";
export const layers: Layer[] = ["staging", "intermediate", "marts"];

export interface Model {
  name: string;
  path: string;
  layer: Layer;
  language: "sql" | "ts";
  /** The file's text: the SELECT of a SQL model, the code of a TypeScript model. */
  source: string;
}

export interface Seed {
  name: string;
  path: string;
}

export function findModels(root = modelsDir): Model[] {
  const models: Model[] = [];
  const seen = new Map<string, string>();
  for (const path of [...walk(root, ".sql"), ...walk(root, ".ts")]) {
    const layer = relative(root, path).split("/")[0] as Layer;
    if (!layers.includes(layer)) throw new UserError(`${displayPath(path)}: models live in ${layers.map((l) => `models/${l}/`).join(", ")}`);
    const language = path.endsWith(".ts") ? "ts" : "sql";
    const name = basename(path, `.${language}`);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new UserError(`${displayPath(path)}: model names use lower-case letters, digits and underscores`);
    if (seen.has(name)) throw new UserError(`Two models are named "${name}": ${displayPath(seen.get(name)!)} and ${displayPath(path)}`);
    seen.set(name, path);
    // A trailing semicolon is habit from SQL consoles; the runner wraps the SELECT itself.
    const text = readFileSync(path, "utf8");
    models.push({ name, path, layer, language, source: language === "sql" ? text.replace(/;\s*$/, "") : text });
  }
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

export function findSeeds(root = seedsDir): Seed[] {
  return walk(root, ".csv")
    .map((path) => ({ name: basename(path, ".csv"), path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Declarative files (tests, docs) beside the models; vars.yml declares vars instead (vars.ts). */
export function findSpecFiles(root = modelsDir): string[] {
  return walk(root, ".yml").filter((path) => path !== join(root, "vars.yml"));
}

function walk(dir: string, extension: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return walk(path, extension);
    return path.endsWith(extension) ? [path] : [];
  });
}
