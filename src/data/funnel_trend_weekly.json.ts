import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("funnel_trend_weekly", "json");
