// One line per experiment: the checks a reviewer makes before reading any result (sample ratio,
// enough data, outcome windows closed) and the verdict on the primary metric, after correction.
import { sampleRatioMismatch } from "../stats/srm.ts";
import type { Settings } from "./compare.ts";
import { compare, correctionNames, finite, type ResultRow } from "./results.ts";

export interface AllocationRow {
  experiment_id: string;
  variant: string;
  is_control: boolean;
  users: number;
  planned_share: number;
  share_rule: string;
}

export interface LedgerRow {
  experiment_id: string | null;
  stage: string;
  outcome: string;
  assignment_rows: number;
  users: number;
}

export interface ExperimentFacts {
  experiment_id: string;
  control_rule: string;
  first_assigned_at: string | null;
  last_assigned_at: string | null;
  outcome_source: string | null;
  /** Kept users who also had a row left out in cleaning (e.g. a second row with the other page). */
  kept_users_with_excluded_rows: number;
  /** Of those, users whose excluded row named another variant: exposure to both arms is possible. */
  kept_users_excluded_in_other_variant: number;
}

export const summaryColumns = {
  experiment_id: "VARCHAR",
  variants: "INTEGER",
  control_variant: "VARCHAR",
  control_rule: "VARCHAR",
  share_rule: "VARCHAR",
  assignment_rows: "BIGINT",
  rows_excluded: "BIGINT",
  users_assigned: "BIGINT",
  users_analysed: "BIGINT",
  users_window_open: "BIGINT",
  users_without_outcome: "BIGINT",
  kept_users_with_excluded_rows: "BIGINT",
  kept_users_excluded_in_other_variant: "BIGINT",
  first_assigned_at: "TIMESTAMP",
  last_assigned_at: "TIMESTAMP",
  outcome_source: "VARCHAR",
  conversion_window_days: "INTEGER",
  srm_chi_square: "DOUBLE",
  srm_df: "INTEGER",
  srm_p_value: "DOUBLE",
  srm_status: "VARCHAR",
  primary_metric: "VARCHAR",
  primary_metric_label: "VARCHAR",
  primary_metric_kind: "VARCHAR",
  leading_variant: "VARCHAR",
  control_rate: "DOUBLE",
  leading_rate: "DOUBLE",
  abs_lift: "DOUBLE",
  abs_lift_ci_low: "DOUBLE",
  abs_lift_ci_high: "DOUBLE",
  rel_lift: "DOUBLE",
  rel_lift_ci_low: "DOUBLE",
  rel_lift_ci_high: "DOUBLE",
  test: "VARCHAR",
  p_value: "DOUBLE",
  p_value_adjusted: "DOUBLE",
  chance_to_beat_control: "DOUBLE",
  mde_rel: "DOUBLE",
  comparisons: "INTEGER",
  correction: "VARCHAR",
  alpha: "DOUBLE",
  power: "DOUBLE",
  too_little_data: "BOOLEAN",
  status: "VARCHAR",
  verdict: "VARCHAR",
} as const;

export type SummaryRow = { -readonly [K in keyof typeof summaryColumns]: string | number | boolean | null };

/**
 * Verdicts, checked in this order: a sample-ratio mismatch at p < 0.001 invalidates everything;
 * then no outcomes, too little data, and finally the primary metric's Holm-adjusted p-value.
 */
export const verdicts = {
  invalid: "invalid: sample ratio mismatch",
  noOutcomes: "no outcome data",
  tooLittle: "too little data",
  better: "significant improvement",
  worse: "significant harm",
  none: "no significant difference",
} as const;

