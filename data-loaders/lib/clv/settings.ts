// Predictive-value settings from the config's vars (declared with their ranges in
// data-loaders/models/vars.yml). The store models work in days; a "month" of the value horizon is 30 days (as
// lifetimes' customer_lifetime_value counts it).
import type { VarValue } from "../../pipeline/config.ts";
import { declaredVars } from "../../pipeline/vars.ts";

export interface ClvSettings {
  /** Last day of calibration, 'YYYY-MM-DD'; null: the last `holdoutDays` days are held out. */
  calibrationEnd: string | null;
  holdoutDays: number;
  horizonShortDays: number;
  horizonMediumDays: number;
  horizonLongDays: number;
  valueMonths: number;
  monthlyDiscountRate: number;
}

export const MONTH_DAYS = 30;

export const clvVars = [
  "clv_calibration_end", "clv_holdout_days", "clv_horizon_short_days", "clv_horizon_medium_days",
  "clv_horizon_long_days", "clv_value_months", "clv_monthly_discount_rate",
];

export function clvSettingsFromVars(vars: Record<string, VarValue>): ClvSettings {
  // Types, ranges and defaults are declared in data-loaders/models/vars.yml; the check across vars lives here.
  const v = declaredVars(vars, clvVars);
  const settings: ClvSettings = {
    calibrationEnd: v.clv_calibration_end as string | null,
    holdoutDays: v.clv_holdout_days as number,
    horizonShortDays: v.clv_horizon_short_days as number,
    horizonMediumDays: v.clv_horizon_medium_days as number,
    horizonLongDays: v.clv_horizon_long_days as number,
    valueMonths: v.clv_value_months as number,
    monthlyDiscountRate: v.clv_monthly_discount_rate as number,
  };
  if (!(settings.horizonShortDays < settings.horizonMediumDays && settings.horizonMediumDays < settings.horizonLongDays)) {
    throw new Error(`vars clv_horizon_short_days (${settings.horizonShortDays}), clv_horizon_medium_days (${settings.horizonMediumDays}) and clv_horizon_long_days (${settings.horizonLongDays}) must increase`);
  }
  return settings;
}
