// Types for csv-cells.js (plain JS so the browser runs it unchanged), for the unit tests.
export function isoTime(ms: number): string;
export function csvCell(value: unknown, isDate?: boolean): unknown;
export function csvRows(rows: Iterable<Record<string, unknown>> & { schema?: { name: string; type: unknown }[] | { fields: { name: string; type: unknown }[] } }): Record<string, unknown>[];
