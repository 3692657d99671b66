// Predictive-value settings from the config's vars, checked so that a typo stops the build with
// the var's name. The store models work in days; a "month" of the value horizon is 30 days (as
// lifetimes' customer_lifetime_value counts it).
import type { VarValue } from "../../pipeline/config.ts";

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
  const wholeDays = (v: number) => Number.isInteger(v) && v >= 1;
  const calibrationEnd = vars.clv_calibration_end ?? null;
  if (calibrationEnd !== null && (typeof calibrationEnd !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(calibrationEnd) || Number.isNaN(Date.parse(calibrationEnd)))) {
    throw new Error(`var clv_calibration_end is ${JSON.stringify(calibrationEnd)}; it must be a date written YYYY-MM-DD, or null`);
  }
  const settings: ClvSettings = {
    calibrationEnd: calibrationEnd as string | null,
    holdoutDays: numberVar(vars, "clv_holdout_days", 91, wholeDays, "a whole number of days, at least 1"),
    horizonShortDays: numberVar(vars, "clv_horizon_short_days", 30, wholeDays, "a whole number of days, at least 1"),
    horizonMediumDays: numberVar(vars, "clv_horizon_medium_days", 90, wholeDays, "a whole number of days, at least 1"),
    horizonLongDays: numberVar(vars, "clv_horizon_long_days", 365, wholeDays, "a whole number of days, at least 1"),
    valueMonths: numberVar(vars, "clv_value_months", 12, (v) => Number.isInteger(v) && v >= 1 && v <= 120, "a whole number of months from 1 to 120"),
    monthlyDiscountRate: numberVar(vars, "clv_monthly_discount_rate", 0.01, (v) => v >= 0 && v < 1, "a rate from 0 (no discounting) to below 1"),
  };
  if (!(settings.horizonShortDays < settings.horizonMediumDays && settings.horizonMediumDays < settings.horizonLongDays)) {
    throw new Error(`vars clv_horizon_short_days (${settings.horizonShortDays}), clv_horizon_medium_days (${settings.horizonMediumDays}) and clv_horizon_long_days (${settings.horizonLongDays}) must increase`);
  }
  return settings;
}

function numberVar(vars: Record<string, VarValue>, name: string, fallback: number, ok: (v: number) => boolean, expected: string): number {
  const value = vars[name];
  if (value === null || value === undefined) return fallback;
  if (typeof value !== "number" || !ok(value)) throw new Error(`var ${name} is ${JSON.stringify(value)}; it must be ${expected}`);
  return value;
}
