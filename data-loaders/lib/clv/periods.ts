// The observation and calibration periods of the store's predictive models, from the data and the
// vars. Observation ends the day before the snapshot (vars.snapshot_date, default the day after
// the last invoice, as for RFM); calibration ends vars.clv_calibration_end or `holdoutDays`
// before the observation end.
import type { TsModelContext } from "../../pipeline/ts-model.ts";
import { clvSettingsFromVars } from "./settings.ts";

export interface ClvPeriods {
  firstDay: string | null;
  observationEnd: string | null;
  calibrationEnd: string | null;
  /** Why there is no calibration period (too little data), or null. */
  problem: string | null;
}

export const periodVars = ["snapshot_date", "clv_calibration_end", "clv_holdout_days"];

export async function clvPeriods(context: TsModelContext): Promise<ClvPeriods> {
  const settings = clvSettingsFromVars(context.vars);
  const snapshot = context.vars.snapshot_date ?? null;
  if (snapshot !== null && (typeof snapshot !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(snapshot))) {
    throw new Error(`var snapshot_date is ${JSON.stringify(snapshot)}; it must be a date written YYYY-MM-DD, or null`);
  }
  const [row] = await context.query(`
    select
        strftime(min(invoiced_at)::date, '%Y-%m-%d') as first_day,
        strftime(coalesce(${snapshot === null ? "cast(null as date)" : `DATE '${snapshot}'`} - 1, max(invoiced_at)::date), '%Y-%m-%d') as observation_end
    from int_invoices_aggregated`);
  const firstDay = (row.first_day as string | null) ?? null;
  const observationEnd = (row.observation_end as string | null) ?? null;
  if (!observationEnd || !firstDay) return { firstDay, observationEnd, calibrationEnd: null, problem: "there are no kept invoices" };
  const calibrationEnd = settings.calibrationEnd ?? addDays(observationEnd, -settings.holdoutDays);
  if (calibrationEnd >= observationEnd || calibrationEnd <= firstDay) {
    const problem = `the calibration end ${calibrationEnd} (vars clv_calibration_end / clv_holdout_days) is not inside the data (${firstDay} to ${observationEnd}), so there is no holdout check`;
    return { firstDay, observationEnd, calibrationEnd: null, problem };
  }
  return { firstDay, observationEnd, calibrationEnd, problem: null };
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
