// One temp folder for the whole test run, removed at the end (workers may be killed before
// their own exit handlers run).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "analytics-tests-"));
  process.env.ANALYTICS_TEST_TMP = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
