// First view of the cohorts page for visitors: the build's monthly matrix of the source the reader picks.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

// Compact rows ({columns, rows}): the keys once, not once per row (173 KB -> 75 KB).
await emitSummary(["cohort_matrix_monthly"], { rows: "SELECT * FROM cohort_matrix_monthly WHERE source = 'visitors' ORDER BY cohort_start, period" }, { compact: true });
