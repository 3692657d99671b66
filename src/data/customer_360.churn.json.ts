// First view of the churn page: the head of each "who to call first" list.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";
import { customerLists, previewSql } from "../components/customer-lists.js";

await emitSummary(["customer_360"], { calls: previewSql(customerLists.churn, "customer_360") });
