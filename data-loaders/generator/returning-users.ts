// Returning users enter an experiment too, as on a real site: everyone with a session in the
// window is assigned at their first session in it, and those who came before the start (earlier
// visitors whose journey runs into the window, buyers coming back) bring a pre-period, which is
// what CUPED adjusts with. Their purchases were drawn without regard to the experiment, so the
// treatment does not change them: the planted lift is a new visitor's, and the average effect over
// the assigned users is diluted by the returning share (ground_truth.json states both).
//
// Runs after the simulation, over the staged events (sessions are written out of time order, so a
// user's first session in the window is only known at the end). Arms come from a stream of their
// own: every other draw of the store, the new visitors' arms included, is what it was before
// returning users were assigned.
import { DAY } from "./calendar.ts";
import { draw, record } from "./experiments.ts";
import { experimentConversionWindowDays } from "./parameters.ts";
import { Random } from "./random.ts";
import { EVENT, EVENT_CODE, EVENTS, unpack } from "./staging.ts";
import { STREAM, type World } from "./world.ts";

type Query = (sql: string) => Promise<Record<string, number>[]>;

export async function assignReturningUsers(world: World, seed: number, query: Query): Promise<void> {
  const event = unpack("code", EVENT_CODE.event);
  const window = experimentConversionWindowDays * DAY;
  for (const run of world.experiments) {
    const random = new Random(seed, STREAM.experiments, run.index);
    // uid, the start and device of their first session in the window (ties: the lower session
    // number), whether they purchase in the conversion window after it, whether they had a session
    // in the window's length before it, and whether they ever purchased before it.
    const users = await query(`
      WITH sessions AS (
        SELECT uid, ts, session, ${unpack("code", EVENT_CODE.device)} AS device FROM ${EVENTS.table} WHERE ${event} = ${EVENT.sessionStart}
      ),
      entered AS (
        SELECT uid, min(ts) AS first_ts,
               min(ts) FILTER (ts >= ${run.startSecond} AND ts < ${run.endSecond}) AS entered_at,
               arg_min(device, ts::BIGINT * 4294967296 + session) FILTER (ts >= ${run.startSecond} AND ts < ${run.endSecond}) AS device
        FROM sessions GROUP BY uid
      ),
      returners AS (SELECT uid, entered_at, device FROM entered WHERE entered_at IS NOT NULL AND first_ts < ${run.startSecond})
      SELECT
        r.uid, r.entered_at, r.device,
        count(e.uid) FILTER (${event} = ${EVENT.purchase} AND e.ts >= r.entered_at AND e.ts < r.entered_at + ${window}) > 0 AS converted,
        count(e.uid) FILTER (e.ts >= r.entered_at - ${window} AND e.ts < r.entered_at) > 0 AS active_before,
        count(e.uid) FILTER (${event} = ${EVENT.purchase} AND e.ts < r.entered_at) > 0 AS purchased_before
      FROM returners r LEFT JOIN ${EVENTS.table} e ON e.uid = r.uid AND e.ts < r.entered_at + ${window}
      GROUP BY r.uid, r.entered_at, r.device
      ORDER BY r.entered_at, r.uid`);
    for (const user of users) {
      const assignment = draw(run, random, user.device, 0);
      if (assignment.logged) world.sinks.assignments.add(run.index, user.uid, assignment.variant, user.entered_at);
      // Their outcome was settled before assignment: its probability is 0 or 1.
      const arm = record(assignment, user.converted, user.converted === 1);
      if (!arm) continue;
      arm.loggedReturning++;
      arm.loggedReturningActiveBefore += user.active_before;
      arm.loggedReturningPurchasedBefore += user.purchased_before;
    }
  }
}
