import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("journey_path_lengths", "json");
