// Progress on stderr, one line per step: what, how many rows, how long. Stdout stays free for
// loaders, which write their file there.
export type Log = (line: string) => void;

export const stderrLog: Log = (line) => process.stderr.write(line + "\n");
export const silentLog: Log = () => {};

export function formatStep(name: string, detail: string, ms?: number): string {
  const time = ms === undefined ? "" : formatMs(ms).padStart(9);
  return `  ${name.padEnd(38)} ${detail.padStart(22)}${time}`;
}

export function formatRows(rows: number): string {
  return `${rows.toLocaleString("en-US")} rows`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
