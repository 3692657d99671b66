// A source path may name one file, a folder or a glob (the shape of monthly exports:
// `exports/*.csv`, `exports/` or a hive-partitioned tree `exports/year=*/month=*/*.parquet`). A
// folder or glob becomes the sorted list of the files it holds, each read and checked on its own
// (so an error names the file of the bad row) and content-hashed on its own (so a new month
// rebuilds the source).
import { existsSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";

/** Files a folder source reads: what rawFormat (raw-file.ts) can read. */
const readable = "**/*.{csv,tsv,txt,csv.gz,tsv.gz,txt.gz,csv.zst,parquet,json,jsonl,ndjson,json.gz,jsonl.gz,ndjson.gz}";

const readableName = /\.(csv|tsv|txt|csv\.gz|tsv\.gz|txt\.gz|csv\.zst|parquet)$/i;

/** What a path that is not a regular file or folder is, in words. */
export function specialFileKind(entry: Pick<Stats, "isFIFO" | "isSocket" | "isCharacterDevice" | "isBlockDevice">): string {
  if (entry.isFIFO()) return "a named pipe (FIFO)";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice()) return "a character device";
  if (entry.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** The files an absolute path names, or undefined when it is one plain file (or missing: checked later). */
export function expandSourcePath(path: string, where: string): string[] | undefined {
  let files: string[];
  if (isDynamicPattern(path)) files = globSync(path, { absolute: true, onlyFiles: true, expandDirectories: false });
  else if (existsSync(path) && statSync(path).isDirectory()) {
    files = globSync(readable, { cwd: path, absolute: true, onlyFiles: true, caseSensitiveMatch: false });
    // The glob lists regular files only: a named pipe or a socket named like data is said, not skipped.
    const special = readdirSync(path, { recursive: true, withFileTypes: true }).find((e) => !e.isFile() && !e.isDirectory() && !e.isSymbolicLink() && readableName.test(e.name));
    if (special) throw new UserError(`${displayPath(join(special.parentPath, special.name))}: is ${specialFileKind(special)}, not a regular file (in the folder of ${where}); copy the data into a file`);
  } else return undefined;
  if (!files.length) throw new UserError(`${where}: ${displayPath(path)} matches no ${isDynamicPattern(path) ? "file" : "CSV or Parquet file in the folder"}`);
  // Sorted by path, so the rows of a build do not depend on the order the file system lists them.
  return files.sort();
}
