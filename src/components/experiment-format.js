// How experiment figures read on every page: rates in percent, lifts in percentage points or
// percent with a sign, p-values to three decimals, and the report's one dash (format.js) for a
// figure that is not defined. Counts, plain numbers and the dash come from format.js.
import { dash, formatFixed, formatInteger, formatPercent, isMissing } from "./format.js";

const defined = (value) => !isMissing(value);
const sign = (value) => (value > 0 ? "+" : value < 0 ? "−" : "");

export { dash };
export const formatCount = formatInteger;
export const formatRate = (value, digits = 2) => formatPercent(value, digits);
/** An absolute change of a rate, in percentage points. */
export const formatPoints = (value, digits = 2) => (defined(value) ? `${sign(value)}${Math.abs(100 * value).toFixed(digits)} pp` : dash);
/** A relative change, in percent of the control's value. */
export const formatRelative = (value, digits = 1) => (defined(value) ? `${sign(value)}${Math.abs(100 * value).toFixed(digits)}%` : dash);
export const formatP = (value) => (!defined(value) ? dash : value < 0.001 ? "< 0.001" : Number(value).toFixed(3));
/** "p = 0.190" or "p < 0.001", for sentences. */
export const pStatement = (value) => (!defined(value) ? "p not defined" : value < 0.001 ? "p < 0.001" : `p = ${Number(value).toFixed(3)}`);
export const formatProbability = (value) => (!defined(value) ? dash : value > 0.999 ? "> 99.9%" : value < 0.001 ? "< 0.1%" : `${(100 * value).toFixed(1)}%`);
export const formatStatistic = (value, digits = 3) => (defined(value) ? `${value < 0 ? "−" : ""}${Math.abs(value).toFixed(digits)}` : dash);

/** "a to b" with the figure's own format, or a dash when the interval is not defined. */
export function formatInterval(low, high, format) {
  return defined(low) && defined(high) ? `${format(low)} to ${format(high)}` : dash;
}

/** Means from the events are money (revenue per user); an export's outcome means are plain numbers (rounds played). */
const isMoney = (row) => (row.metric ?? row.primary_metric) === "revenue_per_user";
const plainNumber = { format: (value) => formatFixed(value, 2) };

/** A metric's own value: a rate for proportions, money for revenue, a number for an export's mean. */
export function valueFormat(row, money) {
  if ((row.metric_kind ?? row.primary_metric_kind) === "proportion") return (v) => formatRate(v);
  return (v) => (defined(v) ? (isMoney(row) ? money(v) : plainNumber.format(v)) : dash);
}

/** A metric's absolute lift: points for rates, money or a number for means (with a sign). */
export function liftFormat(row, money) {
  if ((row.metric_kind ?? row.primary_metric_kind) === "proportion") return (v) => formatPoints(v);
  return (v) => (defined(v) ? `${sign(v)}${isMoney(row) ? money(Math.abs(v)) : plainNumber.format(Math.abs(v))}` : dash);
}

/** What a success of a rate metric is called beside its count: "converted", "returned", or the outcome's label. */
export function successWord(row) {
  return row.metric === "conversion" ? "converted" : row.metric === "return_visit" ? "returned" : `with ${row.metric_label}`;
}

export const srmLabels = { ok: "sample ratio OK", warning: "sample ratio warning", invalid: "sample ratio mismatch" };
/** An expected loss of rate, always positive, in percentage points. */
export const formatLoss = (value) => (!defined(value) ? dash : value < 0.00001 ? "< 0.001 pp" : `${(100 * value).toFixed(3)} pp`);
