// Issue 20 point 7: a glob over 18 monthly files equals the single file, on real data. CDNOW's raw
// log (../shared/data) covers exactly 18 months (January 1997 to June 1998); it is split here into
// one file per month in a temp folder, and the marts built from the glob must equal those built
// from the original file: customers with their RFM values, the store's revenue and the ledger's
// counts. (The identical-line numbering differs between the two, as it follows file order; no
// mart compared here depends on it.)
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { sharedDataFile } from "../helpers/shared-data.ts";
import { tempProject } from "../helpers/temp-project.ts";

const cdnow = sharedDataFile("cdnow/CDNOW_sample.txt", "a glob over CDNOW's 18 monthly files equals the single file");

async function marts(path: string, files: Record<string, string> = {}) {
  const project = tempProject({ "analytics.config.yml": `name: glob\nsources:\n  order_lines:\n    path: ${path}\n    preset: cdnow_transactions\n`, ...files });
  const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["store_summary", "order_line_ledger", "customer_rfm"] });
  expect(run.failed, run.log.filter((l) => /fail|error/i.test(l)).join("\n")).toBe(false);
  const [summary] = await project.mart("store_summary");
  const { lines_in, invoices, customers, revenue, net_revenue } = summary;
  const ledger = (await project.mart("order_line_ledger")).map((r) => [r.outcome, Number(r.lines), Number(r.revenue), Number(r.customers)]);
  const rfm = (await project.mart("customer_rfm")).map((r) => [r.customer_id, Number(r.recency_days), Number(r.frequency), Number(r.monetary)]);
  return { summary: [lines_in, invoices, customers, revenue, net_revenue].map(Number), ledger, rfm };
}

describe.skipIf(!cdnow.present)("CDNOW split into 18 monthly files", () => {
  test("the glob's customers, revenue and ledger equal the single file's", async () => {
    const byMonth = new Map<string, string[]>();
    for (const line of readFileSync(cdnow.path, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const month = line.trim().split(/\s+/)[2].slice(0, 6);
      byMonth.set(month, [...(byMonth.get(month) ?? []), line]);
    }
    expect(byMonth.size).toBe(18);
    const files = Object.fromEntries([...byMonth].map(([month, lines]) => [`exports/cdnow_${month}.txt`, `${lines.join("\n")}\n`]));
    const single = await marts(cdnow.path);
    expect(single.rfm.length).toBeGreaterThan(2000);
    const glob = await marts("exports/cdnow_*.txt", files);
    expect(glob.summary).toEqual(single.summary);
    expect(glob.ledger).toEqual(single.ledger);
    expect(glob.rfm).toEqual(single.rfm);
  });
});
