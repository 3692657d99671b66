import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("churn_risk_summary", "json");
