-- How each product's unit price behaves over its sales lines (credit notes, charges and
-- adjustments left out), flagged as in the POS cleaning rules:
--   zero_or_manual              some sales at a price of zero
--   normal                      one price throughout
--   one_off_price_change        two prices, all of the first before all of the second
--   oscillating_or_promotional  two prices that alternate, or a dominant base price with others
--   complex                     three or more prices with no dominant one
with order_lines as (select * from stg_retail__order_lines),

constants as (
    select max(value) filter (where name = 'promotional_modal_share') as promotional_modal_share
    from business_constants
),

sales as (
    select product_id, product_name, unit_price, invoiced_at
    from order_lines
    where is_kept(exclusion_reason) or exclusion_reason in ('zero_price', 'guest_checkout')
),

per_price as (
    select
        product_id,
        unit_price,
        count(*) as lines,
        min(invoiced_at) as first_at,
        max(invoiced_at) as last_at
    from sales
    group by all
),

price_bounds as (
    select
        product_id,
        min(unit_price) filter (where unit_price > 0) as low_price,
        max(unit_price) as high_price
    from per_price
    group by product_id
),

modal as (
    select product_id, unit_price as modal_price, lines as modal_lines
    from per_price
    where unit_price > 0
    qualify row_number() over (partition by product_id order by lines desc, unit_price) = 1
),

per_product as (
    select
        per_price.product_id,
        sum(per_price.lines) as lines,
        count(*) filter (where per_price.unit_price > 0) as distinct_prices,
        sum(per_price.lines) filter (where per_price.unit_price = 0) as zero_price_lines,
        sum(per_price.lines) filter (where per_price.unit_price > 0) as priced_lines,
        any_value(price_bounds.low_price) as min_price,
        any_value(price_bounds.high_price) as max_price,
        -- With two prices: does one end before the other starts?
        max(per_price.last_at) filter (where per_price.unit_price = price_bounds.low_price) as low_price_last_at,
        min(per_price.first_at) filter (where per_price.unit_price = price_bounds.low_price) as low_price_first_at,
        max(per_price.last_at) filter (where per_price.unit_price = price_bounds.high_price) as high_price_last_at,
        min(per_price.first_at) filter (where per_price.unit_price = price_bounds.high_price) as high_price_first_at,
        min(per_price.first_at) as first_sold_at,
        max(per_price.last_at) as last_sold_at
    from per_price
    inner join price_bounds on price_bounds.product_id = per_price.product_id
    group by per_price.product_id
),

names as (select * from int_product_names),

final as (
    select
        per_product.product_id,
        names.product_name,
        per_product.lines,
        per_product.distinct_prices,
        coalesce(per_product.zero_price_lines, 0) as zero_price_lines,
        per_product.min_price,
        per_product.max_price,
        modal.modal_price,
        modal.modal_lines / per_product.priced_lines as modal_share,
        per_product.first_sold_at,
        per_product.last_sold_at,
        case
            when coalesce(per_product.zero_price_lines, 0) > 0 or per_product.distinct_prices = 0 then 'zero_or_manual'
            when per_product.distinct_prices = 1 then 'normal'
            when per_product.distinct_prices = 2
                and (per_product.low_price_last_at < per_product.high_price_first_at
                    or per_product.high_price_last_at < per_product.low_price_first_at) then 'one_off_price_change'
            when per_product.distinct_prices = 2 then 'oscillating_or_promotional'
            when modal.modal_lines / per_product.priced_lines >= constants.promotional_modal_share then 'oscillating_or_promotional'
            else 'complex'
        end as price_flag
    from per_product
    cross join constants
    left join modal on modal.product_id = per_product.product_id
    left join names on names.product_id = per_product.product_id
)

select * from final
