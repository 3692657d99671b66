// First view of the lifetime value page: the histogram of CLTV profit (40 bins of equal width on
// a log axis, counted per tier; a log axis cannot show zero, so customers with none are left out
// here and counted in the tier table) and the head of each tier's customer list.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";
import { customerLists, previewSql } from "../components/customer-lists.js";

const bins = 40;
await emitSummary(["customer_360"], {
  tiers: previewSql(customerLists.tier, "customer_360"),
  histogram: `WITH positive AS (SELECT log10(cltv_profit) AS v, cltv_tier FROM customer_360 WHERE cltv_profit > 0),
    range AS (SELECT min(v) AS low, max(v) AS high FROM positive),
    binned AS (
      SELECT cltv_tier, CASE WHEN high = low THEN 0 ELSE least(${bins - 1}, floor((v - low) / (high - low) * ${bins}))::INTEGER END AS bin, low, high
      FROM positive, range)
    SELECT bin, cltv_tier, count(*)::INTEGER AS customers,
      power(10, low + bin * (high - low) / ${bins}) AS x1,
      power(10, CASE WHEN high = low THEN high + 0.1 ELSE low + (bin + 1) * (high - low) / ${bins} END) AS x2
    FROM binned GROUP BY ALL ORDER BY bin, cltv_tier`,
});
