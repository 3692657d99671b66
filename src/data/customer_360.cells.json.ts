// First view of the customers overview: the biggest spenders of every R x FM cell.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";
import { customerLists, previewSql } from "../components/customer-lists.js";

await emitSummary(["customer_360"], { cells: previewSql(customerLists.cell, "customer_360") });
