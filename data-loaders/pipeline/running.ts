// What the pipeline is doing right now, kept in <cache>/running.json and rewritten, synchronously,
// whenever a step starts or ends. A process that dies without a word (V8 out of heap memory, the
// system's out-of-memory killer, kill -9) cannot say what it was doing; the process that started
// it reads this file to say it (guard.ts). Removed when a run ends, whether it succeeded or not.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { environmentError, writeFileNamed } from "./errors.ts";

export function runningFile(cacheDir: string): string {
  return join(cacheDir, "running.json");
}

export interface RunningRecord {
  pid: number;
  /** Steps under way, as a person would name them: "model customer_360 (data-loaders/models/marts/customer_360.sql)". */
  steps: string[];
}

export class RunningSteps {
  private readonly steps = new Set<string>();
  constructor(private readonly file: string) {}

  start(step: string): void {
    this.steps.add(step);
    this.write();
  }

  end(step: string): void {
    this.steps.delete(step);
    this.write();
  }

  /** The run is over: nothing is running. */
  close(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    // Whole or not at all: a reader after a crash never sees half a record.
    const partial = `${this.file}.partial`;
    try {
      writeFileNamed(partial, JSON.stringify({ pid: process.pid, steps: [...this.steps] } satisfies RunningRecord));
      renameSync(partial, this.file);
    } catch (error) {
      // A full disk here is a full disk for the whole run: said in one line, as anywhere else.
      throw environmentError(error) ?? error;
    }
  }
}

/** The steps a run of process `pid` had under way when it stopped; [] when it recorded none. */
export function readRunning(cacheDir: string, pid?: number): string[] {
  const file = runningFile(cacheDir);
  if (!existsSync(file)) return [];
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as RunningRecord;
    return pid === undefined || record.pid === pid ? record.steps : [];
  } catch {
    return [];
  }
}
