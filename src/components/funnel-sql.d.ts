// Types of funnel-sql.js for the TypeScript models and tests (the code itself is plain JS, shared with the page).
export interface FunnelStep {
  event: string;
  where?: Record<string, string | string[]>;
}
export interface FunnelExclusion extends FunnelStep {
  after: number;
  before: number;
}
export interface FunnelSpec {
  name?: string;
  steps: FunnelStep[];
  window: "same session" | string;
  windowSeconds: number | null;
  order: "sequential" | "strict" | "any";
  unit: "users" | "sessions";
  exclusions?: FunnelExclusion[];
  holdConstant?: string[];
}
export interface FunnelOptions {
  /** The events (funnel_events' columns); default funnel_events. */
  source?: string;
  /** The sessions (funnel_sessions' columns); default funnel_sessions. */
  sessions?: string;
  /** Users' experiment variants (funnel_experiment_variants' columns); default funnel_experiment_variants. */
  variants?: string;
  breakdown?: string | null;
  breakdowns?: string[];
  /** Properties whose values the chains carry even when no breakdown asks for them (the page's chains serve every breakdown). */
  picks?: string[];
  attribution?: "first" | "last" | number;
  counting?: "best" | "attempts";
  entryFrom?: string | null;
  entryTo?: string | null;
  dataEnd?: string | null;
  includeOpen?: boolean;
  /** false: leave unit_id, user_id and session_id null (counts need no ids). */
  withIds?: boolean;
  /** false: leave unit_id, user_id and session_id null but keep last_seq (the build's marts join on integer keys). */
  textIds?: boolean;
  /** true (with ids): each attempt that stopped before the last step carries last_event, last_event_at, next_event and next_event_at (countAttempts); "events": the two events' names only. */
  dropoffs?: boolean | "events";
  /**
   * The SQL type of each property's breakdown value (by_<property>, value), "(none)" included;
   * default VARCHAR. The build gives ENUMs of the values, which it writes faster than text.
   */
  valueTypes?: Record<string, string>;
}
export const eventProperties: string[];
export const sessionProperties: string[];
export const breakdownProperties: string[];
export const variantPrefix: string;
export function isVariantBreakdown(breakdown: unknown): boolean;
export function withVariantSql(attempts: string, breakdown: string, variants?: string): string;
export const orderModes: string[];
export const units: string[];
export const timeBins: { label: string; lower: number; upper: number | null }[];
export function attemptsSql(funnel: FunnelSpec, options?: FunnelOptions): string;
/** Each start's steps found without the time window (one row per start). */
export function chainsSql(funnel: FunnelSpec, options?: FunnelOptions): string;
/** attemptsSql's rows from chainsSql's rows (a relation) for the same funnel order, window kind and picks. */
export function attemptsFromChainsSql(funnel: FunnelSpec, chains: string, options?: FunnelOptions): string;
/** The counted attempts before their text and session values are read, from chainsSql's rows (the tests' form of countAttempts). */
export function countedFromChainsSql(funnel: FunnelSpec, chains: string, options?: FunnelOptions): string;
/** attemptsSql's rows from countedFromChainsSql's rows (a relation, as countAttempts writes them). */
export function attemptsFromCountedSql(funnel: FunnelSpec, counted: string, options?: FunnelOptions): string;
export function countedPlan(funnel: FunnelSpec, options?: FunnelOptions): { plan: Record<string, unknown>; needsPickedSession: boolean; picksRead: number[]; keys: Record<string, boolean>; everyAttempt: boolean };
/** Whether chainsSql's rows depend on the entry days (only the first start per unit is followed). */
export function chainsDependOnEntry(funnel: FunnelSpec, options?: FunnelOptions): boolean;
export function stepsSql(funnel: FunnelSpec, options?: FunnelOptions): string;
export function timeToConvertSql(funnel: FunnelSpec, options?: FunnelOptions): string;
export function trendSql(funnel: FunnelSpec, options?: FunnelOptions): string;
export function dropoffsSql(funnel: FunnelSpec, options?: FunnelOptions): string;
export function stepLabel(step: FunnelStep): string;
export function stepsFromAttemptsSql(funnel: FunnelSpec, attempts: string, options?: { includeOpen?: boolean; value?: string }): string;
export function timeToConvertFromAttemptsSql(funnel: FunnelSpec, attempts: string): string;
export function trendFromAttemptsSql(funnel: FunnelSpec, attempts: string, options?: { includeOpen?: boolean }): string;
export function dropoffsFromAttemptsSql(funnel: FunnelSpec, attempts: string, source?: string, sessions?: string): string;
/** dropoffsSql's rows with each drop's last and next events looked up in SQL (the tests' second method). */
export function dropoffsLookedUpSql(funnel: FunnelSpec, attempts: string, source?: string, sessions?: string): string;
/** Units per funnel, dropped_after_step, last_event and next_event (the funnel_dropoffs mart), from attempts counted with their drop-offs. */
export function dropoffCountsSql(parts: { name: string; funnel: FunnelSpec; attempts: string }[]): string;
/** dropoffCountsSql with the last and next events looked up in SQL, all funnels together (the tests' second method). */
export function dropoffCountsLookedUpSql(parts: { name: string; funnel: FunnelSpec; attempts: string }[], source?: string): string;
export function funnelPlan(funnel: FunnelSpec, options?: FunnelOptions): Record<string, unknown>;
export function chainColumnNames(plan: Record<string, unknown>): string[];
