import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("user_activity_daily");
