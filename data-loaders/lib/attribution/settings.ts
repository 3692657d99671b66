// The attribution settings a config can change (vars), with their defaults and checks. Read by
// every attribution model, so a bad value is reported once, naming the var.
import type { VarValue } from "../../pipeline/config.ts";

export const attributionVars = ["attribution_lookback_days", "attribution_half_life_days", "attribution_max_lookback_days"];

export interface AttributionSettings {
  /** Touches at most this many days before a journey's end count (default 30). */
  lookbackDays: number;
  /** Time decay: a touch this many days older counts half as much (default 7). */
  halfLifeDays: number;
  /** Touches kept for the page to widen the window to (default 90). */
  maxLookbackDays: number;
}

function positive(vars: Record<string, VarValue>, name: string, fallback: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`vars.${name}: expected a positive number of days, got ${JSON.stringify(raw)}`);
  return value;
}

export function attributionSettings(vars: Record<string, VarValue>): AttributionSettings {
  const lookbackDays = positive(vars, "attribution_lookback_days", 30);
  const halfLifeDays = positive(vars, "attribution_half_life_days", 7);
  const maxLookbackDays = positive(vars, "attribution_max_lookback_days", 90);
  if (!Number.isInteger(maxLookbackDays)) throw new Error(`vars.attribution_max_lookback_days: expected a whole number of days, got ${maxLookbackDays}`);
  if (lookbackDays > maxLookbackDays) {
    throw new Error(`vars.attribution_lookback_days (${lookbackDays}) is more than vars.attribution_max_lookback_days (${maxLookbackDays}): raise the second or lower the first`);
  }
  return { lookbackDays, halfLifeDays, maxLookbackDays };
}
