-- Product sales and matched returns, one row per product per invoice, for the product page to
-- compute one product's monthly sales, customers, returns and companions in the browser.
with product_lines as (select * from int_product_lines_matched),

final as (
    select
        kind,
        invoice_id,
        product_id,
        customer_id,
        cast(invoiced_at as date) as invoiced_on,
        -- A DOUBLE, as the file has always carried it (the Parquet export writes 128-bit integers so).
        cast(units as double) as units,
        value
    from product_lines
)

select * from final
