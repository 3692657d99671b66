-- Two short lists for the page: the customers with the highest predicted value, and the valuable
-- customers the model thinks are most likely lost (P(alive) below one half, ranked by what they
-- have spent on the value basis in force, net of matched credit notes by default, so a cancelled
-- order does not make a customer "valuable"). How many: clv_highlight_customers in seeds/business_constants.csv.
with predictions as (select * from customer_clv_predictions where p_alive is not null),

settings as (
    select cast(value as integer) as top_n from business_constants where name = 'clv_highlight_customers'
),

top_predicted as (
    select 'top_predicted' as list, row_number() over (order by predicted_value desc nulls last, customer_id) as list_rank, *
    from predictions
),

likely_lost as (
    select 'likely_lost' as list, row_number() over (order by monetary desc, customer_id) as list_rank, *
    from predictions
    where p_alive < 0.5
),

final as (
    select list, list_rank, customer_id, frequency, days_since_last_purchase, monetary, gross_monetary, value_basis, historical_cltv,
        rfm_segment, p_alive, expected_purchases_long, expected_spend, predicted_value, predictive_tier
    from (select * from top_predicted union all select * from likely_lost)
    where list_rank <= (select top_n from settings)
)

select * from final order by list, list_rank
