-- The touches of every journey in order, with the days before the journey's end (null for path
-- exports). Compact on purpose: the attribution page loads it with attribution_journeys to
-- recompute the heuristic models in the browser for another lookback window or half-life.
with touches as (select * from int_attribution_journey_touches),

final as (
    select journey_id, touch_number, channel, days_before from touches
)

select * from final
