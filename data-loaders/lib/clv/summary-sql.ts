// The one definition of the per-customer summary the models are fitted on, as SQL over a table of
// purchases (customer_id, purchased_on DATE, amount). The rule, as in the BTYD literature: all of
// a customer's purchases on one calendar day are ONE purchase (their amounts summed); the first
// purchase starts the customer and is not a repeat; x counts repeat purchase days up to the
// calibration end, t_x is the time from the first to the last of them, T from the first purchase
// to the calibration end, both in `unitDays`-day units; spend is the mean of the repeat purchases'
// amounts (the first purchase is left out, as Gamma-Gamma is fitted on repeat spend). Holdout
// counts the purchase days after the calibration end up to the holdout end.

export interface SummaryOptions {
  /** A table or subquery with customer_id, purchased_on (DATE) and amount. */
  purchases: string;
  /** Last day of the calibration period (inclusive), 'YYYY-MM-DD'. */
  calibrationEnd: string;
  /** Last day of the holdout period (inclusive), 'YYYY-MM-DD'. */
  holdoutEnd: string;
  /** Length of the model's time unit in days (7 for weeks). */
  unitDays: number;
}

export function customerSummarySql({ purchases, calibrationEnd, holdoutEnd, unitDays }: SummaryOptions): string {
  const calEnd = `DATE '${calibrationEnd}'`;
  const holdEnd = `DATE '${holdoutEnd}'`;
  return `
with purchases as (select * from ${purchases}),

purchase_days as (
    select customer_id, purchased_on, sum(amount) as amount
    from purchases
    where purchased_on <= ${holdEnd}
    group by customer_id, purchased_on
),

numbered as (
    select *, row_number() over (partition by customer_id order by purchased_on) as purchase_number
    from purchase_days
),

firsts as (
    select customer_id, min(purchased_on) as first_purchase_on
    from purchase_days
    group by customer_id
    having min(purchased_on) <= ${calEnd}
),

final as (
    select
        firsts.customer_id,
        firsts.first_purchase_on,
        (count(*) filter (where numbered.purchased_on <= ${calEnd}) - 1)::integer as frequency,
        (date_diff('day', firsts.first_purchase_on, max(numbered.purchased_on) filter (where numbered.purchased_on <= ${calEnd})) / ${unitDays})::double as recency,
        (date_diff('day', firsts.first_purchase_on, ${calEnd}) / ${unitDays})::double as age,
        avg(numbered.amount) filter (where numbered.purchase_number > 1 and numbered.purchased_on <= ${calEnd})::double as repeat_spend,
        sum(numbered.amount) filter (where numbered.purchased_on <= ${calEnd})::double as calibration_revenue,
        count(*) filter (where numbered.purchased_on > ${calEnd})::integer as holdout_purchases,
        coalesce(sum(numbered.amount) filter (where numbered.purchased_on > ${calEnd}), 0)::double as holdout_revenue
    from firsts
    inner join numbered on numbered.customer_id = firsts.customer_id
    group by firsts.customer_id, firsts.first_purchase_on
)

select * from final order by customer_id`;
}
