-- Mean probability of being alive by repeat purchases and days since the last purchase, for the
-- page's heatmap: the model's view of who is still a customer.
with predictions as (select * from customer_clv_predictions where p_alive is not null),

binned as (
    select
        case
            when frequency <= 4 then frequency
            when frequency <= 9 then 5
            when frequency <= 19 then 10
            else 20
        end as frequency_bin,
        case
            when days_since_last_purchase < 30 then 0
            when days_since_last_purchase < 60 then 30
            when days_since_last_purchase < 90 then 60
            when days_since_last_purchase < 180 then 90
            when days_since_last_purchase < 365 then 180
            else 365
        end as inactive_bin,
        p_alive
    from predictions
),

final as (
    select
        frequency_bin,
        case frequency_bin when 5 then '5-9' when 10 then '10-19' when 20 then '20+' else cast(frequency_bin as varchar) end as frequency_label,
        inactive_bin,
        case inactive_bin when 0 then '0-29' when 30 then '30-59' when 60 then '60-89' when 90 then '90-179' when 180 then '180-364' else '365+' end as inactive_label,
        count(*) as customers,
        avg(p_alive) as mean_p_alive
    from binned
    group by frequency_bin, inactive_bin
)

select * from final order by frequency_bin, inactive_bin
