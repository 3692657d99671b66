// The cohorts page's view of the visitors' day matrix: the build's pooled matrix (cohort_matrix_pooled),
// read on the change of grain (Parquet: a fifth of its JSON).
import { pooledMatrixSql } from "../../data-loaders/site/cohort-matrix-files.ts";
import { emitQueryParquet } from "../../data-loaders/site/emit-mart.ts";

await emitQueryParquet(["cohort_matrix_pooled"], pooledMatrixSql("visitors", "day"));
