// The periods and settings every predictive-value figure was computed with, one row, so the page
// states them from the data of this build.
import { clvPeriods, periodVars } from "../../lib/clv/periods.ts";
import { clvSettingsFromVars, clvVars, MONTH_DAYS } from "../../lib/clv/settings.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";

const model: TsModel = {
  description: "One row: observation and calibration periods, horizons, value horizon and discount rate of the predictive value models.",
  dependsOn: ["int_invoices_aggregated"],
  vars: [...new Set([...periodVars, ...clvVars])],
  columns: {
    first_day: "DATE", observation_end: "DATE", calibration_end: "DATE", holdout_days: "INTEGER", period_problem: "VARCHAR",
    horizon_short_days: "INTEGER", horizon_medium_days: "INTEGER", horizon_long_days: "INTEGER",
    value_months: "INTEGER", month_days: "INTEGER", monthly_discount_rate: "DOUBLE", time_unit: "VARCHAR", purchase_rule: "VARCHAR",
  },
  async build(context) {
    const settings = clvSettingsFromVars(context.vars);
    const periods = await clvPeriods(context);
    const holdoutDays = periods.calibrationEnd && periods.observationEnd
      ? Math.round((Date.parse(periods.observationEnd) - Date.parse(periods.calibrationEnd)) / 86_400_000) : null;
    return [{
      first_day: periods.firstDay, observation_end: periods.observationEnd, calibration_end: periods.calibrationEnd,
      holdout_days: holdoutDays, period_problem: periods.problem,
      horizon_short_days: settings.horizonShortDays, horizon_medium_days: settings.horizonMediumDays, horizon_long_days: settings.horizonLongDays,
      value_months: settings.valueMonths, month_days: MONTH_DAYS, monthly_discount_rate: settings.monthlyDiscountRate, time_unit: "day",
      purchase_rule: "All of a customer's kept invoices on one calendar day count as one purchase; the first purchase day is not a repeat; spend per purchase is the day's revenue.",
    }];
  },
};

export default model;
