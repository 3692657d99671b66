// Fixture events in a real DuckDB, run through the shared funnel SQL (src/components/funnel-sql.js).
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { join } from "node:path";
import { connect, literal, openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { chainsTable, countedTable, readFunnelEvents } from "../../data-loaders/lib/funnels/chains.ts";
import type { FunnelOptions, FunnelSpec } from "../../src/components/funnel-sql.js";

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

export interface FixtureVariant {
  user: string;
  experiment: string;
  variant: string;
  /** Seconds from the fixture's epoch, as events' t; before every event when not given. */
  assignedAt?: number;
}

// Each fixture database's DuckDB, for a second connection to it (readerOf).
const instances = new WeakMap<DuckDBConnection, DuckDBInstance>();

/** A second connection to a fixture database (as a TypeScript model's openReader gives). */
export async function readerOf(db: DuckDBConnection): Promise<DuckDBConnection> {
  return connect(instances.get(db)!);
}

export async function fixtureDb(events: FixtureEvent[], variants: FixtureVariant[] = []): Promise<DuckDBConnection> {
  const { instance, connection } = await openDatabase();
  instances.set(connection, instance);
  await connection.run(`create table funnel_events (user_id varchar, session_id varchar, event_at timestamp, event_name varchar, page varchar,
    device_category varchar, channel varchar, source_medium varchar, country varchar, first_touch_channel varchar)`);
  if (events.length) {
    const values = events.map((e) =>
      `(${[e.user, e.session ?? `${e.user}-s1`, at(e.t), e.event, e.page ?? null, e.device === undefined ? "desktop" : e.device, e.channel ?? "Direct", "(direct) / (none)", "United Kingdom", "Direct"].map(literal).join(", ")})`,
    );
    await connection.run(`insert into funnel_events values ${values.join(", ")}`);
  }
  // The funnel_sessions and funnel_events marts, keyed and numbered as data-loaders/models/marts/
  // funnel_sessions.ts and funnel_events.ts do: a user's sessions in the order they began (then by
  // id), same-time events in the order of seeds/event_tie_order.csv (50 when not listed), then by
  // name, page and session. Their text stays VARCHAR here, where the build's is ENUM: the readers
  // take both (funnel-chains.test.ts).
  await connection.run(`create or replace table raw_events as select * from funnel_events`);
  await connection.run(`create or replace table funnel_sessions as
    select row_number() over (order by user_id, session_started_at, session_id)::integer as session_key, dense_rank() over (order by user_id)::integer as user_key,
      user_id, session_id, device_category, channel, source_medium, country, first_touch_channel, session_ended_at
    from (select user_id, session_id, min(device_category) as device_category, any_value(channel) as channel, any_value(source_medium) as source_medium, any_value(country) as country,
      any_value(first_touch_channel) as first_touch_channel, min(event_at) as session_started_at, max(event_at) as session_ended_at from raw_events group by all)`);
  await connection.run(`create or replace table funnel_events as
    select s.user_key, row_number() over (partition by s.user_key order by e.event_at, coalesce(t.tie_order, 50), e.event_name, e.page nulls first, s.session_key)::integer as event_seq,
      s.session_key, e.event_at, e.event_name, e.page, e.device_category
    from raw_events as e
    inner join funnel_sessions as s on s.user_id = e.user_id and s.session_id = e.session_id
    left join read_csv(${literal(join(projectRoot, "seeds", "event_tie_order.csv"))}, header = true, columns = {event_name: 'varchar', tie_order: 'integer', note: 'varchar'}) as t
      on t.event_name = e.event_name`);
  await connection.run(`create or replace table funnel_experiment_variants as
    select distinct s.user_key, v.experiment_id, v.variant, cast(v.assigned_at as timestamp) as assigned_at
    from (select * from (values ${variants.length ? variants.map((v) => `(${[v.user, v.experiment, v.variant, at(v.assignedAt ?? -86400)].map(literal).join(", ")})`).join(", ") : "(null, null, null, null)"}) as t(user_id, experiment_id, variant, assigned_at)) as v
    inner join funnel_sessions as s on s.user_id = v.user_id`);
  return connection;
}

export async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await queryRows(connection, sql)).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}

const eventsRead = new WeakMap<DuckDBConnection, Awaited<ReturnType<typeof readFunnelEvents>>>();

/**
 * A funnel's chains as the build and the page find them (src/components/funnel-chains.js, over the
 * events of `db`'s funnel_events and funnel_sessions), written as the temporary table `table` of `db`.
 */
export async function productionChains(db: DuckDBConnection, table: string, funnel: FunnelSpec, options: FunnelOptions): Promise<void> {
  await chainsTable(db, table, funnel, await eventsOf(db), options);
}

/** A funnel's counted attempts as the build and the page count them (funnel-chains.js, countAttempts), written as the temporary table `table` of `db`. */
export async function productionCounted(db: DuckDBConnection, table: string, funnel: FunnelSpec, options: FunnelOptions, chainOptions = options): Promise<void> {
  await countedTable(db, table, funnel, await eventsOf(db), options, chainOptions);
}

async function eventsOf(db: DuckDBConnection) {
  // Read once per database: the tests do not change a database's events after they first read them.
  if (!eventsRead.has(db)) eventsRead.set(db, await readFunnelEvents(db));
  return eventsRead.get(db)!;
}
