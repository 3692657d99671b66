// The CUPED table: for every experiment, metric and variant compared with control, the lift and
// its interval without and with the pre-period covariate, from the same users and the same
// (Welch t) method, so that the two differ only by the adjustment. Metrics without a pre-period
// (a flat export's outcomes) and experiments whose users had no activity before assignment get a
// row that says why CUPED is off, rather than no row.
import { cupedFit, type CovariateArm } from "../stats/cuped.ts";
import { relativeMeanLiftInterval, welchTTest, type MeanSummary } from "../stats/means.ts";
import { covarianceFromSums, momentsFromSums } from "../stats/moments.ts";
import type { Settings } from "./compare.ts";
import { compare, finite, type ResultRow } from "./results.ts";

export interface CupedAggregateRow {
  experiment_id: string;
  variant: string;
  metric: string;
  users: number;
  y_sum: string;
  y_sum_of_squares: string;
  x_sum: string;
  x_sum_of_squares: string;
  xy_sum: string;
  users_with_pre_period: number;
}

export const cupedStatuses = {
  applied: "applied",
  noPrePeriod: "off: no pre-period data",
  noVariation: "off: no analysed user was active before assignment",
} as const;

export const cupedColumns = {
  experiment_id: "VARCHAR",
  display_order: "INTEGER",
  metric: "VARCHAR",
  metric_label: "VARCHAR",
  metric_kind: "VARCHAR",
  variant: "VARCHAR",
  control_variant: "VARCHAR",
  /** applied, or off with the reason. */
  cuped_status: "VARCHAR",
  /** Why it is off, in a sentence for the page; null when applied. */
  cuped_note: "VARCHAR",
  users: "BIGINT",
  control_users: "BIGINT",
  users_with_pre_period: "BIGINT",
  theta: "DOUBLE",
  covariate_mean: "DOUBLE",
  variance_reduction: "DOUBLE",
  control_mean: "DOUBLE",
  variant_mean: "DOUBLE",
  adjusted_control_mean: "DOUBLE",
  adjusted_variant_mean: "DOUBLE",
  abs_lift: "DOUBLE",
  abs_lift_ci_low: "DOUBLE",
  abs_lift_ci_high: "DOUBLE",
  rel_lift: "DOUBLE",
  rel_lift_ci_low: "DOUBLE",
  rel_lift_ci_high: "DOUBLE",
  p_value: "DOUBLE",
  adjusted_abs_lift: "DOUBLE",
  adjusted_abs_lift_ci_low: "DOUBLE",
  adjusted_abs_lift_ci_high: "DOUBLE",
  adjusted_rel_lift: "DOUBLE",
  adjusted_rel_lift_ci_low: "DOUBLE",
  adjusted_rel_lift_ci_high: "DOUBLE",
  adjusted_p_value: "DOUBLE",
  /** Adjusted interval width over the unadjusted one (below 1: narrower). */
  interval_width_ratio: "DOUBLE",
} as const;

export type CupedRow = { -readonly [K in keyof typeof cupedColumns]: string | number | boolean | null };

export function covariateArm(row: CupedAggregateRow): CovariateArm {
  const y = momentsFromSums(row.users, row.y_sum, row.y_sum_of_squares);
  const x = momentsFromSums(row.users, row.x_sum, row.x_sum_of_squares);
  return { n: row.users, meanY: y.mean, meanX: x.mean, varianceY: y.variance, varianceX: x.variance, covarianceXY: covarianceFromSums(row.users, row.x_sum, row.y_sum, row.xy_sum) };
}

