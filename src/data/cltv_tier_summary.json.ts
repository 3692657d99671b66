import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("cltv_tier_summary", "json");
