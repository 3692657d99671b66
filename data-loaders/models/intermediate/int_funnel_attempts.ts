// One row per funnel and counted attempt (by default each unit's best attempt): how far it got, the
// time of each step, whether its window is still open, its value of each of the funnel's
// breakdown properties at the attribution step, and for an attempt that stopped before the last
// step the names of its last event in the window and of its next event after that step
// (funnel_dropoffs counts them). Each start's steps are found and the attempts cut at the window
// and counted in JavaScript (src/components/funnel-chains.js, over the events read once, a batch of
// users at a time, in a worker thread beside the reading: lib/funnels/chains.ts), then their session
// and variant values read with the shared SQL (src/components/funnel-sql.js, attemptsFromCountedSql),
// as the funnels page does; the funnel marts aggregate these rows. Units are by integer key
// (user_key, session_key; their ids are in funnel_sessions): the marts join on those, and the text
// ids would cost a join per funnel here.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { attemptsFromCountedSql, breakdownProperties, sessionProperties } from "../../../src/components/funnel-sql.js";
import { columnValuesSql, distinctValues, enumType } from "../../lib/enum-columns.ts";
import { maxSteps } from "../../lib/funnels/definitions.ts";
import { funnelFiles, loadFunnels, optionsOf } from "../../lib/funnels/marts.ts";
import { codedTable, countedTablesInBatches, funnelBatchEvents } from "../../lib/funnels/chains.ts";
import { literal, memoryBytes, memoryLimit } from "../../pipeline/duckdb.ts";

const stepColumns = Array.from({ length: maxSteps }, (_, i) => `at_${i + 1}`);

const model: TsModel = {
  description: "Counted funnel attempts, one row per funnel and unit (or attempt).",
  dependsOn: ["funnel_events", "funnel_sessions"],
  files: funnelFiles,
  columns: {
    funnel: "ENUM", user_key: "INTEGER", session_key: "INTEGER", reached: "INTEGER", last_seq: "INTEGER",
    ...Object.fromEntries(stepColumns.map((c) => [c, "TIMESTAMP"])),
    value: "VARCHAR",
    ...Object.fromEntries(breakdownProperties.map((b) => [`by_${b}`, "ENUM"])),
    still_in_window: "BOOLEAN",
    last_event: "ENUM", next_event: "ENUM",
  },
  async sql({ query, connection, openReader, sortedBy }) {
    const funnels = await loadFunnels(query);
    if (!funnels.length) return "";
    // Each breakdown value as an ENUM of the property's values and "(none)", one type in every
    // funnel's rows (a union of an ENUM with text would be text): at 5M order lines the by_* columns
    // were about 0.8 s of this model's 2 s write as text; its final query and write took 1.26-1.41 s
    // with them as ENUMs against 1.72-1.79 s as text (four alternated runs in one process). The values
    // are read from the columns' ENUM types, without a scan (0.04 s against 0.19 s).
    // In DuckDB's text order, so an ENUM sorts as its text does; the marts declare their values VARCHAR.
    const valueTypes: Record<string, string> = {};
    for (const b of breakdownProperties) {
      const source = sessionProperties.includes(b) ? "funnel_sessions" : "funnel_events";
      valueTypes[b] = enumType(await distinctValues(query, `${await columnValuesSql(query, source, b)} union all select '(none)'`));
    }
    const plans = funnels.map((f, i) => {
      // Only the funnel's own breakdowns are read (funnel_steps); the others stay null rather than
      // be looked up for every attempt (Session to cart's 1.75M at 5M order lines).
      const own = breakdownProperties.filter((b) => f.breakdowns.includes(b));
      return { funnel: f, own, options: { ...optionsOf(f), breakdowns: own, textIds: false, dropoffs: "events" as const, valueTypes }, table: `funnel_counted_${i + 1}` };
    });
    // Batch by batch of users, so the events held in JavaScript do not grow with the store; in
    // funnel_events' stored order when it is stored sorted (sorted_by in funnels.yml), without a sort.
    await countedTablesInBatches(connection, await openReader(), plans, funnelBatchEvents(memoryBytes(memoryLimit().limit)!), sortedBy?.("funnel_events"));
    // Text written as ENUMs where it comes as codes, since writing text costs (at 5M order lines, 2.7M
    // attempts: this query and its write 2.44 -> 2.07 s): the funnel's name, one type for all funnels,
    // and the drops' event names, read from the counted table's codes (codedTable) rather than its
    // view's text. Those are of one type in every funnel's table (the events' one dictionary), so the
    // union keeps them; a dictionary too large to code comes as text, which the column also takes.
    // The marts declare these columns VARCHAR, so their types do not change.
    const funnelType = `enum(${funnels.map((f) => literal(f.name)).join(", ")})`;
    const parts = plans.map(({ funnel: f, own, options, table }) => {
      const padding = stepColumns.slice(f.steps.length).map((c) => `, cast(null as timestamp) as ${c}`).join("");
      const unread = breakdownProperties.filter((b) => !own.includes(b)).map((b) => `, cast(null as ${valueTypes[b]}) as by_${b}`).join("");
      return `select cast(${literal(f.name)} as ${funnelType}) as funnel, * exclude (unit_id, user_id, session_id, still_in_window)${padding}${unread}, still_in_window
          from (${attemptsFromCountedSql(f, codedTable(table), options)})`;
    });
    return parts.join("\nunion all by name\n");
  },
};

export default model;
