-- Per predictive tier: customers, how likely they are still active, what they are expected to buy
-- and be worth, beside what they have spent (monetary, on the value basis in force: net of matched
-- credit notes by default; gross_monetary: kept purchases before credit notes) and their historical CLTV.
with predictions as (select * from customer_clv_predictions),

tiers as (select * from clv_predictive_tiers),

final as (
    select
        predictions.predictive_tier,
        coalesce(tiers.display_order, 99) as display_order,
        tiers.description,
        count(*) as customers,
        avg(predictions.p_alive) as mean_p_alive,
        count(*) filter (where predictions.p_alive >= 0.5) as likely_active,
        -- Customers whose expected purchases rest on a hypergeometric series that did not converge.
        count(*) filter (where not predictions.series_converged) as unconverged_series,
        sum(predictions.expected_purchases_long) as expected_purchases_long,
        sum(predictions.predicted_value) as predicted_value,
        sum(predictions.predicted_value) / nullif((select sum(predicted_value) from predictions), 0) as share_of_predicted_value,
        sum(predictions.monetary) as monetary,
        sum(predictions.gross_monetary) as gross_monetary,
        -- Customers with no value left on the net basis (everything came back), counted apart.
        count(*) filter (where not predictions.is_scored) as customers_no_net_value,
        avg(predictions.historical_cltv) as mean_historical_cltv
    from predictions
    left join tiers on tiers.predictive_tier = predictions.predictive_tier
    group by predictions.predictive_tier, tiers.display_order, tiers.description
)

select * from final order by display_order
