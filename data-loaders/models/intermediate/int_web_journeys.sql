-- One row per web session as the steps a visitor walked: its events in time order, from the first
-- (session_start when tracked) up to and including the first purchase, or to the last event when
-- the session has none (the exit). A run of the same event (page_view, page_view, page_view) is one
-- step: step_names lists the steps, collapsed_runs counts the steps that hold more than one event, path joins the names
-- ("session_start > page_view > view_item"). The opening step is the first after session_start
-- (the session_start itself when nothing follows). Journey marts read it.
--
-- The events come from funnel_events in its event_seq order, the one event order funnels and
-- journeys share (time, then seeds/event_tie_order.csv, then name, page and session), so both walk
-- a session's events alike. A session's walk is one sorted list per session, not window functions
-- over every event; event names travel in it as integer codes packed with event_seq and are read back at the
-- end, because lists of integers sort several times faster than lists of structs or text.
-- Read twice (the names, the walks): not materialized, or DuckDB would first copy every event.
with events as not materialized (select * from funnel_events),
sessions as (select * from funnel_sessions),

event_names as (
    select event_name, cast(row_number() over (order by event_name) as bigint) as name_code
    from (select distinct event_name from events)
),

-- Codes run from 1 to the number of names; an event travels as event_seq * code_base + its code, so
-- sorting the packed numbers sorts by event_seq and the remainder gives the code back.
code_base as (
    select count(*) + 1 as base, list(event_name order by name_code) as names from event_names
),

purchase_code as (
    select coalesce(max(name_code) filter (where event_name = 'purchase'), 0) as code from event_names
),

session_walks as (
    select events.session_key, list(events.event_seq * code_base.base + event_names.name_code) as packed
    from events
    inner join event_names using (event_name)
    cross join code_base
    group by events.session_key
),

walked as (
    select session_walks.session_key, list_transform(list_sort(session_walks.packed), e -> e % code_base.base) as codes
    from session_walks, code_base
),

-- Up to and including the first purchase.
cut as (
    select walked.session_key, walked.codes[1 : coalesce(list_position(walked.codes, purchase_code.code), len(walked.codes))] as codes
    from walked, purchase_code
),

-- Where each step starts: the first event, and every event whose name differs from the one before.
step_starts as (
    select session_key, codes, list_filter(range(1, len(codes) + 1), i -> i = 1 or codes[i] <> codes[i - 1]) as starts
    from cut
),

stepped as (
    select
        step_starts.session_key,
        list_transform(step_starts.starts, i -> code_base.names[step_starts.codes[i]]) as step_names,
        cast(len(step_starts.codes) as integer) as events,
        -- Runs of one event collapsed into a step: steps whose next step starts more than one event later.
        cast(len(list_filter(range(1, len(step_starts.starts) + 1), j -> coalesce(step_starts.starts[j + 1], len(step_starts.codes) + 1) - step_starts.starts[j] > 1)) as integer) as collapsed_runs
    from step_starts, code_base
),

final as (
    select
        sessions.user_id,
        sessions.session_id,
        array_to_string(stepped.step_names, ' > ') as path,
        cast(len(stepped.step_names) as integer) as steps,
        stepped.events,
        case
            when stepped.step_names[1] = 'session_start' and len(stepped.step_names) > 1 then stepped.step_names[2]
            else stepped.step_names[1]
        end as opening_step,
        stepped.step_names[-1] as last_step,
        stepped.step_names[-1] = 'purchase' as ends_in_purchase,
        stepped.step_names,
        stepped.collapsed_runs
    from stepped
    inner join sessions on sessions.session_key = stepped.session_key
)

select * from final
