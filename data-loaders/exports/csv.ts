// CSV files of the exported properties: one row per customer, an id column then one column per
// property, an empty cell where a property has no value, booleans as true/false. `--to csv`
// writes customer-properties.csv (id column customer_id); Heap's export writes the same rows
// with the column Heap identifies users by (identity).
import { csvFormatRows } from "d3-dsv";
import type { CustomerProperties, PropertyValue } from "./properties.ts";

export const csvFile = "customer-properties.csv";
export const heapCsvFile = "heap-user-properties.csv";

export function propertiesCsv(idColumn: string, names: string[], customers: CustomerProperties[]): string {
  const cell = (value: PropertyValue) => (value === null ? "" : String(value));
  const rows = customers.map((customer) => [customer.customer_id, ...names.map((name) => cell(customer.properties[name]))]);
  return csvFormatRows([[idColumn, ...names], ...rows]) + "\n";
}
