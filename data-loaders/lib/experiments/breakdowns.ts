// Breakdowns: every metric's comparison again within each slice of device, country and channel,
// and the sample-ratio check per slice. Exploratory: with dozens of slices some differ by chance,
// so the slices' p-values are corrected together by Benjamini-Hochberg (one family per experiment
// and metric, over every slice of every dimension and every variant), and pages say so.
import { momentsFromSums } from "../stats/moments.ts";
import { benjaminiHochberg } from "../stats/multiple.ts";
import { sampleRatioMismatch, srmStatus } from "../stats/srm.ts";
import { compareMeans, compareProportions, type ArmSummary, type Settings } from "./compare.ts";
import { compare, finite, metricLabels, metricOrder, type AggregateRow } from "./results.ts";
import type { AllocationRow } from "./summary.ts";

export const dimensions = ["device", "country", "channel"] as const;
/** The slice of users without the property: shown, never dropped. */
export const noneSlice = "(none)";

/** A variant's metric aggregates (results.ts) within one slice of one dimension. */
export interface SliceAggregateRow extends AggregateRow {
  dimension: string;
  slice: string;
}

export interface SliceUsersRow {
  experiment_id: string;
  dimension: string;
  slice: string;
  variant: string;
  users: number;
}

/** A variant and its planned share, as the allocation check reads them (summary.ts). */
export type PlannedVariantRow = Pick<AllocationRow, "experiment_id" | "variant" | "is_control" | "planned_share">;

export const breakdownColumns = {
  experiment_id: "VARCHAR",
  metric: "VARCHAR",
  metric_label: "VARCHAR",
  metric_kind: "VARCHAR",
  dimension: "VARCHAR",
  slice: "VARCHAR",
  variant: "VARCHAR",
  control_variant: "VARCHAR",
  control_users: "BIGINT",
  users: "BIGINT",
  control_value: "DOUBLE",
  value: "DOUBLE",
  abs_lift: "DOUBLE",
  abs_lift_ci_low: "DOUBLE",
  abs_lift_ci_high: "DOUBLE",
  rel_lift: "DOUBLE",
  rel_lift_ci_low: "DOUBLE",
  rel_lift_ci_high: "DOUBLE",
  test: "VARCHAR",
  p_value: "DOUBLE",
  /** Slice comparisons in the Benjamini-Hochberg family (this experiment and metric). */
  comparisons: "INTEGER",
  p_value_adjusted: "DOUBLE",
  significant: "BOOLEAN",
  warning: "VARCHAR",
} as const;

export type BreakdownRow = { -readonly [K in keyof typeof breakdownColumns]: string | number | boolean | null };

export const sliceSrmColumns = {
  experiment_id: "VARCHAR",
  dimension: "VARCHAR",
  slice: "VARCHAR",
  variant: "VARCHAR",
  is_control: "BOOLEAN",
  users: "BIGINT",
  slice_users: "BIGINT",
  observed_share: "DOUBLE",
  planned_share: "DOUBLE",
  chi_square: "DOUBLE",
  df: "INTEGER",
  p_value: "DOUBLE",
  /** Benjamini-Hochberg over every slice of every dimension of the experiment. */
  slices_tested: "INTEGER",
  p_value_adjusted: "DOUBLE",
  srm_status: "VARCHAR",
} as const;

export type SliceSrmRow = { -readonly [K in keyof typeof sliceSrmColumns]: string | number | boolean | null };

const sortSlices = <T extends { dimension: string; slice: string }>(a: T, b: T) =>
  dimensions.indexOf(a.dimension as never) - dimensions.indexOf(b.dimension as never) || Number(a.slice === noneSlice) - Number(b.slice === noneSlice) || compare(a.slice, b.slice);

