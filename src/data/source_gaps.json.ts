import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("source_gaps", "json");
