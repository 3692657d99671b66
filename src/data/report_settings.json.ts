import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("report_settings", "json");
