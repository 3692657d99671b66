// The status option: an export's order status mapped to kept, credit_note (the order's lines get
// credit-note twins that the ledger and the matched credit notes net) or excluded (the ledger's
// excluded_status, labelled with the statuses); an unmapped status is an error naming file, row,
// value and the known statuses. Revenue is checked against a count made by hand from the fixture.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";

// Order 1 completed (2 x 3.00 + 1 x 4.50 = 10.50), order 2 returned (1 x 8.00 + 2 x 1.25 = 10.50),
// order 3 cancelled (5 x 2.00 = 10.00), order 5 return_pending (1 x 7.00: not returned yet).
const lines = `order,sku,item,qty,price,placed,customer,state
1,P,Pen,2,3.00,2024-01-02 10:00:00,c1,completed
1,Q,Ink,1,4.50,2024-01-02 10:00:00,c1,completed
2,P,Pen,1,8.00,2024-01-03 11:00:00,c2,returned
2,R,Pad,2,1.25,2024-01-03 11:00:00,c2,returned
3,P,Pen,5,2.00,2024-01-04 12:00:00,c3,cancelled
5,Q,Ink,1,7.00,2024-01-05 13:00:00,c1,return_pending
`;
const mapping = "    columns: {invoice_id: order, product_id: sku, product_name: item, quantity: qty, unit_price: price, invoiced_at: placed, customer_id: customer, country: null}\n";
const statusMap = "    status: {column: state, map: {completed: kept, return_pending: kept, returned: credit_note, cancelled: excluded}}\n";
const config = (extra = statusMap) => `name: test\nsources:\n  order_lines:\n    path: raw/orders.csv\n${mapping}${extra}`;

describe("order status mapped to outcomes", () => {
  test("returned -> credit-note twins netted; cancelled -> excluded_status labelled with its status; revenue equals the hand count", async () => {
    const project = tempProject({ "analytics.config.yml": config(), "raw/orders.csv": lines });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["store_summary", "order_line_ledger", "int_credit_notes_matched"] });
    expect(run.failed, run.log.filter((l) => /fail|error/i.test(l)).join("\n")).toBe(false);
    const ledger = new Map((await project.mart("order_line_ledger")).map((r) => [r.outcome, r]));
    // Kept: orders 1, 2 and 5 (5 lines); the two twins of order 2 are credit notes; order 3 is excluded.
    expect(Number(ledger.get("kept")!.lines)).toBe(5);
    expect(Number(ledger.get("credit_note")!.lines)).toBe(2);
    expect(Number(ledger.get("credit_note")!.revenue)).toBe(-10.5);
    expect(Number(ledger.get("excluded_status")!.lines)).toBe(1);
    expect(Number(ledger.get("excluded_status")!.revenue)).toBe(10);
    expect(ledger.get("excluded_status")!.label).toBe("Excluded by order status: cancelled");
    const [summary] = await project.mart("store_summary");
    // Gross: 10.50 + 10.50 + 7.00 = 28.00 over orders 1, 2, 5; net: less the returned 10.50.
    expect([Number(summary.invoices), Number(summary.revenue), Number(summary.net_revenue)]).toEqual([3, 28, 17.5]);
  });

  test("an unmapped status names the file, row, line, value and the known statuses; the config is checked", async () => {
    const project = tempProject({ "analytics.config.yml": config(), "raw/orders.csv": `${lines}6,P,Pen,1,2.00,2024-01-06 10:00:00,c4,on_hold\n` });
    await expect(project.run()).rejects.toThrow(
      /raw\/orders\.csv, row 7 \(line 8\), column state: status "on_hold" is not in status\.map \(configured in .*sources\.order_lines\); known statuses: completed, return_pending, returned, cancelled\. Add it to status\.map as kept, credit_note or excluded\. 1 row\(s\) like this/,
    );
    const load = (extra: string) => loadConfig({ configPath: join(tempProject({ "analytics.config.yml": config(extra) }).root, "analytics.config.yml"), env: {} });
    expect(() => load("    status: {column: state, map: {returned: refund}}\n")).toThrow(/sources\.order_lines\.status\.map\.returned must be one of kept, credit_note, excluded, got "refund"/);
    expect(() => load("    status: {colum: state}\n")).toThrow(/sources\.order_lines\.status: unknown key "colum"\. Did you mean "column"/);
    expect(() => load("    status: {column: state}\n")).toThrow(/status\.map must list every status/);
  });
});
