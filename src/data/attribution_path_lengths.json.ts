import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("attribution_path_lengths", "json");
