export function expandRows(compact: { columns: string[]; rows: unknown[][] }): Record<string, unknown>[];
