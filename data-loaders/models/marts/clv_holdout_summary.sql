-- One row: how close the calibration fit came on the whole holdout, in purchase days and revenue,
-- with the per-customer mean absolute error and the error of simply repeating each customer's
-- calibration rate (the naive forecast the model has to beat).
with holdout as not materialized (select * from int_customers_clv_holdout_predicted),

calibrated as (select * from int_customers_clv_calibrated),

naive as (
    -- The customer's calibration purchase rate (repeat days per day of age) carried into the holdout.
    select
        holdout.customer_id,
        case when calibrated.age > 0 then calibrated.frequency / calibrated.age * holdout.holdout_days else 0 end as naive_purchases
    from holdout
    inner join calibrated on calibrated.customer_id = holdout.customer_id
),

-- Sums of doubles depend in their last bits on the order of their terms, and a join's output order
-- varies from run to run: every double summed or averaged here is taken in customer order, so the
-- same input gives the same bytes on every build (DECIMAL sums are exact in any order).
final as (
    select
        count(*) as customers,
        any_value(holdout.holdout_days) as holdout_days,
        sum(holdout.holdout_purchases order by holdout.customer_id) as actual_purchases,
        sum(holdout.predicted_purchases order by holdout.customer_id) as predicted_purchases,
        sum(holdout.predicted_purchases order by holdout.customer_id) / nullif(sum(holdout.holdout_purchases order by holdout.customer_id), 0) - 1 as purchases_relative_error,
        avg(abs(holdout.predicted_purchases - holdout.holdout_purchases) order by holdout.customer_id) as mean_absolute_error,
        avg(abs(naive.naive_purchases - holdout.holdout_purchases) order by holdout.customer_id) as naive_mean_absolute_error,
        corr(holdout.predicted_purchases, holdout.holdout_purchases order by holdout.customer_id) as correlation,
        sum(holdout.holdout_revenue order by holdout.customer_id) as actual_revenue,
        sum(holdout.predicted_revenue order by holdout.customer_id) as predicted_revenue,
        bool_and(holdout.series_converged) as series_converged
    from holdout
    inner join naive on naive.customer_id = holdout.customer_id
)

select * from final where customers > 0
