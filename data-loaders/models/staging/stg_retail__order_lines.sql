-- Every raw order line, typed and trimmed, with the reason it is kept out of customer models
-- (null for a normal purchase line). Nothing is dropped here: the ledger counts every reason.
with order_lines as (select * from src_order_lines),

country_aliases as (select * from country_aliases),

cleaned as (
    select
        trim(order_lines.invoice_id) as invoice_id,
        trim(order_lines.product_id) as product_id,
        trim(order_lines.product_name) as product_name,
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.invoiced_at,
        order_lines.customer_id,
        order_lines.country as country_as_written,
        coalesce(country_aliases.country, trim(order_lines.country)) as country,
        order_lines.quantity * order_lines.unit_price as line_revenue
    from order_lines
    left join country_aliases
        on lower(trim(order_lines.country)) = lower(trim(country_aliases.raw_country))
),

final as (
    select
        *,
        -- First matching rule wins, so each line has exactly one reason in the ledger.
        case
            when customer_id is null then 'guest_checkout'
            when quantity <= 0 then 'return_or_cancellation'
            when unit_price <= 0 then 'zero_or_negative_price'
        end as exclusion_reason
    from cleaned
)

select * from final
