// The cohorts page's first view of the purchasers' week matrix: the build's pooled matrix (cohort_matrix_pooled),
// dates as text, compact rows; the page expands them with compact-rows.js.
import { emitPooledMatrix } from "../../data-loaders/site/cohort-matrix-files.ts";

await emitPooledMatrix("purchasers", "week");
