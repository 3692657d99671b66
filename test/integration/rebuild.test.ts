// Editing a seed and rebuilding changes the data the published page reads. This runs the real
// `npm run build` (pipeline, loader refresh, Framework) twice in a copy of the project, because
// Framework's own loader cache is exactly what could serve stale data.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { uciCsv } from "../helpers/temp-project.ts";

function copyProject(): string {
  const copy = mkdtempSync(join(tmpdir(), "project-copy-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: projectRoot, encoding: "utf8" }).split("\n").filter((file) => file && existsSync(join(projectRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(projectRoot, file), join(copy, file));
  }
  symlinkSync(join(projectRoot, "node_modules"), join(copy, "node_modules"));
  return copy;
}

function build(copy: string): string {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-site.ts"], {
    cwd: copy, encoding: "utf8", env: { ...process.env, ANALYTICS_CONFIG: join(copy, "fixture.yml") },
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
  return result.stderr;
}

function publishedSummary(copy: string): Record<string, unknown> {
  const dir = join(copy, "dist", "_file", "data");
  const file = readdirSync(dir).find((f) => /^store_summary\.[0-9a-f]+\.json$/.test(f))!;
  return JSON.parse(readFileSync(join(dir, file), "utf8"))[0];
}

test("a seed edit reaches the built page data; an unchanged rebuild refreshes nothing", { timeout: 600_000 }, () => {
  const copy = copyProject();
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  writeFileSync(join(copy, "fixture.yml"), "name: fixture\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n");
  writeFileSync(join(copy, "lines.csv"), uciCsv([
    "1,P1,A,1,2011-01-01 10:00:00,5,1.0,EIRE",
    "2,P1,A,1,2011-01-02 10:00:00,5,2.0,Ireland",
    "3,P1,A,1,2011-01-03 10:00:00,5,3.0,France",
  ]));
  build(copy);
  expect(publishedSummary(copy).countries).toBe(2); // EIRE is an alias of Ireland

  writeFileSync(join(copy, "seeds", "country_aliases.csv"), "raw_country,country\nRSA,South Africa\n");
  const log = build(copy);
  expect(log).toMatch(/country_aliases\s+1 rows/);
  expect(publishedSummary(copy).countries).toBe(3); // without the alias, EIRE counts apart

  expect(build(copy)).toMatch(/0 data loader\(s\) refreshed/);
});
