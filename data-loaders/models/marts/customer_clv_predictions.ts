// Predicted customer value per customer from the full-period fits (clv_fit_diagnostics), beside
// what the customer has spent (monetary, on the value basis in force: net of matched credit notes
// by default, as every customer page), the historical CLTV and RFM segment it is compared with, and
// the predictive tier from seeds/clv_predictive_tiers.csv. One row per customer with a kept invoice.
import { bgnbdParameters, createPredictor, gammaGammaParameters, withheld } from "../../lib/clv/customer-predictions.ts";
import { clvSettingsFromVars, clvVars } from "../../lib/clv/settings.ts";
import { assignTiers } from "../../lib/clv/tiers.ts";
import type { TsModel } from "../../pipeline/ts-model.ts";

const model: TsModel = {
  description: "P(alive), expected purchase days over three horizons, expected spend, discounted predicted value and predictive tier per customer.",
  dependsOn: ["int_customers_clv_summarised", "clv_fit_diagnostics", "int_customers_value_estimated", "int_customers_rfm_scored", "int_customers_rfm_valued", "clv_predictive_tiers"],
  vars: clvVars,
  columns: {
    customer_id: "VARCHAR", first_purchase_on: "DATE", frequency: "INTEGER", recency_days: "DOUBLE", age_days: "DOUBLE",
    days_since_last_purchase: "DOUBLE", repeat_spend: "DOUBLE", gross_monetary: "DECIMAL(38,4)",
    monetary: "DECIMAL(38,4)", value_basis: "VARCHAR", is_scored: "BOOLEAN", historical_cltv: "DOUBLE", rfm_segment: "VARCHAR",
    p_alive: "DOUBLE", expected_purchases_short: "DOUBLE", expected_purchases_medium: "DOUBLE", expected_purchases_long: "DOUBLE",
    expected_spend: "DOUBLE", predicted_value: "DOUBLE", predictive_tier: "VARCHAR", series_converged: "BOOLEAN",
  },
  async build({ query, vars }) {
    const settings = clvSettingsFromVars(vars);
    const fits = await query("select * from clv_fit_diagnostics where fit = 'full'");
    const bgnbd = bgnbdParameters(fits.find((f) => f.model === "bgnbd"));
    const gammaGamma = gammaGammaParameters(fits.find((f) => f.model === "gamma_gamma"));
    const tiers = (await query("select predictive_tier, top_share from clv_predictive_tiers")).map((t) => ({ tier: String(t.predictive_tier), topShare: Number(t.top_share) }));
    // Every customer with a kept invoice (int_customers_rfm_valued), as every customer page counts
    // them. One with no net value (is_scored false: every order cancelled, or credit notes took back
    // all it bought) is not a buyer: no prediction, in the group "No net value" (tiers.ts).
    const customers = await query(`
      select valued.customer_id, summary.* exclude (customer_id), value.cltv_revenue, rfm.segment,
        cast(valued.monetary as varchar) as monetary, cast(valued.gross_monetary as varchar) as gross_monetary,
        valued.value_basis, valued.is_scored
      from int_customers_rfm_valued as valued
      left join int_customers_clv_summarised as summary on summary.customer_id = valued.customer_id
      left join int_customers_value_estimated as value on value.customer_id = valued.customer_id
      left join int_customers_rfm_scored as rfm on rfm.customer_id = valued.customer_id
      order by valued.customer_id`);
    process.stderr.write(`customer_clv_predictions: predicting ${customers.length} customers\n`);
    const predict = createPredictor(bgnbd, gammaGamma, settings);
    const rows = customers.map((c) => {
      const predictable = c.frequency !== null && c.is_scored !== false;
      const history = predictable ? { x: Number(c.frequency), tx: Number(c.recency), T: Number(c.age), spend: c.repeat_spend === null ? null : Number(c.repeat_spend) } : null;
      return {
        customer_id: String(c.customer_id),
        first_purchase_on: c.first_purchase_on ?? null,
        frequency: history?.x ?? null,
        recency_days: history?.tx ?? null,
        age_days: history?.T ?? null,
        days_since_last_purchase: history ? history.T - history.tx : null,
        repeat_spend: history?.spend ?? null,
        // Every kept purchase before credit notes: the RFM marts' gross_monetary itself (one name,
        // one type and one definition per measure), read as text so the DECIMAL comes back exact.
        gross_monetary: c.gross_monetary ?? null,
        // What the customer has spent as every customer page counts it (int_customers_rfm_valued's
        // monetary: net by default), read as text so the DECIMAL comes back exact.
        monetary: c.monetary ?? null,
        value_basis: c.value_basis ?? null,
        is_scored: c.is_scored === null || c.is_scored === undefined ? null : Boolean(c.is_scored),
        historical_cltv: c.cltv_revenue === null ? null : Number(c.cltv_revenue),
        rfm_segment: c.segment ?? null,
        ...(history ? predict(history) : withheld),
      };
    });
    const tierOf = assignTiers(rows, tiers);
    return rows.map((row) => ({ ...row, predictive_tier: tierOf.get(row.customer_id)! }));
  },
};

export default model;
