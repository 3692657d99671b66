// experiment_assignments of the default store, read with events: the arms convert as planted,
// the A/A test shows no difference, and the SRM experiment's split is off as planted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestStore, type Store } from "./fixture.ts";

let store: Store;
let arms: { experiment_id: string; variant: string; users: number; converted: number }[];
beforeAll(async () => {
  store = await generateTestStore();
  arms = await store.query(`
    WITH purchases AS (SELECT user_id, min(event_at) AS first_purchase FROM events WHERE event_name = 'purchase' GROUP BY user_id)
    SELECT experiment_id, variant, count(*) AS users,
           count(*) FILTER (first_purchase >= assigned_at AND first_purchase < assigned_at + INTERVAL 30 DAY) AS converted
    FROM experiment_assignments LEFT JOIN purchases USING (user_id)
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

  it("assigns each user once, at their first visit, inside the window", async () => {
    const [check] = await store.query(`
      WITH first_visit AS (SELECT user_id, min(event_at) AS first FROM events GROUP BY user_id)
      SELECT
        count(*) AS assignments,
        count(*) - count(DISTINCT (experiment_id, user_id)) AS repeated,
        count(*) FILTER (f.first IS DISTINCT FROM a.assigned_at) AS not_at_first_visit
      FROM experiment_assignments a LEFT JOIN first_visit f USING (user_id)`);
    expect(check).toEqual({ assignments: store.truth.files.experiment_assignments.rows, repeated: 0, not_at_first_visit: 0 });
    for (const e of store.truth.experiments) {
      const [w] = await store.query(`SELECT min(assigned_at)::DATE::VARCHAR AS first, max(assigned_at)::DATE::VARCHAR AS last FROM experiment_assignments WHERE experiment_id = '${e.id}'`);
      expect(w.first >= e.window.start && w.last < e.window.end_exclusive).toBe(true);
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
    expect(Math.abs(observed.diff - lift.planted_effect.absolute_lift)).toBeLessThan(4 * observed.se);
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
