import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("segment_migration_flows", "json");
