import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("experiment_cuped", "json");
