-- Per predictive tier: customers, how likely they are still active, what they are expected to buy
-- and be worth, beside what they have spent (monetary, on the value basis in force: net of matched
-- credit notes by default; gross_monetary: kept purchases before credit notes) and their historical CLTV.
with predictions as not materialized (select * from customer_clv_predictions),

tiers as (select * from clv_predictive_tiers),

-- Sums of doubles depend in their last bits on the order of their terms, and a join's output order
-- varies from run to run: every double summed or averaged here is taken in customer order, so the
-- same input gives the same bytes on every build (DECIMAL sums are exact in any order).
final as (
    select
        predictions.predictive_tier,
        coalesce(tiers.display_order, 99) as display_order,
        tiers.description,
        count(*) as customers,
        avg(predictions.p_alive order by predictions.customer_id) as mean_p_alive,
        count(*) filter (where predictions.p_alive >= 0.5) as likely_active,
        -- Customers whose expected purchases rest on a hypergeometric series that did not converge.
        count(*) filter (where not predictions.series_converged) as unconverged_series,
        sum(predictions.expected_purchases_long order by predictions.customer_id) as expected_purchases_long,
        sum(predictions.predicted_value order by predictions.customer_id) as predicted_value,
        sum(predictions.predicted_value order by predictions.customer_id) / nullif((select sum(predicted_value order by customer_id) from predictions), 0) as share_of_predicted_value,
        sum(predictions.monetary) as monetary,
        sum(predictions.gross_monetary) as gross_monetary,
        -- Customers with no value left on the net basis (everything came back), counted apart.
        count(*) filter (where not predictions.is_scored) as customers_no_net_value,
        avg(predictions.historical_cltv order by predictions.customer_id) as mean_historical_cltv
    from predictions
    left join tiers on tiers.predictive_tier = predictions.predictive_tier
    group by predictions.predictive_tier, tiers.display_order, tiers.description
)

select * from final order by display_order
