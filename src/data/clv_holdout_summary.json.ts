import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("clv_holdout_summary", "json");
