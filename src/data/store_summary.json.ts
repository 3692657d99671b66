import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("store_summary", "json");
