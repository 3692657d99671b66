// The settings every experiment figure was computed with, one row, so that pages state them from
// the data of this build (also when there are no experiments).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { MIN_EXPECTED_COUNT } from "../../lib/experiments/compare.ts";
import { correctionNames, primaryMetric } from "../../lib/experiments/results.ts";
import { cupedPrePeriodDaysFromVars, cupedPrePeriodVar, settingsFromVars, settingVars, windowDaysFromVars, windowVar } from "../../lib/experiments/settings.ts";
import { uniformPrior } from "../../lib/stats/bayes.ts";
import { SRM_INVALID_P, SRM_WARNING_P } from "../../lib/stats/srm.ts";

const model: TsModel = {
  description: "One row: significance level, power, thresholds, correction, prior, conversion window and CUPED pre-period of the experiment analysis.",
  dependsOn: [],
  vars: [...settingVars, windowVar, cupedPrePeriodVar],
  columns: {
    alpha: "DOUBLE",
    power: "DOUBLE",
    min_users_per_variant: "INTEGER",
    conversion_window_days: "INTEGER",
    cuped_pre_period_days: "INTEGER",
    srm_warning_p: "DOUBLE",
    srm_invalid_p: "DOUBLE",
    min_expected_count: "DOUBLE",
    correction: "VARCHAR",
    primary_metric: "VARCHAR",
    prior_a: "DOUBLE",
    prior_b: "DOUBLE",
  },
  async build({ vars }) {
    const settings = settingsFromVars(vars);
    return [{
      alpha: settings.alpha,
      power: settings.power,
      min_users_per_variant: settings.minUsersPerVariant,
      conversion_window_days: windowDaysFromVars(vars),
      cuped_pre_period_days: cupedPrePeriodDaysFromVars(vars),
      srm_warning_p: SRM_WARNING_P,
      srm_invalid_p: SRM_INVALID_P,
      min_expected_count: MIN_EXPECTED_COUNT,
      correction: correctionNames[settings.correction ?? "holm"],
      primary_metric: primaryMetric,
      prior_a: uniformPrior.a,
      prior_b: uniformPrior.b,
    }];
  },
};

export default model;