export function buildSummary(
  allocation: AllocationRow[],
  ledger: LedgerRow[],
  facts: ExperimentFacts[],
  results: ResultRow[],
  settings: Settings,
  windowDays: number,
): SummaryRow[] {
  return facts.map((fact) => {
    const id = fact.experiment_id;
    const arms = allocation.filter((a) => a.experiment_id === id).sort((a, b) => Number(b.is_control) - Number(a.is_control) || compare(a.variant, b.variant));
    const control = arms.find((a) => a.is_control);
    const srm = sampleRatioMismatch(arms.map((a) => a.users), arms.map((a) => a.planned_share));
    const lines = ledger.filter((l) => l.experiment_id === id);
    const count = (filter: (l: LedgerRow) => boolean) => lines.filter(filter).reduce((sum, l) => sum + l.users, 0);
    const rows = (filter: (l: LedgerRow) => boolean) => lines.filter(filter).reduce((sum, l) => sum + l.assignment_rows, 0);
    const analysed = count((l) => l.outcome === "analysed");
    const windowOpen = count((l) => l.outcome === "conversion_window_open");
    const withoutOutcome = count((l) => l.outcome === "no_outcome_data");

    const primary = results.filter((r) => r.experiment_id === id && r.is_primary);
    const controlRow = primary.find((r) => r.is_control);
    const compared = primary.filter((r) => !r.is_control);
    // With several variants the one to report is the strongest evidence: smallest adjusted p-value.
    const leading = [...compared].sort((a, b) => num(a.p_value_adjusted, 2) - num(b.p_value_adjusted, 2) || compare(String(a.variant), String(b.variant)))[0];
    const tooLittle = primary.length > 0 && primary.some((r) => Number(r.users) < settings.minUsersPerVariant);

    let verdict: string;
    if (srm.status === "invalid") verdict = verdicts.invalid;
    else if (!leading || analysed === 0) verdict = verdicts.noOutcomes;
    else if (tooLittle) verdict = verdicts.tooLittle;
    else if (leading.significant) verdict = Number(leading.abs_lift) > 0 ? verdicts.better : verdicts.worse;
    else verdict = verdicts.none;

    return {
      experiment_id: id,
      variants: arms.length,
      control_variant: control?.variant ?? null,
      control_rule: fact.control_rule,
      share_rule: arms[0]?.share_rule ?? null,
      assignment_rows: rows(() => true),
      rows_excluded: rows((l) => l.stage === "cleaning"),
      users_assigned: count((l) => l.stage === "analysis"),
      users_analysed: analysed,
      users_window_open: windowOpen,
      users_without_outcome: withoutOutcome,
      kept_users_with_excluded_rows: fact.kept_users_with_excluded_rows,
      kept_users_excluded_in_other_variant: fact.kept_users_excluded_in_other_variant,
      first_assigned_at: fact.first_assigned_at,
      last_assigned_at: fact.last_assigned_at,
      outcome_source: fact.outcome_source,
      conversion_window_days: fact.outcome_source === "events" ? windowDays : null,
      srm_chi_square: finite(srm.chiSquare),
      srm_df: srm.df,
      srm_p_value: finite(srm.pValue),
      srm_status: srm.status,
      primary_metric: primary[0]?.metric ?? null,
      primary_metric_label: primary[0]?.metric_label ?? null,
      primary_metric_kind: primary[0]?.metric_kind ?? null,
      leading_variant: leading ? String(leading.variant) : null,
      control_rate: controlRow?.value ?? null,
      leading_rate: leading?.value ?? null,
      abs_lift: leading?.abs_lift ?? null,
      abs_lift_ci_low: leading?.abs_lift_ci_low ?? null,
      abs_lift_ci_high: leading?.abs_lift_ci_high ?? null,
      rel_lift: leading?.rel_lift ?? null,
      rel_lift_ci_low: leading?.rel_lift_ci_low ?? null,
      rel_lift_ci_high: leading?.rel_lift_ci_high ?? null,
      test: leading?.test ?? null,
      p_value: leading?.p_value ?? null,
      p_value_adjusted: leading?.p_value_adjusted ?? null,
      chance_to_beat_control: leading?.chance_to_beat_control ?? null,
      mde_rel: leading?.mde_rel ?? null,
      comparisons: leading?.comparisons ?? null,
      correction: correctionNames[settings.correction ?? "holm"],
      alpha: settings.alpha,
      power: settings.power,
      too_little_data: tooLittle,
      status: withoutOutcome > 0 && analysed === 0 ? "no outcomes" : windowOpen > 0 ? "windows still open" : "complete",
      verdict,
    };
  });
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
