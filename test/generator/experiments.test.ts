// experiment_assignments of the default store, read with events: every user with a session in an
// experiment's window is assigned at their first session in it (new visitors and returning users),
// the arms convert as planted, the A/A test shows no difference, and the SRM experiment's split is
// off as planted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestStore, type Store } from "./fixture.ts";

let store: Store;
let arms: { experiment_id: string; variant: string; users: number; converted: number }[];
beforeAll(async () => {
  store = await generateTestStore();
  // Converted: any purchase in the 30 days from assignment (a returning user's may not be their first).
  arms = await store.query(`
    WITH converted AS (
      SELECT DISTINCT a.experiment_id, a.user_id
      FROM experiment_assignments a JOIN events e ON e.user_id = a.user_id AND e.event_name = 'purchase'
        AND e.event_at >= a.assigned_at AND e.event_at < a.assigned_at + INTERVAL 30 DAY
    )
    SELECT experiment_id, variant, count(*) AS users, count(c.user_id) AS converted
    FROM experiment_assignments LEFT JOIN converted c USING (experiment_id, user_id)
    GROUP BY ALL ORDER BY ALL`);
}, 120_000);
afterAll(() => store?.close());

const experiment = (kind: string) => store.truth.experiments.find((e: { kind: string }) => e.kind === kind);
const arm = (id: string, variant: string) => arms.find((a) => a.experiment_id === id && a.variant === variant)!;

/** Difference of conversion rates (treatment - control) and its standard error. */
function difference(id: string) {
  const c = arm(id, "control");
  const t = arm(id, "treatment");
  const pc = c.converted / c.users;
  const pt = t.converted / t.users;
  return { diff: pt - pc, se: Math.sqrt((pc * (1 - pc)) / c.users + (pt * (1 - pt)) / t.users) };
}

