import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("engagement_summary", "json");
