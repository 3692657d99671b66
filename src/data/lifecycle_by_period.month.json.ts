// First view of the lifecycle page: calendar months only; weeks and days load when picked.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

await emitSummary(["lifecycle_by_period"], { rows: "SELECT * FROM lifecycle_by_period WHERE grain = 'month' ORDER BY source, period_start" });
