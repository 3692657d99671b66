-- The classic check of a buy-till-you-die model: customers grouped by their calibration repeat
-- purchases (0 to 6, then 7 and more, as Fader, Hardie & Lee plot it), mean actual against mean
-- predicted purchase days in the holdout.
with holdout as (select * from int_customers_clv_holdout_predicted),

binned as (
    select least(frequency, 7) as frequency_bin, *
    from holdout
),

final as (
    select
        frequency_bin,
        case when frequency_bin = 7 then '7+' else cast(frequency_bin as varchar) end as frequency_label,
        count(*) as customers,
        avg(holdout_purchases) as actual_mean_purchases,
        avg(predicted_purchases) as predicted_mean_purchases
    from binned
    group by frequency_bin
)

select * from final order by frequency_bin
