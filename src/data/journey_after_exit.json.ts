import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("journey_after_exit", "json");
