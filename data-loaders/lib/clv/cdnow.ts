// Readers for the two CDNOW files the BTYD literature uses (Fader, Hardie & Lee 2005), so that
// the fits can be checked against the published figures:
// - "cdnow_summary": cdnow_customers_summary.csv, header ID,frequency,recency,T (weeks).
// - "cdnow_transactions": CDNOW_sample.txt, whitespace-separated, no header, CRLF:
//   original_id sample_id date(YYYYMMDD) number_of_cds dollar_value. The sample id (1..2357)
//   is the id the literature uses; dollar_value is the purchase total.
import { readFileSync } from "node:fs";
import type { CustomerSummary } from "./groups.ts";

export interface SummaryRow extends CustomerSummary {
  id: string;
}

export interface Transaction {
  customerId: string;
  /** 'YYYY-MM-DD'. */
  purchasedOn: string;
  quantity: number;
  amount: number;
}

export function readCdnowSummary(path: string): SummaryRow[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = lines[0].split(",").map((h) => h.trim());
  const expected = ["ID", "frequency", "recency", "T"];
  const index = expected.map((name) => header.indexOf(name));
  const missing = expected.filter((_, i) => index[i] < 0);
  if (missing.length) throw new Error(`${path}: column(s) ${missing.join(", ")} missing; the file has ${header.join(", ")}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    const number = (column: number, name: string) => {
      const value = Number(cells[index[column]]);
      if (cells[index[column]] === undefined || cells[index[column]].trim() === "" || !Number.isFinite(value)) {
        throw new Error(`${path}, row ${i + 1} (line ${i + 2}), column ${name}: "${cells[index[column]] ?? ""}" is not a number`);
      }
      return value;
    };
    return { id: cells[index[0]].trim(), x: number(1, "frequency"), tx: number(2, "recency"), T: number(3, "T") };
  });
}

export function readCdnowTransactions(path: string): Transaction[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const rows: Transaction[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const cells = line.trim().split(/\s+/);
    const where = `${path}, line ${i + 1}`;
    if (cells.length !== 5) throw new Error(`${where}: ${cells.length} fields, expected 5 (original id, sample id, date, number of CDs, dollar value)`);
    const [, sampleId, date, cds, dollars] = cells;
    if (!/^\d{8}$/.test(date)) throw new Error(`${where}, column date: "${date}" is not YYYYMMDD`);
    const quantity = Number(cds), amount = Number(dollars);
    if (!Number.isInteger(quantity)) throw new Error(`${where}, column number_of_cds: "${cds}" is not a whole number`);
    if (!Number.isFinite(amount)) throw new Error(`${where}, column dollar_value: "${dollars}" is not a number`);
    rows.push({ customerId: String(Number(sampleId)), purchasedOn: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, quantity, amount });
  });
  return rows;
}
