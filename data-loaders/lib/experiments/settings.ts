// Analysis settings from the config's vars, checked so that a typo stops the build with the var's
// name instead of producing a report at a level nobody chose.
import type { VarValue } from "../../pipeline/config.ts";
import { defaultSettings, type Settings } from "./compare.ts";

export const settingVars = ["experiment_alpha", "experiment_power", "experiment_min_users_per_variant"];
export const windowVar = "experiment_conversion_window_days";
export const defaultWindowDays = 30;

export function settingsFromVars(vars: Record<string, VarValue>): Settings {
  return {
    alpha: numberVar(vars, "experiment_alpha", defaultSettings.alpha, (v) => v > 0 && v < 0.5, "between 0 and 0.5"),
    power: numberVar(vars, "experiment_power", defaultSettings.power, (v) => v > 0.5 && v < 1, "between 0.5 and 1"),
    minUsersPerVariant: numberVar(vars, "experiment_min_users_per_variant", defaultSettings.minUsersPerVariant, (v) => Number.isInteger(v) && v >= 2, "a whole number of at least 2"),
  };
}

export function windowDaysFromVars(vars: Record<string, VarValue>): number {
  return numberVar(vars, windowVar, defaultWindowDays, (v) => Number.isInteger(v) && v >= 1, "a whole number of days, at least 1");
}

function numberVar(vars: Record<string, VarValue>, name: string, fallback: number, ok: (v: number) => boolean, expected: string): number {
  const value = vars[name];
  if (value === null || value === undefined) return fallback;
  if (typeof value !== "number" || !ok(value)) throw new Error(`var ${name} is ${JSON.stringify(value)}; it must be ${expected}`);
  return value;
}
