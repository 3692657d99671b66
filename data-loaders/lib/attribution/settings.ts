// The attribution settings a config can change (vars), read by every attribution model. Each
// var's type, range and default are declared in data-loaders/models/vars.yml; the check that
// involves two vars lives here.
import type { VarValue } from "../../pipeline/config.ts";
import { declaredVars } from "../../pipeline/vars.ts";

export const attributionVars = ["attribution_lookback_days", "attribution_half_life_days", "attribution_max_lookback_days"];

export interface AttributionSettings {
  /** Touches at most this many days before a journey's end count (default 30). */
  lookbackDays: number;
  /** Time decay: a touch this many days older counts half as much (default 7). */
  halfLifeDays: number;
  /** Touches kept for the page to widen the window to (default 90). */
  maxLookbackDays: number;
}

export function attributionSettings(vars: Record<string, VarValue>): AttributionSettings {
  // Types, ranges and defaults are declared in data-loaders/models/vars.yml.
  const declared = declaredVars(vars, attributionVars);
  const lookbackDays = declared.attribution_lookback_days as number;
  const halfLifeDays = declared.attribution_half_life_days as number;
  const maxLookbackDays = declared.attribution_max_lookback_days as number;
  if (lookbackDays > maxLookbackDays) {
    throw new Error(`vars.attribution_lookback_days (${lookbackDays}) is more than vars.attribution_max_lookback_days (${maxLookbackDays}): raise the second or lower the first`);
  }
  return { lookbackDays, halfLifeDays, maxLookbackDays };
}
