-- Every raw order line, typed and trimmed, classified by the ledger's business rules.
-- exclusion_reason is null for a normal purchase line (read as is_kept(exclusion_reason)), the only kind customer models use;
-- otherwise it names the first rule that applies, in the order of seeds/exclusion_reasons.csv,
-- which also says whether the line still counts in net revenue. Nothing is dropped here.
with order_lines as (select * from src_order_lines),

country_aliases as not materialized (select * from country_aliases),

rules as (select * from order_line_rules),

reasons as not materialized (select * from exclusion_reasons),

cleaned as (
    select
        trim(order_lines.invoice_id) as invoice_id,
        trim(order_lines.product_id) as product_id,
        trim(order_lines.product_name) as product_name,
        order_lines.quantity,
        -- An export with a line total and no unit price: the price per unit derived from it
        -- (rounded to the canonical 4 decimals); the revenue below is the total as written.
        coalesce(order_lines.unit_price, cast(order_lines.line_total / nullif(order_lines.quantity, 0) as decimal(18, 4))) as unit_price,
        order_lines.line_total,
        -- The line's place in a log whose identical lines are separate purchases (config number_lines).
        order_lines.line_number,
        order_lines.invoiced_at,
        order_lines.customer_id,
        order_lines.country as country_as_written,
        coalesce(country_aliases.country, trim(order_lines.country)) as country,
        nullif(trim(order_lines.category), '') as category,
        coalesce(order_lines.line_total, order_lines.quantity * order_lines.unit_price) as line_revenue,
        -- The order's status as written and what the source's status map makes of it (config status).
        order_lines.status,
        order_lines.status_outcome
    from order_lines
    left join country_aliases
        on lower(trim(order_lines.country)) = lower(trim(country_aliases.raw_country))
),

-- The second and later copies of an identical raw line are double entries. Copies are found among
-- lines that share a hash of those columns (a collision only adds candidates, which the exact
-- row_number() then tells apart), as stg_web__events finds its duplicates, rather than by a window
-- partitioned by all eleven columns over every line (this model on 5M order lines: 7.1-7.3 s
-- against 7.7-8.4 s).
hashed as materialized (
    select *, hash(invoice_id, product_id, product_name, quantity, unit_price, line_total, line_number, invoiced_at, customer_id, country_as_written, status) as row_hash
    from cleaned
),

shared_hashes as (
    select row_hash from hashed group by row_hash having count(*) > 1
),

numbered as (
    select * exclude (row_hash), row_number() over (
        partition by invoice_id, product_id, product_name, quantity, unit_price, line_total, line_number, invoiced_at, customer_id, country_as_written, status
    ) as copy_number
    from hashed
    where row_hash in (select row_hash from shared_hashes)
    union all by name
    select * exclude (row_hash), 1 as copy_number
    from hashed
    where row_hash not in (select row_hash from shared_hashes)
),

-- Rules match on the product, so they are evaluated once per distinct product, not per line.
product_rules as (
    select
        products.product_id,
        products.product_name,
        arg_min(rules.reason, reasons.display_order) as rule_reason
    from (select distinct product_id, product_name from cleaned) as products
    inner join rules
        on (rules.match_on = 'product_id' and products.product_id ilike rules.pattern)
        or (rules.match_on = 'product_name' and products.product_name ilike rules.pattern)
    inner join reasons on reasons.reason = rules.reason
    group by products.product_id, products.product_name
),

classified as (
    select
        numbered.* exclude (copy_number),
        case
            when numbered.copy_number > 1 then 'duplicate'
            -- Typing slips (a year 2099 or 1, a quantity of 2e9): one such line would move the
            -- snapshot date, the calendar or the revenue, so it is counted apart instead.
            when numbered.invoiced_at < cast(getvariable('plausible_first_date') as timestamp)
                or numbered.invoiced_at >= cast(getvariable('plausible_last_date') as date) + interval 1 day
                or abs(numbered.quantity) > cast(getvariable('plausible_max_quantity') as bigint)
                or abs(numbered.unit_price) > cast(getvariable('plausible_max_unit_price') as double)
                then 'implausible_value'
            when numbered.status_outcome = 'excluded' then 'excluded_status'
            when product_rules.rule_reason = 'bad_debt' then 'bad_debt'
            when numbered.invoice_id ilike 'C%' then 'credit_note'
            when product_rules.rule_reason is not null then product_rules.rule_reason
            when numbered.customer_id is null and numbered.unit_price = 0 then 'suspicious_entry'
            when numbered.quantity = 0 then 'suspicious_entry'
            when numbered.unit_price = 0 then 'zero_price'
            when numbered.unit_price < 0 then 'negative_price'
            when numbered.quantity < 0 then 'return'
            when numbered.customer_id is null then 'guest_checkout'
        end as exclusion_reason,
        -- The rule that catches the line's product whatever the line's own outcome: a credit-note
        -- line whose product no rule catches names a real product (int_credit_notes_matched).
        product_rules.rule_reason as product_rule
    from numbered
    left join product_rules
        on numbered.product_id is not distinct from product_rules.product_id
        and numbered.product_name is not distinct from product_rules.product_name
),

final as (
    select
        classified.*,
        coalesce(reasons.in_net_revenue, true) as counts_in_net_revenue,
        -- The filter most analyses of this kind of data use, kept for comparison with published figures.
        classified.customer_id is not null and classified.quantity > 0 and classified.unit_price > 0 as passes_common_filter
    from classified
    left join reasons on reasons.reason = classified.exclusion_reason
)

select * from final
