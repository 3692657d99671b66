-- Every portfolio and lifecycle status with its rule, written from the constants in
-- seeds/product_rules.csv (so the page states the rule the build applied), its meaning from
-- seeds/product_statuses.csv, and how many products have it.
with statuses as (select * from product_statuses),

products as not materialized (select * from products),

-- The constants under the short names the sentences below use.
c as (
    select
        status_window_days as window_days,
        portfolio_high_share_multiple as share_multiple,
        portfolio_high_growth as portfolio_growth,
        lifecycle_new_days as new_days,
        lifecycle_discontinued_days as discontinued_days,
        lifecycle_growing as growing,
        lifecycle_declining as declining
    from int_product_rules
),

texts as (
    select
        printf('revenue in the last %d days at least %g × the average product''s', cast(window_days as integer), share_multiple) as high_share,
        printf('revenue up by %g%% or more on the %d days before (or none before)', portfolio_growth * 100, cast(window_days as integer)) as high_growth,
        c.*
    from c
),

rule_text as (
    select 'portfolio' as kind, 'Star' as status, 'High share (' || high_share || ') and growing (' || high_growth || ')' as rule from texts
    union all select 'portfolio', 'Cash Cow', 'High share, not growing' from texts
    union all select 'portfolio', 'Problem', 'Low share, growing' from texts
    union all select 'portfolio', 'Declining', 'Low share, not growing' from texts
    union all select 'lifecycle', 'new', printf('First sold in the last %d days', cast(new_days as integer)) from texts
    union all select 'lifecycle', 'discontinued', printf('Not sold in the last %d days', cast(discontinued_days as integer)) from texts
    union all select 'lifecycle', 'growing', printf('Revenue in the last %d days at least %g%% above the %d days before (or none before)', cast(window_days as integer), growing * 100, cast(window_days as integer)) from texts
    union all select 'lifecycle', 'declining', printf('Revenue in the last %d days at least %g%% below the %d days before', cast(window_days as integer), declining * 100, cast(window_days as integer)) from texts
    union all select 'lifecycle', 'stable', 'Any other product' from texts
),

counts as (
    select 'portfolio' as kind, portfolio_status as status, count(*) as products, sum(revenue) as revenue
    from products where portfolio_status is not null group by all
    union all
    select 'lifecycle', lifecycle_status, count(*), sum(revenue) from products group by all
),

final as (
    select
        statuses.kind,
        statuses.status,
        statuses.display_order,
        rule_text.rule,
        statuses.meaning,
        coalesce(counts.products, 0) as products,
        coalesce(counts.revenue, 0) as revenue
    from statuses
    left join rule_text on rule_text.kind = statuses.kind and rule_text.status = statuses.status
    left join counts on counts.kind = statuses.kind and counts.status = statuses.status
)

select * from final
order by kind desc, display_order
