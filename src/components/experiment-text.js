// The plain-language sentences beside each experiment figure, composed from the marts so that
// every number they state is the one computed in this build.
import { html } from "npm:htl";
import {
  dash, srmLabels, formatCount, formatInterval, formatLoss, formatP, formatPoints, formatProbability, formatRate, formatRelative, formatStatistic, liftFormat, pStatement, valueFormat,
} from "./experiment-format.js";

const percent = (value) => `${Math.round(1000 * value) / 10}%`;

/** The line under the experiment picker: sample-ratio badge, status, verdict, control, dates, outcome source. */
export function headlineText(summary) {
  // Text "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (experiment_summary): its date part, never parsed as local time.
  const assigned = summary.first_assigned_at ? `${summary.first_assigned_at.slice(0, 10)} to ${summary.last_assigned_at.slice(0, 10)}` : dash;
  const outcomes = summary.outcome_source === "events" ? `events, ${summary.conversion_window_days}-day window` : summary.outcome_source ?? "nowhere";
  return html`<p id="experiment-headline">
    <span class="badge badge-${summary.srm_status ?? "ok"}">${summary.srm_status ? srmLabels[summary.srm_status] : "no split to check"}</span>
    · status: <b>${summary.status}</b> · verdict: <b id="verdict">${summary.verdict}</b>
    · compared with <b>${summary.control_variant}</b> (${summary.control_rule}) · ${summary.variants} variants
    · assigned ${assigned} · outcomes from ${outcomes}</p>`;
}

/** The sample-ratio check, stated before any result. */
export function srmText(summary, allocation, settings) {
  const split = allocation.map((d) => `${d.variant} ${percent(d.planned_share)}`).join(", ");
  const seen = allocation.map((d) => html`<b>${d.variant}</b> ${formatCount(d.users)} (${formatRate(d.observed_share)})`);
  const verdict = {
    ok: html`The split is as planned.`,
    warning: html`<b>Warning:</b> the split is unlikely under the plan (p below ${settings.srm_warning_p}). Read the results with care and look for lost or filtered assignments.`,
    invalid: html`<b>The results of this experiment are not valid.</b> A split this far from the plan (p below ${settings.srm_invalid_p}) means assignment or logging is broken — users lost from one arm, bots, a redirect that drops some visitors — and any difference between the arms may come from that rather than from the change tested. The figures below are shown for diagnosis only.`,
  }[summary.srm_status];
  if (!summary.srm_status) return html`<p>With fewer than two variants or no users there is no split to check.</p>`;
  return html`<p>The plan (${summary.share_rule}) was ${split}. After cleaning: ${join(seen)}.
    If users were assigned as planned, a split at least this uneven would turn up with probability
    <b>${pStatement(summary.srm_p_value)}</b> (chi-square goodness of fit, ${summary.srm_df} degree${summary.srm_df === 1 ? "" : "s"} of freedom,
    χ² = ${formatStatistic(summary.srm_chi_square, 2)}). ${verdict}</p>`;
}

/** Who was analysed, and what the sample could have detected. */
export function sampleText(summary, primaryRows, settings) {
  const control = primaryRows.find((d) => d.is_control);
  const leading = primaryRows.find((d) => d.variant === summary.leading_variant);
  const parts = [html`${formatCount(summary.assignment_rows)} assignment rows came in; ${formatCount(summary.rows_excluded)} were left out in cleaning
    (the ledger beside this counts each reason) and ${formatCount(summary.users_analysed)} users are analysed.`];
  if (summary.users_window_open > 0) {
    parts.push(html` ${formatCount(summary.users_window_open)} users are not yet analysed: their ${settings.conversion_window_days}-day conversion window had not ended when the event data stop.`);
  }
  if (summary.users_without_outcome > 0) parts.push(html` ${formatCount(summary.users_without_outcome)} users have no outcome data (no conversion flag and no events).`);
  if (summary.kept_users_with_excluded_rows > 0) {
    parts.push(html` ${formatCount(summary.kept_users_with_excluded_rows)} analysed users also had a row that was left out${summary.kept_users_excluded_in_other_variant > 0 ? html`, ${formatCount(summary.kept_users_excluded_in_other_variant)} of them a row in another variant` : ""}: their kept row counts, as in the usual analysis, but a reviewer may want to know they exist.`);
  }
  if (summary.too_little_data) {
    parts.push(html` <b>Too little data:</b> an arm has fewer than ${formatCount(settings.min_users_per_variant)} analysed users, so no verdict is given.`);
  }
  if (control && leading && leading.mde_abs !== null) {
    const rate = control.metric_kind === "proportion";
    parts.push(html` With these users and a control ${control.metric_label} ${rate ? "rate" : "mean"} of ${valueFormat(control, String)(control.value)}, the test had a ${percent(settings.power)} chance of detecting a lift of
      <b>${rate ? formatPoints(leading.mde_abs) : liftFormat(leading, String)(leading.mde_abs)}</b> (${formatRelative(leading.mde_rel)} relative) or more at α = ${settings.alpha}: this is the minimum detectable effect.
      ${summary.verdict === "no significant difference" ? 'A true effect smaller than that may well go unnoticed: "no significant difference" is not proof that there is no effect.' : ""}`);
  } else if (control && leading) {
    parts.push(html` The sample is too small to detect any lift with ${percent(settings.power)} power.`);
  }
  return html`<p>${parts}</p>`;
}

