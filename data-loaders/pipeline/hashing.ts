// Content hashes decide what is rebuilt. Hashing a large raw file costs a full read, so a file's
// hash is remembered against its size and modification time and recomputed only when those move.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { writeFileNamed } from "./errors.ts";
import { dirname } from "node:path";

export function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

interface Remembered {
  size: number;
  mtimeMs: number;
  hash: string;
}

export class FileHasher {
  private remembered: Record<string, Remembered>;
  private dirty = false;

  constructor(private readonly storePath: string) {
    this.remembered = existsSync(storePath) ? JSON.parse(readFileSync(storePath, "utf8")) : {};
  }

  async hash(path: string): Promise<string> {
    const { size, mtimeMs } = statSync(path);
    const known = this.remembered[path];
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.hash;
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    this.remembered[path] = { size, mtimeMs, hash: hash.digest("hex") };
    this.dirty = true;
    return this.remembered[path].hash;
  }

  /** Whether the file still has the size and modification time it had when it was hashed (false: gone, or never hashed). */
  unchangedSinceHashed(path: string): boolean {
    const known = this.remembered[path];
    if (!known || !existsSync(path)) return false;
    const { size, mtimeMs } = statSync(path);
    return known.size === size && known.mtimeMs === mtimeMs;
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.storePath), { recursive: true });
    writeFileNamed(this.storePath, JSON.stringify(this.remembered, null, 1));
  }
}
