// The metric table of every experiment: one row per experiment, metric and variant (the control's
// own row included), with the comparison against control and Holm's correction over every
// comparison of the experiment (all variants on all metrics form one family).
import { momentsFromSums } from "../stats/moments.ts";
import { holm } from "../stats/multiple.ts";
import { compareMeans, compareProportions, estimateArm, type ArmSummary, type Comparison, type Settings } from "./compare.ts";

export interface AggregateRow {
  experiment_id: string;
  variant: string;
  metric: string;
  metric_kind: "proportion" | "mean";
  users: number;
  successes: number | null;
  /** Exact sums of the per-user values, as decimal text (see momentsFromSums). */
  value_sum: string;
  value_sum_of_squares: string;
}

export interface VariantRow {
  experiment_id: string;
  variant: string;
  is_control: boolean;
}

/** Metrics in the order pages list them; the first is the primary metric a verdict is based on. */
export const metricOrder = ["conversion", "revenue_per_user", "return_visit"];
export const primaryMetric = metricOrder[0];
export const correctionName = "Holm";

/** What each metric measures, in the words pages use. */
export const metricLabels: Record<string, string> = {
  conversion: "conversion",
  revenue_per_user: "revenue per user",
  return_visit: "return visit",
};

export const resultColumns = {
  experiment_id: "VARCHAR",
  /** Metrics in metricOrder, the control first within each: the order pages list rows in. */
  display_order: "INTEGER",
  metric: "VARCHAR",
  metric_label: "VARCHAR",
  metric_kind: "VARCHAR",
  variant: "VARCHAR",
  is_control: "BOOLEAN",
  control_variant: "VARCHAR",
  users: "BIGINT",
  successes: "BIGINT",
  value: "DOUBLE",
  sd: "DOUBLE",
  value_ci_low: "DOUBLE",
  value_ci_high: "DOUBLE",
  value_interval_method: "VARCHAR",
  posterior_ci_low: "DOUBLE",
  posterior_ci_high: "DOUBLE",
  abs_lift: "DOUBLE",
  abs_lift_ci_low: "DOUBLE",
  abs_lift_ci_high: "DOUBLE",
  abs_interval_method: "VARCHAR",
  rel_lift: "DOUBLE",
  rel_lift_ci_low: "DOUBLE",
  rel_lift_ci_high: "DOUBLE",
  rel_interval_method: "VARCHAR",
  test: "VARCHAR",
  statistic: "DOUBLE",
  df: "DOUBLE",
  p_value: "DOUBLE",
  z_statistic: "DOUBLE",
  z_p_value: "DOUBLE",
  chi_square: "DOUBLE",
  chi_square_p_value: "DOUBLE",
  fisher_p_value: "DOUBLE",
  min_expected_count: "DOUBLE",
  t_statistic: "DOUBLE",
  t_df: "DOUBLE",
  t_p_value: "DOUBLE",
  comparisons: "INTEGER",
  correction: "VARCHAR",
  p_value_adjusted: "DOUBLE",
  significant: "BOOLEAN",
  chance_to_beat_control: "DOUBLE",
  expected_loss_if_shipped: "DOUBLE",
  expected_loss_if_kept: "DOUBLE",
  mde_abs: "DOUBLE",
  mde_rel: "DOUBLE",
  alpha: "DOUBLE",
  power: "DOUBLE",
  warning: "VARCHAR",
} as const;

export type ResultRow = { -readonly [K in keyof typeof resultColumns]: string | number | boolean | null };

const emptyArm: ArmSummary = { users: 0, successes: 0, mean: NaN, variance: NaN };

