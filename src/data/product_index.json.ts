import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("product_index", "rows");
