// What a caller can ask for, the defaults, and checks that fail early with a clear message.
import type { StoreFormat } from "./writer.ts";

export interface GenerateOptions {
  outDir: string;
  /** Default 42. */
  seed?: number;
  /** Registered customers wanted (about; the exact count is in the ground truth). */
  customers?: number;
  /** Order lines wanted (about): sizes the number of customers when `customers` is not given. */
  orderLines?: number;
  /** First day, YYYY-MM-DD. Default 2024-01-01. */
  startDate?: string;
  /** Length of the span in calendar months. Default 24 (so the default span ends 2025-12-31). */
  months?: number;
  /** Default "parquet" (zstd); "csv" writes gzip'd CSV with a header. */
  format?: StoreFormat;
  /**
   * "store" (default): repeat purchases follow the calendar's seasonality and invoices are baskets
   * of products with charges, cancellations and returns. "model": purchases are exactly BG/NBD in
   * calendar time and each invoice is one line at exactly the Gamma-Gamma spend drawn for it, with
   * no charge, cancellation or return, so fitting those models recovers the planted parameters.
   */
  purchaseProcess?: PurchaseProcess;
}

export type PurchaseProcess = "store" | "model";

export interface ResolvedOptions {
  outDir: string;
  seed: number;
  customers: number | undefined;
  orderLines: number | undefined;
  startDate: string;
  months: number;
  format: StoreFormat;
  purchaseProcess: PurchaseProcess;
}

export const DEFAULTS = {
  outDir: "data/default-store",
  seed: 42,
  customers: 2200,
  startDate: "2024-01-01",
  months: 24,
  format: "parquet" as StoreFormat,
  purchaseProcess: "store" as PurchaseProcess,
};

export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    outDir: options.outDir ?? DEFAULTS.outDir,
    seed: options.seed ?? DEFAULTS.seed,
    customers: options.customers,
    orderLines: options.orderLines,
    startDate: options.startDate ?? DEFAULTS.startDate,
    months: options.months ?? DEFAULTS.months,
    format: options.format ?? DEFAULTS.format,
    purchaseProcess: options.purchaseProcess ?? DEFAULTS.purchaseProcess,
  };
  const wholeNumber = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
    }
  };
  wholeNumber("seed", resolved.seed, 0, 2 ** 32 - 1);
  wholeNumber("customers", resolved.customers, 1, 5_000_000);
  wholeNumber("orderLines", resolved.orderLines, 1, 1_000_000_000);
  wholeNumber("months", resolved.months, 1, 240);
  if (resolved.format !== "parquet" && resolved.format !== "csv") throw new Error(`format must be "parquet" or "csv", got "${resolved.format}"`);
  if (resolved.purchaseProcess !== "store" && resolved.purchaseProcess !== "model") throw new Error(`purchaseProcess must be "store" or "model", got "${resolved.purchaseProcess}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resolved.startDate)) throw new Error(`startDate must look like 2024-01-01, got "${resolved.startDate}"`);
  return resolved;
}
