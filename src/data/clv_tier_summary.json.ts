import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("clv_tier_summary", "json");
