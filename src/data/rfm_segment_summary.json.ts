import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("rfm_segment_summary", "json");
