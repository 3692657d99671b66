// The same summary up to the calibration end, with the purchases each customer made in the
// holdout after it: what the holdout check fits on and is judged against. Customers whose first
// purchase falls in the holdout are not in it (the models predict existing customers). An order
// cancelled by a credit note dated in the holdout is still a purchase of the calibration period.
import { clvPeriods, periodVars } from "../../lib/clv/periods.ts";
import { customerSummarySql } from "../../lib/clv/summary-sql.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";
import { summaryColumns, invoicePurchases, emptySummary, purchaseInputs } from "../../lib/clv/summary-columns.ts";

const model: TsModel = {
  description: "Calibration-period summary per customer and their purchase days and revenue in the holdout period.",
  dependsOn: purchaseInputs.dependsOn,
  vars: [...periodVars, ...purchaseInputs.vars],
  columns: summaryColumns,
  async sql(context) {
    const periods = await clvPeriods(context);
    if (!periods.calibrationEnd || !periods.observationEnd) return emptySummary;
    return customerSummarySql({ purchases: invoicePurchases(periods.calibrationEnd), calibrationEnd: periods.calibrationEnd, holdoutEnd: periods.observationEnd, unitDays: 1 });
  },
};

export default model;
