-- The customers who spent the most (how many: top_customers in seeds/business_constants.csv),
-- with where they stand now. Only customers scored as buyers rank: under the net value basis a
-- cancelled order is not spend.
with customers as (select * from customer_360),

settings as (
    select cast(value as integer) as top_n from business_constants where name = 'top_customers'
),

ranked as (
    select
        row_number() over (order by monetary desc, customer_id) as spend_rank,
        *
    from customers
    where is_scored
),

final as (
    select
        spend_rank,
        customer_id,
        country,
        monetary,
        frequency,
        aov,
        recency_days,
        last_purchase_at,
        segment,
        cltv_tier,
        churn_status,
        combined_segment
    from ranked
    cross join settings
    where spend_rank <= settings.top_n
)

select * from final