describe("experiments", () => {
  it("has at least three experiments: a real lift, an A/A test and a sample-ratio mismatch", () => {
    expect(store.truth.experiments.map((e: { kind: string }) => e.kind).sort()).toEqual(["aa", "lift", "srm"]);
    expect(experiment("aa").is_aa).toBe(true);
    expect(experiment("srm").has_srm).toBe(true);
    expect(experiment("lift").planted_effect.absolute_lift).toBeGreaterThan(0);
  });

  it("assigns every user with a session in the window once, at their first session in it, returning users included", async () => {
    const [check] = await store.query(`
      SELECT
        count(*) AS assignments,
        count(*) - count(DISTINCT (experiment_id, user_id)) AS repeated
      FROM experiment_assignments`);
    expect(check).toEqual({ assignments: store.truth.files.experiment_assignments.rows, repeated: 0 });
    for (const e of store.truth.experiments) {
      expect(e.eligibility.start).toBe(e.window.start);
      const start = `TIMESTAMP '${e.window.start}'`;
      const end = `TIMESTAMP '${e.window.end_exclusive}'`;
      // Every session_start in the window: the first per user, and whether the user had one before.
      const [w] = await store.query(`
        WITH sessions AS (SELECT user_id, event_at FROM events WHERE event_name = 'session_start'),
        eligible AS (
          SELECT user_id, min(event_at) FILTER (event_at >= ${start} AND event_at < ${end}) AS first_in_window,
                 bool_or(event_at < ${start}) AS returning
          FROM sessions GROUP BY user_id HAVING first_in_window IS NOT NULL
        ),
        logged AS (SELECT user_id, assigned_at FROM experiment_assignments WHERE experiment_id = '${e.id}')
        SELECT
          count(*) FILTER (l.user_id IS NOT NULL) AS logged,
          count(*) FILTER (l.user_id IS NOT NULL AND l.assigned_at IS DISTINCT FROM g.first_in_window) AS not_at_first_session,
          count(*) FILTER (l.user_id IS NOT NULL AND g.returning) AS returning,
          count(*) FILTER (l.user_id IS NULL) AS not_logged,
          (SELECT count(*) FROM logged WHERE user_id NOT IN (SELECT user_id FROM eligible)) AS ineligible
        FROM eligible g LEFT JOIN logged l USING (user_id)`);
      const unlogged = e.arms.control.unlogged_users + e.arms.treatment.unlogged_users;
      expect({ id: e.id, ...w }).toEqual({
        id: e.id,
        logged: e.arms.control.logged_users + e.arms.treatment.logged_users,
        not_at_first_session: 0,
        returning: e.arms.control.returning_users + e.arms.treatment.returning_users,
        not_logged: unlogged,
        ineligible: 0,
      });
      expect(w.returning).toBeGreaterThan(0);
    }
  });

  it("gives returning users a pre-period: sessions and purchases before assignment", async () => {
    for (const e of store.truth.experiments) {
      const [pre] = await store.query(`
        WITH firsts AS (SELECT user_id, min(event_at) AS first_seen FROM events GROUP BY user_id),
        returners AS (
          SELECT a.user_id, a.assigned_at FROM experiment_assignments a JOIN firsts f USING (user_id)
          WHERE a.experiment_id = '${e.id}' AND f.first_seen < a.assigned_at
        )
        SELECT
          count(DISTINCT r.user_id) FILTER (e.event_at >= r.assigned_at - INTERVAL 30 DAY) AS active_before,
          count(DISTINCT r.user_id) FILTER (e.event_name = 'purchase') AS purchased_before
        FROM returners r JOIN events e ON e.user_id = r.user_id AND e.event_at < r.assigned_at`);
      const planted = (k: string) => e.arms.control[k] + e.arms.treatment[k];
      expect({ id: e.id, ...pre }).toEqual({ id: e.id, active_before: planted("returning_users_active_before"), purchased_before: planted("returning_users_purchased_before") });
      expect(pre.purchased_before).toBeGreaterThan(0);
    }
  });

  it("counts the same users and converters as the ground truth", () => {
    for (const e of store.truth.experiments) {
      for (const variant of ["control", "treatment"]) {
        const a = arm(e.id, variant);
        expect({ id: e.id, variant, users: a.users, converted: a.converted }).toEqual({
          id: e.id,
          variant,
          users: e.arms[variant].logged_users,
          converted: e.arms[variant].converted_users,
        });
      }
    }
  });

  it("shows the planted lift, and no difference in the A/A test", () => {
    const lift = experiment("lift");
    const observed = difference(lift.id);
    // Returning users' purchases are not changed by the treatment: the average effect is the new visitors' lift times their share.
    const newVisitors = lift.arms.control.new_visitors + lift.arms.treatment.new_visitors;
    const logged = lift.arms.control.logged_users + lift.arms.treatment.logged_users;
    expect(lift.planted_effect.average_absolute_lift).toBeCloseTo((lift.planted_effect.absolute_lift * newVisitors) / logged, 6);
    expect(Math.abs(observed.diff - lift.planted_effect.average_absolute_lift)).toBeLessThan(4 * observed.se);
    expect(observed.diff / observed.se).toBeGreaterThan(2);
    const aa = difference(experiment("aa").id);
    expect(Math.abs(aa.diff)).toBeLessThan(4 * aa.se);
    for (const e of store.truth.experiments) {
      for (const variant of ["control", "treatment"]) {
        const a = arm(e.id, variant);
        const expected = e.arms[variant].expected_rate;
        expect(Math.abs(a.converted / a.users - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / a.users));
      }
    }
  });

  it("splits 50/50 except where the SRM was planted", () => {
    for (const e of store.truth.experiments) {
      const t = arm(e.id, "treatment").users;
      const n = t + arm(e.id, "control").users;
      const z = (t - n * e.planted_allocation.treatment) / Math.sqrt(n * e.planted_allocation.treatment * e.planted_allocation.control);
      const expectedShare = e.split.expected_logged.treatment;
      expect(Math.abs(t / n - expectedShare)).toBeLessThan(4 * Math.sqrt((expectedShare * (1 - expectedShare)) / n));
      expect(e.split.actual.treatment).toBeCloseTo(t / n, 6);
      if (e.has_srm) expect(z).toBeLessThan(-4);
      else expect(Math.abs(z)).toBeLessThan(4);
    }
  });
});