/**
 * The verdict on the primary metric, with the numbers behind it, in the metric's own words
 * ("gate_40 had day-7 retention of 15.2% against 21.0% for gate_30"; "converted at" for conversion).
 * `money` formats revenue; other means read as plain numbers.
 */
export function verdictText(summary, settings, money = String) {
  if (summary.verdict === "no outcome data") return html`<p>No outcomes could be measured for this experiment's users yet, so there is no result.</p>`;
  const lead = summary.leading_variant;
  const value = valueFormat(summary, money);
  const lift = liftFormat(summary, money);
  const conversion = summary.primary_metric === "conversion";
  const label = summary.primary_metric_label;
  const estimate = html`<b>${lead}</b> ${conversion ? "converted at" : `had ${label} of`} ${value(summary.leading_rate)} against ${value(summary.control_rate)} for ${summary.control_variant}:
    <b>${lift(summary.abs_lift)}</b> (${Math.round(100 * (1 - settings.alpha))}% interval ${formatInterval(summary.abs_lift_ci_low, summary.abs_lift_ci_high, lift)}),
    a relative change of ${formatRelative(summary.rel_lift)} (${formatInterval(summary.rel_lift_ci_low, summary.rel_lift_ci_high, formatRelative)}).
    ${summary.test}: ${pStatement(summary.p_value)}; after ${summary.correction}'s correction over ${summary.comparisons} comparison${summary.comparisons === 1 ? "" : "s"}, ${pStatement(summary.p_value_adjusted)}.`;
  const meaning = {
    "invalid: sample ratio mismatch": html`Because the sample ratio check failed, this difference cannot be attributed to the change.`,
    "too little data": html`With this little data the estimate is too uncertain for a verdict.`,
    "significant improvement": html`The corrected p-value is below α = ${settings.alpha} and the interval lies above zero: <b>${lead} ${conversion ? "converts better" : `does better on ${label}`} than ${summary.control_variant}</b>.`,
    "significant harm": html`The corrected p-value is below α = ${settings.alpha} and the interval lies below zero: <b>${lead} ${conversion ? "converts worse" : `does worse on ${label}`} than ${summary.control_variant}</b>.`,
    "no significant difference": html`The corrected p-value is not below α = ${settings.alpha} and the interval includes zero: the data are consistent with no effect, and with any effect inside the interval.`,
  }[summary.verdict];
  return html`<p>${estimate} ${meaning}</p>`;
}

/** The Bayesian view of one rate comparison, labelled for what it is. */
export function bayesText(row, settings) {
  if (row.chance_to_beat_control === null) return html`<p>No Bayesian view for ${row.metric_label}: it is computed for rates only.</p>`;
  return html`<p>With a uniform Beta(${settings.prior_a}, ${settings.prior_b}) prior on each rate, the probability that <b>${row.variant}</b>'s true
    ${row.metric_label} rate is higher than ${row.control_variant}'s is <b>${formatProbability(row.chance_to_beat_control)}</b>.
    Shipping ${row.variant} risks an expected loss of ${formatLoss(row.expected_loss_if_shipped)} of ${row.metric_label} (the average shortfall, counting zero where it is in fact better);
    keeping ${row.control_variant} risks ${formatLoss(row.expected_loss_if_kept)}. These are posterior probabilities under that prior:
    <b>not p-values</b>, and not error rates.</p>`;
}

