// The code a TypeScript model runs: its file and every file it imports, directly or through others
// (relative imports, static or dynamic with a literal path, and a worker's script; `import type` is
// left out, as it runs nothing), and the npm lock file when any of them imports a package. A
// TypeScript model's hash includes these (run.ts), so editing a library file rebuilds the models
// that import it, and only those: before, every TypeScript model's hash held all of data-loaders/lib
// and the lock file, and a comment in data-loaders/lib/enum-columns.ts rebuilt all 38 (now 3).
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { sha256 } from "./hashing.ts";
import { projectRoot } from "./paths.ts";

/** The specifiers a module imports: `from "x"` (not `import type`), `import "x"`, `import("x")`, `new URL("x", import.meta.url)`. */
export function importedSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  // import ... from "x" / export ... from "x", over several lines; a type-only one runs nothing.
  for (const match of source.matchAll(/(?:^|[\n;])\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*["']([^"']+)["']/g)) {
    if (!match[2]) specifiers.push(match[4]);
  }
  for (const match of source.matchAll(/(?:^|[\n;])\s*import\s*["']([^"']+)["']/g)) specifiers.push(match[1]);
  for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(match[1]);
  // A worker's script: new Worker(new URL("./counting-worker.js", import.meta.url)).
  for (const match of source.matchAll(/\bnew URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

/**
 * A function giving the hash of the code a file runs (see above; a missing file is named as missing).
 * Each keeps what it read: one per pipeline run, so an edit between runs is seen.
 */
export function importedCodeVersions(): (entry: string) => string {
  const versions = new Map<string, string>();
  const lock = resolve(projectRoot, "package-lock.json");
  return (entry) => {
    const known = versions.get(entry);
    if (known) return known;
    const files = new Set<string>();
    let packages = false;
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      if (!existsSync(file)) return;
      for (const specifier of importedSpecifiers(readFileSync(file, "utf8"))) {
        if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
        else if (!specifier.startsWith("node:")) packages = true;
      }
    };
    visit(resolve(entry));
    const version = sha256(
      ...[...files].sort().flatMap((file) => [relative(projectRoot, file), existsSync(file) ? readFileSync(file) : "missing"]),
      packages && existsSync(lock) ? readFileSync(lock) : "",
    );
    versions.set(entry, version);
    return version;
  };
}
