// BG/NBD and Gamma-Gamma fitted twice: on the calibration period (judged on the holdout) and on
// the whole observation period (what the predictions use). One row per fit and model, with the
// log-likelihood, the gradient at the optimum, whether it converged, any warning, and what it means
// when the fit lies on a boundary of the parameter space.
import { fitSummaries } from "../../lib/clv/fit-summaries.ts";
import { clvPeriods, periodVars } from "../../lib/clv/periods.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";

const model: TsModel = {
  description: "Maximum-likelihood fits of BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma) per period, with convergence diagnostics and any boundary the fit lies on.",
  dependsOn: ["int_customers_clv_summarised", "int_customers_clv_calibrated", "int_invoices_aggregated"],
  vars: periodVars,
  columns: {
    fit: "VARCHAR", model: "VARCHAR", period_end: "DATE", customers: "INTEGER", log_likelihood: "DOUBLE", gradient_norm: "DOUBLE",
    evaluations: "INTEGER", converged: "BOOLEAN", usable: "BOOLEAN", warning: "VARCHAR", boundary: "VARCHAR",
    r: "DOUBLE", alpha: "DOUBLE", a: "DOUBLE", b: "DOUBLE", p: "DOUBLE", q: "DOUBLE", gamma: "DOUBLE", frequency_spend_correlation: "DOUBLE",
  },
  async build(context) {
    const periods = await clvPeriods(context);
    const order = "order by customer_id";
    process.stderr.write("clv_fit_diagnostics: fitting BG/NBD and Gamma-Gamma on the calibration and full periods\n");
    const calibration = periods.calibrationEnd ? await context.query(`select * from int_customers_clv_calibrated ${order}`) : [];
    const full = periods.observationEnd ? await context.query(`select * from int_customers_clv_summarised ${order}`) : [];
    return [
      ...fitSummaries("calibration", periods.calibrationEnd, calibration, periods.problem),
      ...fitSummaries("full", periods.observationEnd, full, periods.observationEnd ? null : periods.problem),
    ] as unknown as Record<string, unknown>[];
  },
};

export default model;