export function buildResults(aggregates: AggregateRow[], variants: VariantRow[], settings: Settings): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const experimentId of unique(variants.map((v) => v.experiment_id))) {
    const arms = variants.filter((v) => v.experiment_id === experimentId).sort((a, b) => Number(b.is_control) - Number(a.is_control) || compare(a.variant, b.variant));
    const control = arms.find((a) => a.is_control);
    if (!control) throw new Error(`experiment ${experimentId} has no control variant`);
    const stats = aggregates.filter((a) => a.experiment_id === experimentId);
    const metrics = metricOrder.filter((m) => stats.some((s) => s.metric === m));
    const experimentRows: { row: ResultRow; comparison: Comparison | null }[] = [];
    for (const metric of metrics) {
      const kind = stats.find((s) => s.metric === metric)!.metric_kind;
      const armOf = (variant: string): ArmSummary => {
        const s = stats.find((x) => x.metric === metric && x.variant === variant);
        if (!s) return { ...emptyArm, successes: kind === "proportion" ? 0 : null };
        const { mean, variance } = momentsFromSums(s.users, s.value_sum, s.value_sum_of_squares);
        return { users: s.users, successes: s.successes, mean, variance };
      };
      const controlArm = armOf(control.variant);
      for (const arm of arms) {
        const summary = armOf(arm.variant);
        const estimate = estimateArm(summary, kind, settings);
        const comparison = arm.is_control ? null : kind === "proportion" ? compareProportions(controlArm, summary, settings) : compareMeans(controlArm, summary, settings);
        experimentRows.push({
          comparison,
          row: {
            experiment_id: experimentId,
            display_order: experimentRows.length + 1,
            metric,
            metric_label: metricLabels[metric],
            metric_kind: kind,
            variant: arm.variant,
            is_control: arm.is_control,
            control_variant: control.variant,
            users: summary.users,
            successes: summary.successes,
            value: finite(estimate.value),
            sd: finite(estimate.sd),
            value_ci_low: finite(estimate.valueLow),
            value_ci_high: finite(estimate.valueHigh),
            value_interval_method: estimate.valueMethod,
            posterior_ci_low: finite(estimate.posteriorLow),
            posterior_ci_high: finite(estimate.posteriorHigh),
            abs_lift: finite(comparison?.absLift),
            abs_lift_ci_low: finite(comparison?.absLow),
            abs_lift_ci_high: finite(comparison?.absHigh),
            abs_interval_method: comparison?.absMethod ?? null,
            rel_lift: finite(comparison?.relLift),
            rel_lift_ci_low: finite(comparison?.relLow),
            rel_lift_ci_high: finite(comparison?.relHigh),
            rel_interval_method: comparison?.relMethod ?? null,
            test: comparison?.test ?? null,
            statistic: finite(comparison?.statistic),
            df: finite(comparison?.df),
            p_value: finite(comparison?.pValue),
            z_statistic: finite(comparison?.z),
            z_p_value: finite(comparison?.zP),
            chi_square: finite(comparison?.chiSquare),
            chi_square_p_value: finite(comparison?.chiSquareP),
            fisher_p_value: finite(comparison?.fisherP),
            min_expected_count: finite(comparison?.minExpected),
            t_statistic: finite(comparison?.t),
            t_df: finite(comparison?.tDf),
            t_p_value: finite(comparison?.tP),
            comparisons: null,
            correction: null,
            p_value_adjusted: null,
            significant: null,
            chance_to_beat_control: finite(comparison?.chanceToBeat),
            expected_loss_if_shipped: finite(comparison?.lossIfShipped),
            expected_loss_if_kept: finite(comparison?.lossIfKept),
            mde_abs: finite(comparison?.mdeAbs),
            mde_rel: finite(comparison?.mdeRel),
            alpha: settings.alpha,
            power: settings.power,
            warning: comparison?.warnings.length ? comparison.warnings.join("; ") : null,
          },
        });
      }
    }
    const compared = experimentRows.filter((r) => r.comparison);
    const adjusted = holm(compared.map((r) => r.comparison!.pValue));
    const family = adjusted.filter(Number.isFinite).length;
    compared.forEach(({ row }, i) => {
      row.comparisons = family;
      row.correction = correctionName;
      row.p_value_adjusted = finite(adjusted[i]);
      row.significant = Number.isFinite(adjusted[i]) ? adjusted[i] < settings.alpha : null;
    });
    rows.push(...experimentRows.map((r) => r.row));
  }
  return rows;
}

/** NaN, infinities and absent values are stored as null: "not defined", never a number. */
export function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Code-point order, so that the result does not depend on the builder's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
