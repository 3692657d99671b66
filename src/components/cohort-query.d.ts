// Types for cohort-query.js (plain JS so pages run it unchanged), for the models and tests.
type Row = Record<string, unknown>;
export const grains: string[];
export const separateCohorts: Record<string, number | null>;
export function periodCalendarSql(options: { windows: string; grains?: string[] }): string;
export function activityPeriodsSql(options: { activity: string; calendar: string }): string;
export function cohortGridSql(options: { periods: string; calendar: string; separate?: Record<string, number | null> }): string;
export function cohortSql(options: { source: string; grain: string; firstDate: string; lastDate: string; separate?: number | null }): string;
export function recomputeCohorts(db: { query(sql: string): Promise<Iterable<Row>> }, options: { source: string; grain: string; firstDate: string; lastDate: string; separate?: number | null }): Promise<Row[]>;
export function compareWithBuild(browserRows: Row[], buildRows: Row[]): string[];
