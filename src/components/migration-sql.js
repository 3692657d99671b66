// Segment migration between two snapshots: the SQL the build runs for every pair of consecutive
// snapshots (segment_migration_flows) and the page runs in DuckDB-wasm for the two dates a reader
// picks. Plain ES module, no browser globals, so the TypeScript model imports it too.
//
// `history` is a relation with one row per customer and snapshot_date (customer_segment_history):
// segment, segment_order (1 = best, from seeds/rfm_segments.csv), monetary (customer value up to the
// snapshot) and revenue_last_12_months (value in the 365 days before it), both on the report's value
// basis (vars.customer_value_basis: net of matched credit notes by default, as every customer page).
// `pairs` is a relation of (from_snapshot, to_snapshot) with from_snapshot before to_snapshot.

/** The "from" side of customers who had not bought yet at the earlier snapshot. */
export const newcomerSegment = "(not yet a customer)";

/** Direction labels, best news first. */
export const directions = ["improved", "stayed", "slipped", "new"];

/** A relation of one pair, for the reader's choice. Dates as "YYYY-MM-DD". */
export function pairSql(fromSnapshot, toSnapshot) {
  for (const date of [fromSnapshot, toSnapshot]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(date))) throw new Error(`migration: a snapshot date must be YYYY-MM-DD, not "${date}"`);
  }
  return `(select date '${fromSnapshot}' as from_snapshot, date '${toSnapshot}' as to_snapshot)`;
}

/**
 * One row per customer present at to_snapshot, per pair: where they stood at each end, whether they
 * moved up or down the segment order, and what they were worth.
 */
export function movesSql({ history, pairs }) {
  return `
select
    pairs.from_snapshot,
    pairs.to_snapshot,
    later.customer_id,
    coalesce(earlier.segment, '${newcomerSegment}') as from_segment,
    coalesce(earlier.segment_order, 0) as from_order,
    later.segment as to_segment,
    later.segment_order as to_order,
    case
        when earlier.customer_id is null then 'new'
        when earlier.segment = later.segment then 'stayed'
        when later.segment_order < earlier.segment_order then 'improved'
        else 'slipped'
    end as direction,
    -- Worth at the earlier date: the customer's value in the year before it.
    coalesce(earlier.revenue_last_12_months, 0) as revenue_year_before,
    -- What the customer's value grew by between the two dates (under the net basis, a credit note
    -- in between takes back what it cancels or returns).
    later.monetary - coalesce(earlier.monetary, 0) as revenue_between
from ${pairs} as pairs
inner join ${history} as later
    on later.snapshot_date = pairs.to_snapshot
left join ${history} as earlier
    on earlier.snapshot_date = pairs.from_snapshot
    and earlier.customer_id = later.customer_id`;
}

/** From-to counts and revenue per pair: the cells of the migration matrix and the flows of the chart. */
export function flowsSql({ history, pairs }) {
  return `
select
    from_snapshot,
    to_snapshot,
    from_segment,
    from_order,
    to_segment,
    to_order,
    direction,
    count(*) as customers,
    cast(sum(revenue_year_before) as double) as revenue_year_before,
    cast(sum(revenue_between) as double) as revenue_between
from (${movesSql({ history, pairs })}) as moves
group by all
order by from_snapshot, to_snapshot, from_order, to_order`;
}

/** The customers behind one cell, for a CSV download. */
export function cellCustomersSql({ history, pairs, fromSegment, toSegment }) {
  const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;
  return `
select customer_id, from_snapshot, to_snapshot, from_segment, to_segment, direction,
    cast(revenue_year_before as double) as revenue_year_before, cast(revenue_between as double) as revenue_between
from (${movesSql({ history, pairs })}) as moves
where from_segment = ${quote(fromSegment)} and to_segment = ${quote(toSegment)}
order by revenue_year_before desc, customer_id`;
}
