import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("customer_segment_history");
