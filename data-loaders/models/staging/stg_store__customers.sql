-- Every customer record from the customers source (optional), with the country normalised like
-- order lines. A record without an id, or a second record for the same id, is flagged, not dropped.
with customers as (select * from src_customers),

country_aliases as not materialized (select * from country_aliases),

cleaned as (
    select
        nullif(trim(customers.customer_id), '') as customer_id,
        customers.first_seen_at,
        coalesce(country_aliases.country, trim(customers.country)) as country,
        nullif(trim(customers.acquisition_channel), '') as acquisition_channel
    from customers
    left join country_aliases
        on lower(trim(customers.country)) = lower(trim(country_aliases.raw_country))
),

final as (
    select
        *,
        case
            when customer_id is null then 'missing_customer_id'
            -- The earliest record of a customer is the one kept.
            when row_number() over (partition by customer_id order by first_seen_at, acquisition_channel, country) > 1 then 'duplicate_customer'
        end as exclusion_reason
    from cleaned
)

select * from final
