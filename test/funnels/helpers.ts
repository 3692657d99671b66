// Fixture events in a real DuckDB, run through the shared funnel SQL (src/components/funnel-sql.js).
import type { DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { literal, openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

export interface FixtureEvent {
  user: string;
  /** Seconds after 2024-01-01 00:00:00 UTC. */
  t: number;
  event: string;
  session?: string;
  page?: string | null;
  device?: string | null;
  channel?: string | null;
}

const epoch = Date.UTC(2024, 0, 1) / 1000;

export const at = (t: number) => new Date((epoch + t) * 1000).toISOString().replace("T", " ").replace("Z", "");

export async function fixtureDb(events: FixtureEvent[]): Promise<DuckDBConnection> {
  const { connection } = await openDatabase();
  await connection.run(`create table funnel_events (user_id varchar, session_id varchar, event_at timestamp, event_name varchar, page varchar,
    device_category varchar, channel varchar, source_medium varchar, country varchar, first_touch_channel varchar)`);
  if (events.length) {
    const values = events.map((e) =>
      `(${[e.user, e.session ?? `${e.user}-s1`, at(e.t), e.event, e.page ?? null, e.device === undefined ? "desktop" : e.device, e.channel ?? "Direct", "(direct) / (none)", "United Kingdom", "Direct"].map(literal).join(", ")})`,
    );
    await connection.run(`insert into funnel_events values ${values.join(", ")}`);
  }
  // The integer keys of the funnel_events mart, numbered as data-loaders/models/marts/funnel_events.sql
  // does: same-time events in the order of seeds/event_tie_order.csv (50 when not listed), then by name.
  await connection.run(`create or replace table funnel_events as
    select dense_rank() over (order by user_id)::integer as user_key, dense_rank() over (order by user_id, session_id)::integer as session_key, e.*,
      row_number() over (partition by user_id order by event_at, coalesce(t.tie_order, 50), e.event_name, page nulls first, session_id)::integer as event_seq
    from funnel_events as e
    left join read_csv(${literal(join(projectRoot, "seeds", "event_tie_order.csv"))}, header = true, columns = {event_name: 'varchar', tie_order: 'integer', note: 'varchar'}) as t
      on t.event_name = e.event_name`);
  return connection;
}

export async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await queryRows(connection, sql)).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}
