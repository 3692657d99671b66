// Types of migration-sql.js for the TypeScript models and tests (the code itself is plain JS, shared with the page).
export const newcomerSegment: string;
export const directions: string[];
export function pairSql(fromSnapshot: string, toSnapshot: string): string;
export function movesSql(options: { history: string; pairs: string }): string;
export function flowsSql(options: { history: string; pairs: string }): string;
export function cellCustomersSql(options: { history: string; pairs: string; fromSegment: string; toSegment: string }): string;
