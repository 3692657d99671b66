// One row per usable event, narrow (integer keys, time, and the event's own name, page and device):
// the table the funnel page reads in the browser (DuckDB-wasm) and every funnel mart reads at build
// time. What belongs to the session (ids, channel, source / medium, country, first-touch channel) is
// in funnel_sessions, joined by session_key only where a funnel needs it: stored once per event, those
// text columns cost most of the time to build and export this table. Sessions are those of
// int_web_events_sessionized (events without a session id grouped per user and day); an event
// without a device has its session's. event_seq numbers a user's events in the one event order the
// journeys use too: by time, events at the same time by seeds/event_tie_order.csv (50 when not
// listed), then by name, page and session (session_key: the session that began first). It is what
// strict funnels read as "the very next event".
//
// A TypeScript model only to type the name, page and device as ENUMs of the values the events hold
// (SQL cannot name a type made from data). An ENUM is a small integer per row: on 8.5M events (5M
// order lines) the event_seq window took 1.2-1.7 s against 3.4-3.7 s with the text, and the Parquet
// export 1.1-1.3 s against 3.2-3.4 s, the rows equal. The values are listed in DuckDB's text order,
// so an ENUM sorts as its text does and event_seq is unchanged (lib/enum-columns.ts; a column with too many
// values stays VARCHAR).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { asEnum, distinctValues } from "../../lib/enum-columns.ts";

const model: TsModel = {
  description: "One row per usable event with funnel_sessions' integer keys, event_seq (a user's events in order), time, name, page and device.",
  dependsOn: ["int_web_events_sessionized", "funnel_sessions", "event_tie_order"],
  columns: {
    user_key: "INTEGER", event_seq: "INTEGER", session_key: "INTEGER", event_at: "TIMESTAMP",
    event_name: "ENUM", page: "ENUM", device_category: "ENUM",
  },
  async sql({ query }) {
    const distinct = (sql: string) => distinctValues(query, sql);
    const names = await distinct("select event_name as value from int_web_events_sessionized");
    const pages = await distinct("select page as value from int_web_events_sessionized");
    const devices = await distinct("select device_category as value from int_web_events_sessionized union all select device_category from funnel_sessions");
    return `
with events as (select * from int_web_events_sessionized),
sessions as (select * from funnel_sessions),
tie_order as (select * from event_tie_order),

keyed as (
    select
        sessions.user_key,
        sessions.session_key,
        events.event_at,
        ${asEnum("events.event_name", names)} as event_name,
        ${asEnum("events.page", pages)} as page,
        ${asEnum("coalesce(events.device_category, sessions.device_category)", devices)} as device_category,
        coalesce(tie_order.tie_order, 50) as tie_rank
    from events
    inner join sessions on events.user_id = sessions.user_id and events.session_id = sessions.session_id
    left join tie_order on events.event_name = tie_order.event_name
),

final as (
    select
        user_key,
        cast(row_number() over (partition by user_key order by event_at, tie_rank, event_name, page nulls first, session_key) as integer) as event_seq,
        session_key,
        event_at,
        event_name,
        page,
        device_category
    from keyed
)

select * from final`;
  },
};

export default model;
