import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("common_filter_customer_differences", "json");
