// Analysis settings from the config's vars. Their types, ranges and defaults are declared in
// data-loaders/models/vars.yml, so a typo stops the build with the var's name instead of
// producing a report at a level nobody chose.
import type { VarValue } from "../../pipeline/config.ts";
import { declaredVars } from "../../pipeline/vars.ts";
import type { Correction, Settings } from "./compare.ts";

export const settingVars = ["experiment_alpha", "experiment_power", "experiment_min_users_per_variant", "experiment_correction"];
export const windowVar = "experiment_conversion_window_days";
export const cupedPrePeriodVar = "experiment_cuped_pre_period_days";

export function settingsFromVars(vars: Record<string, VarValue>): Settings {
  const declared = declaredVars(vars, settingVars);
  return {
    alpha: declared.experiment_alpha as number,
    power: declared.experiment_power as number,
    minUsersPerVariant: declared.experiment_min_users_per_variant as number,
    correction: (declared.experiment_correction ?? "holm") as Correction,
  };
}

export function windowDaysFromVars(vars: Record<string, VarValue>): number {
  return declaredVars(vars, [windowVar])[windowVar] as number;
}

/** Days before assignment in which CUPED's covariate is measured: the conversion window's length unless set. */
export function cupedPrePeriodDaysFromVars(vars: Record<string, VarValue>): number {
  const declared = declaredVars(vars, [windowVar, cupedPrePeriodVar]);
  return (declared[cupedPrePeriodVar] ?? declared[windowVar]) as number;
}
