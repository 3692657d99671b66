import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("order_line_ledger", "json");
