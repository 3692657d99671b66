// The holdout check per customer: purchase days and revenue each customer was predicted to make
// in the holdout by the calibration-period fits, beside what they made.
import { bgnbdParameters, gammaGammaParameters } from "../../lib/clv/customer-predictions.ts";
import { conditionalExpectedPurchases, expectedAverageSpend } from "../../lib/clv/predictions.ts";
import { clvPeriods, periodVars } from "../../lib/clv/periods.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";

const model: TsModel = {
  description: "Actual and predicted holdout purchase days and revenue per customer, from the calibration-period fits.",
  dependsOn: ["int_customers_clv_calibrated", "clv_fit_diagnostics", "int_invoices_aggregated"],
  vars: periodVars,
  columns: {
    customer_id: "VARCHAR", frequency: "INTEGER", holdout_days: "INTEGER", holdout_purchases: "INTEGER", predicted_purchases: "DOUBLE",
    holdout_revenue: "DOUBLE", predicted_revenue: "DOUBLE", series_converged: "BOOLEAN",
  },
  async build(context) {
    const periods = await clvPeriods(context);
    const fits = await context.query("select * from clv_fit_diagnostics where fit = 'calibration'");
    const bgnbd = bgnbdParameters(fits.find((f) => f.model === "bgnbd"));
    const gammaGamma = gammaGammaParameters(fits.find((f) => f.model === "gamma_gamma"));
    if (!bgnbd || !periods.calibrationEnd || !periods.observationEnd) return [];
    const holdoutDays = Math.round((Date.parse(periods.observationEnd) - Date.parse(periods.calibrationEnd)) / 86_400_000);
    const customers = await context.query("select * from int_customers_clv_calibrated order by customer_id");
    return customers.map((c) => {
      const x = Number(c.frequency), tx = Number(c.recency), T = Number(c.age);
      const predicted = conditionalExpectedPurchases(bgnbd, x, tx, T, holdoutDays);
      const spend = gammaGamma ? expectedAverageSpend(gammaGamma, x, x > 0 ? Number(c.repeat_spend) : 0) : null;
      return {
        customer_id: String(c.customer_id), frequency: x, holdout_days: holdoutDays, holdout_purchases: Number(c.holdout_purchases),
        predicted_purchases: predicted.value, holdout_revenue: Number(c.holdout_revenue),
        predicted_revenue: spend === null ? null : predicted.value * spend, series_converged: predicted.converged,
      };
    });
  },
};

export default model;
