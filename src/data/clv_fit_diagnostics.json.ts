import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("clv_fit_diagnostics", "json");
