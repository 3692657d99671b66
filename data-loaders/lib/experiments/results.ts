// The metric table of every experiment: one row per experiment, metric and variant (the control's
// own row included), with the comparison against control and one correction (Holm by default,
// Benjamini-Hochberg by the var experiment_correction) over every comparison of the experiment:
// all variants on all metrics, the events' metrics and the export's outcome columns, form one family.
// Guardrail outcomes also get a verdict of their own against their harm threshold.
import { momentsFromSums } from "../stats/moments.ts";
import { benjaminiHochberg, holm } from "../stats/multiple.ts";
import { mixingVariance, mixtureSprt, rateDifferenceVariance } from "../stats/sequential.ts";
import { compareMeans, compareProportions, estimateArm, type ArmSummary, type Comparison, type Correction, type Settings } from "./compare.ts";

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

/** A flat export's outcome column as the config defines it (the canonical table experiment_metrics). */
export interface MetricDefinition {
  metric: string;
  label: string;
  kind: "proportion" | "mean";
  role: "primary" | "secondary" | "guardrail";
  harm_threshold: number | null;
  harm_direction: "decrease" | "increase" | null;
  position: number;
}

/**
 * The events' metrics in the order pages list them, before the export's outcomes (in config order).
 * The primary metric a verdict is based on: the outcome declared primary, else the first of these
 * the experiment has, else its first outcome.
 */
export const metricOrder = ["conversion", "revenue_per_user", "return_visit"];
export const primaryMetric = metricOrder[0];
export const correctionNames: Record<Correction, string> = { holm: "Holm", benjamini_hochberg: "Benjamini-Hochberg" };
export const correctionName = correctionNames.holm;
export const guardrailVerdicts = { harm: "harm detected", none: "no harm detected" } as const;

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
  /** primary (the verdict's metric), secondary or guardrail. */
  metric_role: "VARCHAR",
  is_primary: "BOOLEAN",
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
  /** Guardrails: relative change in the harmful direction still taken as no harm, that direction, and the verdict. */
  /** Always-valid (mSPRT) p-value and interval for the absolute lift: safe to read however often the test was watched. */
  sequential_p_value: "DOUBLE",
  sequential_abs_ci_low: "DOUBLE",
  sequential_abs_ci_high: "DOUBLE",
  harm_threshold: "DOUBLE",
  harm_direction: "VARCHAR",
  guardrail_verdict: "VARCHAR",
} as const;

export type ResultRow = { -readonly [K in keyof typeof resultColumns]: string | number | boolean | null };

const emptyArm: ArmSummary = { users: 0, successes: 0, mean: NaN, variance: NaN };

export function buildResults(aggregates: AggregateRow[], variants: VariantRow[], settings: Settings, definitions: MetricDefinition[] = []): ResultRow[] {
  const correction = settings.correction ?? "holm";
  const defined = [...definitions].sort((a, b) => a.position - b.position);
  const rows: ResultRow[] = [];
  for (const experimentId of unique(variants.map((v) => v.experiment_id))) {
    const arms = variants.filter((v) => v.experiment_id === experimentId).sort((a, b) => Number(b.is_control) - Number(a.is_control) || compare(a.variant, b.variant));
    const control = arms.find((a) => a.is_control);
    if (!control) throw new Error(`experiment ${experimentId} has no control variant`);
    const stats = aggregates.filter((a) => a.experiment_id === experimentId);
    const metrics = [...metricOrder, ...defined.map((d) => d.metric)].filter((m) => stats.some((s) => s.metric === m));
    const declaredPrimary = defined.find((d) => d.role === "primary" && metrics.includes(d.metric))?.metric;
    const primary = declaredPrimary ?? metricOrder.find((m) => metrics.includes(m)) ?? metrics[0];
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
      const definition = defined.find((d) => d.metric === metric);
      const role = metric === primary ? "primary" : definition?.role === "guardrail" ? "guardrail" : "secondary";
      for (const arm of arms) {
        const summary = armOf(arm.variant);
        const estimate = estimateArm(summary, kind, settings);
        const comparison = arm.is_control ? null : kind === "proportion" ? compareProportions(controlArm, summary, settings) : compareMeans(controlArm, summary, settings);
        const sequential = arm.is_control ? null : sequentialComparison(kind, controlArm, summary, settings.alpha);
        experimentRows.push({
          comparison,
          row: {
            experiment_id: experimentId,
            display_order: experimentRows.length + 1,
            metric,
            metric_label: definition?.label ?? metricLabels[metric],
            metric_kind: kind,
            metric_role: role,
            is_primary: metric === primary,
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
            sequential_p_value: finite(sequential?.pValue),
            sequential_abs_ci_low: finite(sequential?.low),
            sequential_abs_ci_high: finite(sequential?.high),
            harm_threshold: role === "guardrail" ? definition!.harm_threshold : null,
            harm_direction: role === "guardrail" ? definition!.harm_direction : null,
            guardrail_verdict: role === "guardrail" && comparison ? guardrailVerdict(comparison, definition!) : null,
          },
        });
      }
    }
    const compared = experimentRows.filter((r) => r.comparison);
    const adjust = correction === "benjamini_hochberg" ? benjaminiHochberg : holm;
    const adjusted = adjust(compared.map((r) => r.comparison!.pValue));
    const family = adjusted.filter(Number.isFinite).length;
    compared.forEach(({ row }, i) => {
      row.comparisons = family;
      row.correction = correctionNames[correction];
      row.p_value_adjusted = finite(adjusted[i]);
      row.significant = Number.isFinite(adjusted[i]) ? adjusted[i] < settings.alpha : null;
    });
    rows.push(...experimentRows.map((r) => r.row));
  }
  return rows;
}

/**
 * A guardrail harms when its relative change, turned so that positive is harmful, is larger than
 * the threshold over the whole (uncorrected) interval: harm beyond what the config accepts is
 * established. Uncorrected on purpose: correcting would make a guardrail easier to pass.
 */
export function guardrailVerdict(comparison: Comparison, definition: Pick<MetricDefinition, "harm_threshold" | "harm_direction">): string | null {
  if (!Number.isFinite(comparison.relLow) || !Number.isFinite(comparison.relHigh)) return null;
  const harmLow = definition.harm_direction === "increase" ? comparison.relLow : -comparison.relHigh;
  return harmLow > (definition.harm_threshold ?? 0) ? guardrailVerdicts.harm : guardrailVerdicts.none;
}

/**
 * The mSPRT of one comparison at the final look, its mixing variance tuned to this (final) sample.
 * The variance of the difference is unpooled: p(1 - p) / n per arm for a rate, s^2 / n for a mean.
 */
export function sequentialComparison(kind: "proportion" | "mean", control: ArmSummary, variant: ArmSummary, alpha: number) {
  if (control.users < 2 || variant.users < 2) return null;
  const variance = kind === "proportion"
    ? rateDifferenceVariance(control.successes ?? 0, control.users, variant.successes ?? 0, variant.users)
    : control.variance / control.users + variant.variance / variant.users;
  return mixtureSprt(variant.mean - control.mean, variance, mixingVariance(variance, alpha), alpha);
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
