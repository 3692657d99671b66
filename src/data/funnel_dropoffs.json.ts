import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("funnel_dropoffs", "json");
