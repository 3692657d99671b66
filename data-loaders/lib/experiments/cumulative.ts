// Cumulative lift over time: for each day of assignment, the conversion lift of each variant over
// control among the users assigned up to that day, with its Newcombe interval. A picture of how the
// estimate settled, not a stopping rule: the intervals are fixed-sample intervals, and reading them
// day by day until one excludes zero inflates the false-positive rate.
import { newcombeInterval } from "../stats/proportions.ts";
import { mixingVariance, mixtureSprt, rateDifferenceVariance } from "../stats/sequential.ts";
import { compare, finite } from "./results.ts";

export interface DayRow {
  experiment_id: string;
  variant: string;
  /** YYYY-MM-DD */
  assigned_date: string;
  users: number;
  conversions: number;
}

export const cumulativeColumns = {
  experiment_id: "VARCHAR",
  variant: "VARCHAR",
  day: "DATE",
  control_users: "BIGINT",
  control_conversions: "BIGINT",
  users: "BIGINT",
  conversions: "BIGINT",
  control_rate: "DOUBLE",
  rate: "DOUBLE",
  abs_lift: "DOUBLE",
  abs_lift_ci_low: "DOUBLE",
  abs_lift_ci_high: "DOUBLE",
  rel_lift: "DOUBLE",
  /** Always-valid (mSPRT) interval and p-value at this day's look, mixing variance tuned to the final day. */
  sequential_abs_ci_low: "DOUBLE",
  sequential_abs_ci_high: "DOUBLE",
  sequential_p_value: "DOUBLE",
} as const;

export type CumulativeRow = { -readonly [K in keyof typeof cumulativeColumns]: string | number | null };

export function buildCumulative(days: DayRow[], variants: { experiment_id: string; variant: string; is_control: boolean }[], alpha: number): CumulativeRow[] {
  const out: CumulativeRow[] = [];
  for (const experimentId of [...new Set(variants.map((v) => v.experiment_id))]) {
    const arms = variants.filter((v) => v.experiment_id === experimentId);
    const control = arms.find((a) => a.is_control);
    if (!control) continue;
    const rows = days.filter((d) => d.experiment_id === experimentId);
    const dates = [...new Set(rows.map((d) => d.assigned_date))].sort(compare);
    const totals = new Map(arms.map((a) => [a.variant, { users: 0, conversions: 0 }]));
    // The final sample of each arm, where the sequential interval is tuned to be narrowest.
    const finalOf = (variant: string) => rows.filter((d) => d.variant === variant).reduce((t, d) => ({ users: t.users + d.users, conversions: t.conversions + d.conversions }), { users: 0, conversions: 0 });
    const finalControl = finalOf(control.variant);
    for (const date of dates) {
      for (const row of rows.filter((d) => d.assigned_date === date)) {
        const total = totals.get(row.variant);
        if (!total) continue;
        total.users += row.users;
        total.conversions += row.conversions;
      }
      const c = totals.get(control.variant)!;
      for (const arm of arms.filter((a) => !a.is_control).sort((a, b) => compare(a.variant, b.variant))) {
        const v = totals.get(arm.variant)!;
        const [low, high] = newcombeInterval(c.conversions, c.users, v.conversions, v.users, 1 - alpha);
        const finalVariant = finalOf(arm.variant);
        const tau2 = mixingVariance(rateDifferenceVariance(finalControl.conversions, finalControl.users, finalVariant.conversions, finalVariant.users), alpha);
        const sequential = c.users > 0 && v.users > 0 ? mixtureSprt(v.conversions / v.users - c.conversions / c.users, rateDifferenceVariance(c.conversions, c.users, v.conversions, v.users), tau2, alpha) : null;
        const controlRate = c.users ? c.conversions / c.users : NaN;
        const rate = v.users ? v.conversions / v.users : NaN;
        out.push({
          experiment_id: experimentId,
          variant: arm.variant,
          day: date,
          control_users: c.users,
          control_conversions: c.conversions,
          users: v.users,
          conversions: v.conversions,
          control_rate: finite(controlRate),
          rate: finite(rate),
          abs_lift: finite(rate - controlRate),
          abs_lift_ci_low: finite(low),
          abs_lift_ci_high: finite(high),
          rel_lift: finite(rate / controlRate - 1),
          sequential_abs_ci_low: finite(sequential?.low),
          sequential_abs_ci_high: finite(sequential?.high),
          sequential_p_value: finite(sequential?.pValue),
        });
      }
    }
  }
  return out;
}
