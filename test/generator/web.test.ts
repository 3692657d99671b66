// The events file of the default store: purchases tie to invoices, sessions follow the funnel,
// drop-offs follow the planted probabilities, and a regression on the journeys recovers the
// planted channel contributions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestStore, type Store } from "./fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await generateTestStore();
}, 120_000);
afterAll(() => store?.close());

/** The ground truth's source / medium / campaign -> channel table, as SQL. */
function trafficTable(): string {
  const rows = store.truth.channel_contributions.traffic as { channel: string; source: string; medium: string; campaign: string | null }[];
  const text = (v: string | null) => (v === null ? "NULL" : `'${v}'`);
  return `SELECT * FROM (VALUES ${rows.map((t) => `(${text(t.source)}, ${text(t.medium)}, ${text(t.campaign)}, ${text(t.channel)})`).join(", ")}) v(source, medium, campaign, channel)`;
}

describe("events", () => {
  it("has the canonical columns and the ground truth's row count", async () => {
    const columns = await store.query<{ column_name: string }>("DESCRIBE events");
    expect(columns.map((c) => c.column_name)).toEqual(["user_id", "session_id", "event_name", "event_at", "source", "medium", "campaign", "device_category", "country", "transaction_id", "revenue", "page"]);
    const [{ n }] = await store.query("SELECT count(*) AS n FROM events");
    expect(n).toBe(store.truth.files.events.rows);
  });

  it("gives every page_view, view_item, add_to_cart, begin_checkout and purchase a page, and session_start none", async () => {
    const rows = await store.query<{ event_name: string; with_page: number; without_page: number; pages: number }>(`
      SELECT event_name::VARCHAR AS event_name, count(page)::INTEGER AS with_page, count(*) FILTER (page IS NULL)::INTEGER AS without_page, count(DISTINCT page)::INTEGER AS pages
      FROM events GROUP BY 1 ORDER BY 1`);
    const byName = Object.fromEntries(rows.map((r) => [r.event_name, r]));
    expect(byName.session_start.with_page).toBe(0);
    for (const name of ["page_view", "view_item", "add_to_cart", "begin_checkout", "purchase"]) expect(byName[name].without_page, name).toBe(0);
    expect([byName.add_to_cart.pages, byName.begin_checkout.pages, byName.purchase.pages]).toEqual([1, 1, 1]);
    expect(byName.page_view.pages).toBe(7);
    expect(byName.view_item.pages).toBeGreaterThan(100);
  });

  it("ties every purchase to exactly one invoice, with the invoice's total as revenue", async () => {
    const [check] = await store.query(`
      WITH invoices AS (
        SELECT InvoiceNo, any_value(CustomerID) AS customer, min(InvoiceDate) AS invoiced_at, round(sum(Quantity * UnitPrice), 2) AS total
        FROM (SELECT DISTINCT * FROM order_lines)
        WHERE InvoiceNo NOT LIKE 'C%' AND InvoiceNo NOT LIKE 'A%' AND UnitPrice > 0
        GROUP BY InvoiceNo),
      purchases AS (SELECT * FROM events WHERE event_name = 'purchase')
      SELECT
        (SELECT count(*) FROM purchases) AS purchases,
        (SELECT count(*) FROM invoices) AS sale_invoices,
        (SELECT count(DISTINCT transaction_id) FROM purchases) AS distinct_transactions,
        count(*) FILTER (i.InvoiceNo IS NULL) AS without_invoice,
        count(*) FILTER (abs(i.total - p.revenue::DOUBLE) >= 0.005) AS revenue_differs,
        count(*) FILTER (i.customer IS NOT NULL AND p.user_id <> i.customer) AS wrong_customer,
        count(*) FILTER (i.customer IS NULL AND NOT regexp_full_match(p.user_id, 'anon-[0-9]{6,}')) AS guest_not_anonymous,
        count(*) FILTER (date_trunc('minute', p.event_at) <> i.invoiced_at) AS time_differs,
        round(sum(p.revenue::DOUBLE), 2) AS revenue
      FROM purchases p LEFT JOIN invoices i ON i.InvoiceNo = p.transaction_id`);
    expect(check.without_invoice).toBe(0);
    expect(check.revenue_differs).toBe(0);
    expect(check.wrong_customer).toBe(0);
    expect(check.guest_not_anonymous).toBe(0);
    expect(check.time_differs).toBe(0);
    expect(check.distinct_transactions).toBe(check.purchases);
    expect(check.sale_invoices).toBe(check.purchases);
    expect(check.revenue).toBeCloseTo(store.truth.population.sales_revenue, 2);
    const [other] = await store.query("SELECT count(*) FILTER (transaction_id IS NOT NULL OR revenue IS NOT NULL) AS n FROM events WHERE event_name <> 'purchase'");
    expect(other.n).toBe(0);
  });

  it("uses customer ids for customers, from their first visit on", async () => {
    const [check] = await store.query(`
      SELECT
        count(*) FILTER (NOT regexp_full_match(user_id, '[0-9]+|anon-[0-9]{6,}')) AS malformed,
        (SELECT count(*) FROM customers c LEFT JOIN (SELECT user_id, min(event_at) AS first FROM events GROUP BY ALL) e ON e.user_id = c.customer_id
          WHERE e.first IS DISTINCT FROM c.first_seen_at) AS first_seen_differs,
        (SELECT count(DISTINCT user_id) FROM events WHERE NOT starts_with(user_id, 'anon-') AND user_id NOT IN (SELECT customer_id FROM customers)) AS unknown_customers
      FROM events`);
    expect(check).toEqual({ malformed: 0, first_seen_differs: 0, unknown_customers: 0 });
  });

  it("moves through the funnel in order within every session", async () => {
    const [check] = await store.query(`
      WITH s AS (
        SELECT session_id,
          count(*) FILTER (event_name = 'session_start') AS starts,
          count(*) FILTER (event_name = 'page_view') AS page_views,
          count(*) FILTER (event_name = 'view_item') AS item_views,
          count(*) FILTER (event_name = 'add_to_cart') AS adds,
          count(*) FILTER (event_name = 'begin_checkout') AS checkouts,
          count(*) FILTER (event_name = 'purchase') AS purchases,
          min(event_at) FILTER (event_name = 'session_start') = min(event_at) AS starts_first,
          max(event_at) FILTER (event_name = 'begin_checkout') <= max(event_at) FILTER (event_name = 'purchase') AS pays_after_checkout,
          count(DISTINCT user_id) AS users, count(DISTINCT source || medium || coalesce(campaign, '')) AS traffic, count(DISTINCT device_category) AS devices
        FROM events GROUP BY session_id)
      SELECT
        count(*) FILTER (starts <> 1 OR page_views < 1 OR NOT starts_first) AS bad_start,
        count(*) FILTER ((purchases > 0 AND checkouts = 0) OR (checkouts > 0 AND adds = 0) OR (adds > 0 AND item_views = 0)) AS skipped_step,
        count(*) FILTER (purchases > 1 OR checkouts > 1) AS repeated_step,
        count(*) FILTER (purchases > 0 AND NOT pays_after_checkout) AS paid_before_checkout,
        count(*) FILTER (users > 1 OR traffic > 1 OR devices > 1) AS mixed_sessions,
        count(*) AS sessions
      FROM s`);
    expect(check).toMatchObject({ bad_start: 0, skipped_step: 0, repeated_step: 0, paid_before_checkout: 0, mixed_sessions: 0 });
    expect(check.sessions).toBe(store.truth.population.sessions);
  });

  it("drops off by device and channel as planted", async () => {
    const truth = store.truth;
    const rows = await store.query<{ device: string; channel: string; sessions: number; viewed: number; added: number }>(`
      WITH traffic AS (${trafficTable()}),
      s AS (
        SELECT any_value(device_category) AS device, any_value(source) AS source, any_value(medium) AS medium, any_value(campaign) AS campaign,
               bool_or(event_name = 'view_item') AS viewed, bool_or(event_name = 'add_to_cart') AS added
        FROM events GROUP BY session_id HAVING NOT bool_or(event_name = 'purchase'))
      SELECT device, channel, count(*) AS sessions, count(*) FILTER (viewed) AS viewed, count(*) FILTER (added) AS added
      FROM s JOIN traffic t ON t.source = s.source AND t.medium = s.medium AND t.campaign IS NOT DISTINCT FROM s.campaign
      GROUP BY ALL`);
    const funnel = truth.behaviour.funnel;
    let checked = 0;
    for (const r of rows) {
      const planted = Math.min(0.95, funnel.view_item[r.device] * funnel.channel_quality[r.channel]);
      const se = Math.sqrt((planted * (1 - planted)) / r.sessions);
      expect({ cell: `${r.device} ${r.channel}`, off: Math.abs(r.viewed / r.sessions - planted) < 4.5 * se }).toEqual({ cell: `${r.device} ${r.channel}`, off: true });
      checked++;
    }
    expect(checked).toBe(3 * 9);
    const rate = (device: string) => {
      const cells = rows.filter((r) => r.device === device);
      return cells.reduce((s, r) => s + r.added, 0) / cells.reduce((s, r) => s + r.sessions, 0);
    };
    expect(rate("desktop")).toBeGreaterThan(rate("tablet"));
    expect(rate("tablet")).toBeGreaterThan(rate("mobile"));
  });

  it("recovers the planted channel contributions from new visitors' journeys", async () => {
    const truth = store.truth.channel_contributions;
    const channels = Object.keys(truth.beta);
    const lift = store.truth.experiments.find((e: { kind: string }) => e.kind === "lift");
    const journeys = await store.query<Record<string, number>>(`
      WITH traffic AS (${trafficTable()}),
      sessions AS (
        SELECT user_id, session_id, min(event_at) AS started, any_value(device_category) AS device, any_value(channel) AS channel,
               min(event_at) FILTER (event_name = 'purchase') AS purchased_at
        FROM events e JOIN traffic t ON t.source = e.source AND t.medium = e.medium AND t.campaign IS NOT DISTINCT FROM e.campaign
        GROUP BY user_id, session_id),
      first_purchase AS (SELECT user_id, min(purchased_at) AS at FROM sessions GROUP BY user_id),
      journey AS (SELECT s.* FROM sessions s JOIN first_purchase f USING (user_id) WHERE f.at IS NULL OR s.started <= f.at)
      SELECT
        (bool_or(purchased_at IS NOT NULL))::INTEGER AS converted,
        (arg_min(device, started) = 'desktop')::INTEGER AS desktop,
        (arg_min(device, started) = 'tablet')::INTEGER AS tablet,
        (user_id IN (SELECT user_id FROM experiment_assignments WHERE experiment_id = '${lift.id}' AND variant = 'treatment'))::INTEGER AS treated,
        ${channels.map((c, i) => `(bool_or(channel = '${c}'))::INTEGER AS c${i}`).join(", ")}
      FROM journey GROUP BY user_id`);
    expect(journeys.length).toBe(truth.journeys);
    expect(journeys.reduce((s, j) => s + j.converted, 0)).toBe(truth.conversions);

    // Ordinary least squares: the planted model is linear in these indicators.
    const names = ["intercept", "desktop", "tablet", "treated", ...channels.map((_, i) => `c${i}`)];
    const x = (j: Record<string, number>) => [1, j.desktop, j.tablet, j.treated, ...channels.map((_, i) => j[`c${i}`])];
    const { coefficients, standardErrors } = leastSquares(journeys.map(x), journeys.map((j) => j.converted));
    const expected = [truth.device_baseline.mobile, truth.device_baseline.desktop - truth.device_baseline.mobile, truth.device_baseline.tablet - truth.device_baseline.mobile, lift.planted_effect.absolute_lift, ...channels.map((c) => truth.beta[c])];
    names.forEach((name, i) => {
      const z = (coefficients[i] - expected[i]) / standardErrors[i];
      expect({ name, recovered: Math.abs(z) < 4 }).toEqual({ name, recovered: true });
    });
    // The two strongest and the weakest channels are told apart.
    const order = channels.map((c, i) => [c, coefficients[4 + i]] as const).sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(order.at(-1)).toBe("Display");
    expect(order.slice(0, 3)).toContain("Email");
  });
});

/** Least squares by the normal equations (Gauss-Jordan); returns coefficients and their standard errors. */
function leastSquares(rows: number[][], y: number[]): { coefficients: number[]; standardErrors: number[] } {
  const k = rows[0].length;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  rows.forEach((r, n) => {
    for (let i = 0; i < k; i++) {
      xty[i] += r[i] * y[n];
      for (let j = 0; j < k; j++) xtx[i][j] += r[i] * r[j];
    }
  });
  const inverse = invert(xtx);
  const coefficients = inverse.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
  const residual = rows.reduce((s, r, n) => s + (y[n] - r.reduce((t, v, i) => t + v * coefficients[i], 0)) ** 2, 0);
  const sigma2 = residual / (rows.length - k);
  return { coefficients, standardErrors: inverse.map((row, i) => Math.sqrt(sigma2 * row[i])) };
}

function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * n; j++) a[col][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[col][j];
    }
  }
  return a.map((row) => row.slice(n));
}