/** One row per compared variant of each metric in experiment_results, in its display order. */
export function buildCuped(results: ResultRow[], aggregates: CupedAggregateRow[], settings: Settings): CupedRow[] {
  const confidence = 1 - settings.alpha;
  const rows: CupedRow[] = [];
  const compared = results.filter((r) => !r.is_control).sort((a, b) => compare(String(a.experiment_id), String(b.experiment_id)) || Number(a.display_order) - Number(b.display_order));
  for (const result of compared) {
    const own = aggregates.filter((a) => a.experiment_id === result.experiment_id && a.metric === result.metric).sort((a, b) => compare(a.variant, b.variant));
    const control = own.find((a) => a.variant === result.control_variant);
    const variant = own.find((a) => a.variant === result.variant);
    const base = {
      experiment_id: result.experiment_id,
      display_order: result.display_order,
      metric: result.metric,
      metric_label: result.metric_label,
      metric_kind: result.metric_kind,
      variant: result.variant,
      control_variant: result.control_variant,
    };
    if (!control || !variant) {
      rows.push(offRow(base, cupedStatuses.noPrePeriod, "its values come from a flat export, which has no record of the users before assignment"));
      continue;
    }
    // theta pooled over every arm of the experiment, as the fit y ~ 1 + arms + x would have it.
    const fit = cupedFit(own.map(covariateArm));
    const c = covariateArm(control);
    const v = covariateArm(variant);
    const withPre = own.reduce((sum, a) => sum + a.users_with_pre_period, 0);
    const raw = lift({ n: c.n, mean: c.meanY, variance: c.varianceY }, { n: v.n, mean: v.meanY, variance: v.varianceY }, confidence);
    if (!Number.isFinite(fit.theta)) {
      rows.push({
        ...offRow(base, cupedStatuses.noVariation, withPre === 0 ? "none of its analysed users did anything in the pre-period window (new visitors, say), so there is nothing to adjust with" : "the pre-period value is the same for every analysed user, so there is nothing to adjust with"),
        users: v.n, control_users: c.n, users_with_pre_period: withPre, control_mean: c.meanY, variant_mean: v.meanY,
        abs_lift: finite(raw.abs), abs_lift_ci_low: finite(raw.absLow), abs_lift_ci_high: finite(raw.absHigh),
        rel_lift: finite(raw.rel), rel_lift_ci_low: finite(raw.relLow), rel_lift_ci_high: finite(raw.relHigh), p_value: finite(raw.p),
      });
      continue;
    }
    const adjustedControl = fit.adjusted[own.indexOf(control)];
    const adjustedVariant = fit.adjusted[own.indexOf(variant)];
    const adj = lift(adjustedControl, adjustedVariant, confidence);
    rows.push({
      ...base,
      cuped_status: cupedStatuses.applied,
      cuped_note: null,
      users: v.n,
      control_users: c.n,
      users_with_pre_period: withPre,
      theta: fit.theta,
      covariate_mean: fit.meanX,
      variance_reduction: finite(fit.varianceReduction),
      control_mean: c.meanY,
      variant_mean: v.meanY,
      adjusted_control_mean: adjustedControl.mean,
      adjusted_variant_mean: adjustedVariant.mean,
      abs_lift: finite(raw.abs),
      abs_lift_ci_low: finite(raw.absLow),
      abs_lift_ci_high: finite(raw.absHigh),
      rel_lift: finite(raw.rel),
      rel_lift_ci_low: finite(raw.relLow),
      rel_lift_ci_high: finite(raw.relHigh),
      p_value: finite(raw.p),
      adjusted_abs_lift: finite(adj.abs),
      adjusted_abs_lift_ci_low: finite(adj.absLow),
      adjusted_abs_lift_ci_high: finite(adj.absHigh),
      adjusted_rel_lift: finite(adj.rel),
      adjusted_rel_lift_ci_low: finite(adj.relLow),
      adjusted_rel_lift_ci_high: finite(adj.relHigh),
      adjusted_p_value: finite(adj.p),
      interval_width_ratio: finite((adj.absHigh - adj.absLow) / (raw.absHigh - raw.absLow)),
    });
  }
  return rows;
}

/** Welch t for the difference, log-ratio delta method for the relative lift: the metric table's methods for a mean. */
function lift(control: MeanSummary, variant: MeanSummary, confidence: number) {
  const welch = welchTTest(control, variant, confidence);
  const [relLow, relHigh] = relativeMeanLiftInterval(control, variant, confidence);
  return { abs: welch.difference, absLow: welch.interval[0], absHigh: welch.interval[1], p: welch.pValue, rel: variant.mean / control.mean - 1, relLow, relHigh };
}

function offRow(base: Partial<CupedRow>, status: string, note: string): CupedRow {
  const row = Object.fromEntries(Object.keys(cupedColumns).map((k) => [k, null])) as CupedRow;
  return { ...row, ...base, cuped_status: status, cuped_note: note };
}
