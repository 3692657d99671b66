// One experiment's rows out of the experiment marts, in the order the report shows them: its
// metrics (primary first, seeds/experiment_metrics display_order), variants (control first), daily
// series, ledger, CUPED rows, breakdown slices and per-slice sample-ratio checks.

/** `marts` holds the rows of every experiment; the result, those of `experimentId`. */
export function selectExperiment(marts, experimentId) {
  const own = (rows) => rows.filter((d) => d.experiment_id === experimentId);
  const rows = own(marts.results).sort((a, b) => a.display_order - b.display_order);
  const compared = rows.filter((d) => !d.is_control);
  return {
    summary: marts.summaries.find((d) => d.experiment_id === experimentId) ?? null,
    rows,
    compared,
    primary: rows.filter((d) => d.is_primary),
    guardrails: compared.filter((d) => d.metric_role === "guardrail"),
    rates: compared.filter((d) => d.metric_kind === "proportion"),
    arms: own(marts.allocation).sort((a, b) => b.is_control - a.is_control || (a.variant < b.variant ? -1 : 1)),
    series: own(marts.cumulative),
    ledger: own(marts.ledger),
    cuped: own(marts.cuped).sort((a, b) => a.display_order - b.display_order),
    slices: own(marts.breakdowns),
    sliceChecks: own(marts.sliceChecks),
  };
}