/** A guardrail's verdict against its threshold, with the interval it rests on. */
export function guardrailText(row, settings) {
  const worse = row.harm_direction === "increase" ? "rise" : "fall";
  const threshold = row.harm_threshold > 0 ? `a ${worse} of more than ${formatRelative(row.harm_threshold).replace(/^\+/, "")}` : `any ${worse}`;
  return html`<p data-guardrail=${row.metric} data-variant=${row.variant}><b>${row.metric_label}</b>, ${row.variant}: <b>${row.guardrail_verdict ?? "not defined"}</b>.
    Harm here is ${threshold} against ${row.control_variant}; the relative change is ${formatRelative(row.rel_lift)}
    (${Math.round(100 * (1 - settings.alpha))}% interval ${formatInterval(row.rel_lift_ci_low, row.rel_lift_ci_high, formatRelative)})${row.guardrail_verdict === "harm detected"
      ? ", so even its mildest end is harm beyond the threshold."
      : row.guardrail_verdict === "no harm detected" ? ": harm beyond the threshold is not established (the interval shows how much harm the data still allow)." : "."}</p>`;
}

function join(parts) {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [i === parts.length - 1 ? " and " : ", ", part]));
}

/** Days before assignment CUPED's covariate covers (the settings mart; the conversion window in builds that predate the var). */
export function cupedPrePeriodDays(settings) {
  return settings.cuped_pre_period_days ?? settings.conversion_window_days;
}

/** CUPED, when every metric of the experiment is off for the same reason: one sentence with it. */
export function cupedOffText(rows, settings) {
  const notes = [...new Set(rows.map((d) => d.cuped_note))];
  return html`<p id="cuped-off"><b>CUPED is off for this experiment</b>: ${notes.join("; ")}. The lifts above are unadjusted.
    CUPED needs the same metric measured for the same users before they were assigned: it comes from the events, over the
    ${cupedPrePeriodDays(settings)} days before each assignment, so it works when some of the users were already active then
    (returning visitors or customers), and never for a flat export, which has no record of the users before the test.</p>`;
}

/** CUPED applied: what the pre-period held and what it bought, on the first metric it adjusts. */
export function cupedAppliedText(rows, settings) {
  const d = rows.find((r) => r.cuped_status === "applied");
  const narrower = 1 - d.interval_width_ratio;
  return html`<p id="cuped-summary" data-metric=${d.metric}>On <b>${d.metric_label}</b> (${d.variant} against ${d.control_variant}), the covariate,
    the same metric in the ${cupedPrePeriodDays(settings)} days before assignment, is non-zero for ${formatCount(d.users_with_pre_period)}
    analysed users (across all arms): users who were active before the test started or before they reached it.
    CUPED removed <b>${percent(d.variance_reduction)}</b> of the variance, and the interval is
    ${narrower > 0 ? html`<b>${percent(narrower)} narrower</b>` : html`no narrower`} than without it.</p>`;
}

/** The slice where the split fails most clearly, or that it holds in every slice. */
export function sliceSrmText(checks, settings) {
  const slices = checks.filter((d) => d.is_control && d.p_value_adjusted !== null);
  if (!slices.length) return html`<p id="srm-by-slice">No slice has users in more than one variant to check.</p>`;
  const worst = [...slices].sort((a, b) => a.p_value_adjusted - b.p_value_adjusted || (a.dimension < b.dimension ? -1 : 1))[0];
  const arms = checks.filter((d) => d.dimension === worst.dimension && d.slice === worst.slice);
  const split = join(arms.map((d) => html`${d.variant} ${formatCount(d.users)} (${formatRate(d.observed_share, 1)}, planned ${percent(d.planned_share)})`));
  const tested = `${worst.slices_tested} slice${worst.slices_tested === 1 ? "" : "s"}`;
  if (worst.srm_status === "ok") {
    return html`<p id="srm-by-slice">By device, country and channel the split holds in every one of the ${tested}
      (the smallest p after Benjamini-Hochberg is ${formatP(worst.p_value_adjusted)}, in ${worst.dimension} = ${worst.slice}).</p>`;
  }
  return html`<p id="srm-by-slice" data-dimension=${worst.dimension} data-slice=${worst.slice}><b>By slice, the split fails most clearly in
    ${worst.dimension} = ${worst.slice}</b>: ${split}; ${pStatement(worst.p_value)}, ${pStatement(worst.p_value_adjusted).replace(/^p/, "p after Benjamini-Hochberg over the " + tested)}.
    Look there first for lost or filtered assignments. A slice that holds most of the users (one country, say) inherits the overall mismatch and can be flagged too.</p>`;
}
