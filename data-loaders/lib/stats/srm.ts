// Sample-ratio mismatch: do the users that reached the analysis split across variants as the
// experiment planned? A mismatch means assignment or logging is broken, and then no comparison of
// the arms can be trusted, however significant. Checked before any result is shown.
import { chiSquareSurvival } from "./distributions.ts";

/** p below this: shown as a warning. */
export const SRM_WARNING_P = 0.01;
/** p below this: the experiment's results are marked invalid. */
export const SRM_INVALID_P = 0.001;

export type SrmStatus = "ok" | "warning" | "invalid";

export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  status: SrmStatus | null;
}

/**
 * Pearson's chi-square goodness-of-fit of the observed users per variant against the planned
 * shares (normalised to sum to 1), df = variants - 1. Status is null when there is nothing to
 * test (fewer than two variants or no users).
 */
export function sampleRatioMismatch(observed: number[], plannedShares: number[]): SrmResult {
  const total = observed.reduce((a, b) => a + b, 0);
  const shareTotal = plannedShares.reduce((a, b) => a + b, 0);
  const df = observed.length - 1;
  if (observed.length !== plannedShares.length) throw new Error("sampleRatioMismatch: one planned share per variant");
  if (df < 1 || total <= 0 || !(shareTotal > 0)) return { chiSquare: NaN, df, pValue: NaN, status: null };
  const chiSquare = observed.reduce((sum, o, i) => {
    const expected = (total * plannedShares[i]) / shareTotal;
    // Users in a variant planned to get none: an infinite mismatch, not 0/0.
    if (expected === 0) return o === 0 ? sum : Infinity;
    return sum + (o - expected) ** 2 / expected;
  }, 0);
  const pValue = chiSquare === Infinity ? 0 : chiSquareSurvival(chiSquare, df);
  return { chiSquare, df, pValue, status: Number.isNaN(pValue) ? null : srmStatus(pValue) };
}

export function srmStatus(pValue: number): SrmStatus {
  if (pValue < SRM_INVALID_P) return "invalid";
  if (pValue < SRM_WARNING_P) return "warning";
  return "ok";
}
