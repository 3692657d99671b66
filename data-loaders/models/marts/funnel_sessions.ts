// One row per web session (int_web_sessions) with the integer keys funnel_events uses and what a
// funnel reads per session: ids, the session's channel, source / medium and country, the user's
// first-touch channel (their first session's) and when the session ended (for same-session windows).
// Kept apart from funnel_events so those text columns are stored once per session, not once per event.
//
// Keys: user_key numbers users in user id order, session_key sessions in user id order and within
// a user in the order they began (int_web_sessions' session_number: by start, then session id),
// both from 1 with no gaps. A session's key is the number of sessions of the users before its user
// plus its session_number, which int_web_sessions has already counted: one sort of the users and
// none of the sessions. Numbering all sessions in one window ran on one core (at 5M order lines,
// 1.75M sessions: 1.8-2.1 s), a rank within each user by session id on both (1.3-1.9 s), this
// 0.65-1.03 s (six alternated runs in one process). The device, channels, source /
// medium and country are ENUMs of their values (lib/enum-columns.ts): the mart's export took
// 0.5-0.7 s against 1.0-1.5 s as text, and the funnels read them as codes without a join.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { asEnum, distinctValues } from "../../lib/enum-columns.ts";

const model: TsModel = {
  description: "One row per web session with funnel_events' integer keys, its ids, channel, source / medium, country, the user's first-touch channel and its end.",
  dependsOn: ["int_web_sessions"],
  columns: {
    session_key: "INTEGER", user_key: "INTEGER", user_id: "VARCHAR", session_id: "VARCHAR",
    device_category: "ENUM", channel: "ENUM", source_medium: "ENUM", country: "ENUM", first_touch_channel: "ENUM", session_ended_at: "TIMESTAMP",
  },
  async sql({ query }) {
    const distinct = (expression: string) => distinctValues(query, `select ${expression} as value from int_web_sessions`);
    const devices = await distinct("device_category");
    const channels = await distinct("channel");
    const sourceMediums = await distinct("source || ' / ' || medium");
    const countries = await distinct("country");
    return `
with sessions as not materialized (select * from int_web_sessions),

users as (
    select user_id, arg_min(channel, session_number) as first_touch_channel, count(*) as sessions
    from sessions
    group by user_id
),

users_numbered as (
    select
        user_id,
        first_touch_channel,
        row_number() over (order by user_id) as user_key,
        coalesce(sum(sessions) over (order by user_id rows between unbounded preceding and 1 preceding), 0) as sessions_before
    from users
),

final as (
    select
        cast(users_numbered.sessions_before + sessions.session_number as integer) as session_key,
        cast(users_numbered.user_key as integer) as user_key,
        sessions.user_id,
        sessions.session_id,
        ${asEnum("sessions.device_category", devices)} as device_category,
        ${asEnum("sessions.channel", channels)} as channel,
        ${asEnum("sessions.source || ' / ' || sessions.medium", sourceMediums)} as source_medium,
        ${asEnum("sessions.country", countries)} as country,
        ${asEnum("users_numbered.first_touch_channel", channels)} as first_touch_channel,
        sessions.session_ended_at
    from sessions
    inner join users_numbered on sessions.user_id = users_numbered.user_id
)

select * from final`;
  },
};

export default model;
