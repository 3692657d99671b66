import { emitMart } from "../../data-loaders/site/emit-mart.ts";

await emitMart("active_users_daily", "json");
