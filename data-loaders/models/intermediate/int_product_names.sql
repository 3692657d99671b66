-- One name per product: the description its product lines carry most often (ties to the first by
-- name), over every line that is a sale of the product at any price (kept lines, guest checkouts
-- and zero-price lines), so the product list and the price flags name a product alike.
with order_lines as (select * from stg_retail__order_lines)

select product_id, product_name
from order_lines
where (is_kept(exclusion_reason) or exclusion_reason in ('zero_price', 'guest_checkout')) and product_name is not null
group by product_id, product_name
qualify row_number() over (partition by product_id order by count(*) desc, product_name) = 1
