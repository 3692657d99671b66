// The default data set is generated, never committed. It is (re)generated when its files are
// missing or when the generator's code or settings changed, so a fresh clone builds with no data.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GenerateConfig } from "./config.ts";
import { sha256 } from "./hashing.ts";
import { displayPath, projectRoot } from "./paths.ts";
import { formatMs, type Log } from "./progress.ts";

const stampFile = ".generated-by";

export async function ensureDefaultStore(settings: GenerateConfig, log: Log): Promise<void> {
  const stamp = sha256(JSON.stringify(settings), generatorCodeVersion());
  const stampPath = join(settings.outDir, stampFile);
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  log(`generating the default store in ${displayPath(settings.outDir)}`);
  const started = performance.now();
  const { generateStore } = await import("../generator/index.ts");
  await generateStore({ ...settings, format: "parquet" });
  writeFileSync(stampPath, stamp);
  log(`  generated in ${formatMs(performance.now() - started)}`);
}

function generatorCodeVersion(): string {
  const dir = join(projectRoot, "data-loaders", "generator");
  return sha256(...readdirSync(dir).filter((f) => f.endsWith(".ts")).sort().map((f) => readFileSync(join(dir, f))));
}