export function buildBreakdowns(aggregates: SliceAggregateRow[], variants: PlannedVariantRow[], settings: Settings): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (const experimentId of unique(variants.map((v) => v.experiment_id))) {
    const arms = variants.filter((v) => v.experiment_id === experimentId).sort((a, b) => compare(a.variant, b.variant));
    const control = arms.find((a) => a.is_control);
    if (!control) throw new Error(`experiment ${experimentId} has no control variant`);
    const stats = aggregates.filter((a) => a.experiment_id === experimentId);
    for (const metric of metricOrder.filter((m) => stats.some((s) => s.metric === m))) {
      const own = stats.filter((s) => s.metric === metric);
      const kind = own[0].metric_kind;
      const slices = uniqueBy(own.map((s) => ({ dimension: s.dimension, slice: s.slice }))).sort(sortSlices);
      const family: { row: BreakdownRow; p: number }[] = [];
      for (const { dimension, slice } of slices) {
        const armOf = (variant: string): ArmSummary => {
          const s = own.find((x) => x.dimension === dimension && x.slice === slice && x.variant === variant);
          if (!s) return { users: 0, successes: kind === "proportion" ? 0 : null, mean: NaN, variance: NaN };
          const { mean, variance } = momentsFromSums(s.users, s.value_sum, s.value_sum_of_squares);
          return { users: s.users, successes: s.successes, mean, variance };
        };
        const controlArm = armOf(control.variant);
        for (const arm of arms.filter((a) => !a.is_control)) {
          const variantArm = armOf(arm.variant);
          const testable = controlArm.users > 0 && variantArm.users > 0;
          const comparison = testable ? (kind === "proportion" ? compareProportions(controlArm, variantArm, settings, { bayesian: false }) : compareMeans(controlArm, variantArm, settings)) : null;
          const row: BreakdownRow = {
            experiment_id: experimentId,
            metric,
            metric_label: metricLabels[metric],
            metric_kind: kind,
            dimension,
            slice,
            variant: arm.variant,
            control_variant: control.variant,
            control_users: controlArm.users,
            users: variantArm.users,
            control_value: finite(controlArm.mean),
            value: finite(variantArm.mean),
            abs_lift: finite(comparison?.absLift),
            abs_lift_ci_low: finite(comparison?.absLow),
            abs_lift_ci_high: finite(comparison?.absHigh),
            rel_lift: finite(comparison?.relLift),
            rel_lift_ci_low: finite(comparison?.relLow),
            rel_lift_ci_high: finite(comparison?.relHigh),
            test: comparison?.test ?? null,
            p_value: finite(comparison?.pValue),
            comparisons: null,
            p_value_adjusted: null,
            significant: null,
            warning: comparison ? (comparison.warnings.join("; ") || null) : "an arm has no users in this slice",
          };
          family.push({ row, p: comparison?.pValue ?? NaN });
        }
      }
      const adjusted = benjaminiHochberg(family.map((f) => f.p));
      const size = adjusted.filter(Number.isFinite).length;
      family.forEach(({ row }, i) => {
        row.comparisons = size;
        row.p_value_adjusted = finite(adjusted[i]);
        row.significant = Number.isFinite(adjusted[i]) ? adjusted[i] < settings.alpha : null;
        rows.push(row);
      });
    }
  }
  return rows;
}

/**
 * Pearson's chi-square of each slice's users per variant against the planned shares (the same
 * test as the experiment's own check), Benjamini-Hochberg over all slices of the experiment, and
 * the status of the adjusted p-value at the experiment check's thresholds: the slice where the split
 * fails stands out, and the many slices that merely wobble do not.
 */
export function buildSliceSrm(counts: SliceUsersRow[], variants: PlannedVariantRow[]): SliceSrmRow[] {
  const rows: SliceSrmRow[] = [];
  for (const experimentId of unique(variants.map((v) => v.experiment_id))) {
    const arms = variants.filter((v) => v.experiment_id === experimentId).sort((a, b) => Number(b.is_control) - Number(a.is_control) || compare(a.variant, b.variant));
    const own = counts.filter((c) => c.experiment_id === experimentId);
    const slices = uniqueBy(own.map((c) => ({ dimension: c.dimension, slice: c.slice }))).sort(sortSlices);
    const tests = slices.map(({ dimension, slice }) => {
      const users = arms.map((a) => own.find((c) => c.dimension === dimension && c.slice === slice && c.variant === a.variant)?.users ?? 0);
      return { dimension, slice, users, srm: sampleRatioMismatch(users, arms.map((a) => a.planned_share)) };
    });
    const adjusted = benjaminiHochberg(tests.map((t) => t.srm.pValue));
    const tested = adjusted.filter(Number.isFinite).length;
    const shareTotal = arms.reduce((sum, a) => sum + a.planned_share, 0);
    tests.forEach((t, i) => {
      const total = t.users.reduce((a, b) => a + b, 0);
      arms.forEach((arm, k) => rows.push({
        experiment_id: experimentId,
        dimension: t.dimension,
        slice: t.slice,
        variant: arm.variant,
        is_control: arm.is_control,
        users: t.users[k],
        slice_users: total,
        observed_share: total > 0 ? t.users[k] / total : null,
        planned_share: arm.planned_share / shareTotal,
        chi_square: finite(t.srm.chiSquare),
        df: t.srm.df,
        p_value: finite(t.srm.pValue),
        slices_tested: tested,
        p_value_adjusted: finite(adjusted[i]),
        srm_status: Number.isFinite(adjusted[i]) ? srmStatus(adjusted[i]) : null,
      }));
    });
  }
  return rows;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T extends { dimension: string; slice: string }>(values: T[]): T[] {
  const seen = new Map<string, T>();
  for (const v of values) seen.set(`${v.dimension}\u0000${v.slice}`, v);
  return [...seen.values()];
}
