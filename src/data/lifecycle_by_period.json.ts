import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("lifecycle_by_period", "rows");
