import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("data_test_results", "rows");
