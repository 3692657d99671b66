// First view of the active users page for visitors: the page loads the source the reader picks.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

await emitSummary(["active_users_daily"], { rows: "SELECT * FROM active_users_daily WHERE source = 'visitors' ORDER BY activity_date" }, { compact: true });
