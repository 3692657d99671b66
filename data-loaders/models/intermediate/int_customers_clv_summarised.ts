// Per-customer purchase summary over the whole observation period, in days: what the predictive
// models are fitted on for the forward-looking predictions. The rule (one purchase per invoice
// day, the first purchase is not a repeat) lives in data-loaders/lib/clv/summary-sql.ts.
import { clvPeriods, periodVars } from "../../lib/clv/periods.ts";
import { customerSummarySql } from "../../lib/clv/summary-sql.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";
import { summaryColumns, invoicePurchases, emptySummary, purchaseInputs } from "../../lib/clv/summary-columns.ts";

const model: TsModel = {
  description: "Repeat purchase days x, recency t_x, age T (days) and mean repeat spend per customer, over the whole observation period.",
  dependsOn: purchaseInputs.dependsOn,
  vars: [...periodVars, ...purchaseInputs.vars],
  columns: summaryColumns,
  async sql(context) {
    const periods = await clvPeriods(context);
    if (!periods.observationEnd) return emptySummary;
    return customerSummarySql({ purchases: invoicePurchases(), calibrationEnd: periods.observationEnd, holdoutEnd: periods.observationEnd, unitDays: 1 });
  },
};

export default model;
