import { writeFileSync } from "node:fs";

// Errors a user can act on. The CLI prints `message` alone (no stack trace) and exits non-zero;
// anything that is not a UserError is a bug in this project and keeps its stack.

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** The closest candidate by edit distance, for "did you mean" hints on misspelt names. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hint = closest(name, candidates);
  return hint ? ` Did you mean "${hint}"?` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Failures of the machine rather than of the project (a full disk, a file the builder may not
 * read or write), from DuckDB or from Node, as one line naming the file and the cause; undefined
 * for anything else.
 */
export function environmentError(error: unknown): UserError | undefined {
  if (error instanceof UserError) return undefined;
  const { message = String(error), code, path } = (error ?? {}) as { message?: string; code?: string; path?: string };
  const file = path ?? /(?:file|directory) "([^"]+)"/.exec(message)?.[1] ?? /'([^']+)'/.exec(message)?.[1];
  const where = file ? ` ${file}` : "";
  if (code === "ENOSPC" || /No space left on device/i.test(message)) {
    return new UserError(`disk full: could not write${where}: no space left on device; free space on that disk (or move the project's .cache folder) and run again`);
  }
  if (code === "EDQUOT" || /quota exceeded/i.test(message)) return new UserError(`disk quota exceeded: could not write${where}; free space and run again`);
  if (code === "EACCES" || code === "EPERM" || /Permission denied/i.test(message)) return new UserError(`permission denied on${where || " a file"}: the build may not read or write it`);
  if (code === "EIO" || /Input\/output error/i.test(message)) return new UserError(`input/output error on${where || " a file"}: the disk or file system failed to read or write it`);
  return undefined;
}

/** writeFileSync whose failure names the file: Node's ENOSPC from write() carries no path. */
export function writeFileNamed(path: string, data: string): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    if (error && typeof error === "object" && !("path" in error)) Object.assign(error, { path });
    throw error;
  }
}
