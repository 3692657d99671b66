// Six customers whose segments at two snapshots were worked out by hand (test/migration/migration-fixture.test.ts).
// Monthly history of two snapshots: 2024-03-01 (history to 29 Feb) and 2024-04-01 (to 31 Mar, today).
import { uciCsv } from "../helpers/temp-project.ts";

// customer -> invoices as [day, amount]; each invoice is one line of quantity 1 of product P1.
export const purchases: Record<string, [string, number][]> = {
  a1: [["2024-01-10", 100], ["2024-02-20", 100], ["2024-03-25", 100]],
  a2: [["2024-01-05", 500], ["2024-03-28", 200]],
  a3: [["2024-02-25", 50]],
  a4: [["2024-02-01", 20], ["2024-02-10", 20], ["2024-02-15", 20]],
  a5: [["2024-01-20", 300]],
  a6: [["2024-03-31", 1000]],
};

export function orderLines(): string {
  let invoice = 600000;
  const rows = Object.entries(purchases).flatMap(([customer, invoices]) =>
    invoices.map(([day, amount]) => `${invoice++},P1,THING,1,${day} 10:00:00,${amount},${customer},United Kingdom`));
  // a3's order is cancelled in full on 10 March: it counts on 1 March, not on 1 April.
  rows.push("C600100,P1,THING,-1,2024-03-10 09:00:00,50,a3,United Kingdom");
  // A return of 40 of P1 by a1 on 26 March: matched against what a1 had bought of P1 (300), so a1's
  // net value is 260 on 1 April; on 1 March it has not happened yet.
  rows.push("C600101,P1,THING,-1,2024-03-26 09:00:00,40,a1,United Kingdom");
  return uciCsv(rows);
}

export const config = [
  "name: migration-fixture",
  "sources:",
  "  order_lines:",
  "    path: lines.csv",
  "    preset: uci_online_retail",
  "vars:",
  "  segment_history_grain: month",
  "  segment_history_periods: 2",
  "",
].join("\n");
