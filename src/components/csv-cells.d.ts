// Types for csv-cells.js (plain JS so the browser runs it unchanged), for the unit tests.
export function isoTime(ms: number): string;
export function csvCell(value: unknown, isDate?: boolean, column?: string): unknown;
export function moneyDecimals(column?: string): number | null;
export function roundNumber(value: unknown, column?: string): unknown;
export function csvRows(rows: Iterable<Record<string, unknown>> & { schema?: { name: string; type: unknown }[] | { fields: { name: string; type: unknown }[] } }): Record<string, unknown>[];
