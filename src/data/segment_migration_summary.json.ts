import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("segment_migration_summary", "json");
