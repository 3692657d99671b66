import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("attribution_top_paths", "json");
