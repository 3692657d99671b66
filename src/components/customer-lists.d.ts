// Types for customer-lists.js, which the build-time loaders import (see that file).
export interface CustomerList {
  keys: string[];
  columns: string;
  orderBy: string;
  preview: number;
}
export const customerLists: Record<"cell" | "segment" | "churn" | "tier", CustomerList>;
export function listSql(list: CustomerList): string;
export function previewSql(list: CustomerList, table?: string): string;
export function previewRows(rows: Record<string, unknown>[], list: CustomerList, values: unknown[]): Record<string, unknown>[];
