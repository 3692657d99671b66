// Number, money, percentage and date formats shared by every page (and by experiment-format.js),
// so a figure reads the same everywhere. A missing value (no data for it in this build) reads as
// the one dash below rather than as 0, NaN, 1970 or another dash.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** What a missing value reads as, everywhere. */
export const dash = "—";
/** Whether a value is missing: null, undefined, or not a number (NaN, Infinity). */
export const isMissing = (value) => value === null || value === undefined || !Number.isFinite(Number(value));
const orDash = (format) => (value, ...rest) => (isMissing(value) ? dash : format(value, ...rest));

export const formatInteger = orDash((value) => integer.format(Number(value)));
export const formatDecimal = orDash((value) => decimal.format(Number(value)));
/** A count in few characters, for a narrow axis: 0, 950, 5K, 12.5K, 1.2M. */
export const formatCompact = orDash((value) => compact.format(Number(value)));
/** A number with a fixed count of decimals and thousands separators: formatFixed(1.234, 2) = "1.23". */
export const formatFixed = orDash((value, digits = 2) => Number(value).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** A number to `digits` significant digits (model parameters whose scale varies): "0.2431", "1,234.57". */
export const formatSignificant = orDash((value, digits = 4) => (Math.abs(Number(value)) >= 10 ** digits ? integer.format(Number(value)) : Number(Number(value).toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 20 })));
/** A ratio read as "times": formatTimes(2.345) = "2.35×". */
export const formatTimes = orDash((value, digits = 2) => `${formatFixed(value, digits)}×`);
export const formatPercent = orDash((value, digits = 1) => `${(100 * Number(value)).toFixed(digits)}%`);
/** A duration in seconds in the unit a reader takes in at a glance: "45 s", "2.5 min", "3.2 h", "4.0 days". */
export const formatDuration = orDash((value) => {
  const s = Number(value);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
});
/** The noun (or verb) that agrees with a count: plural(1, "is", "are") = "is", plural(2, "order") = "orders". */
export const plural = (count, singular, pluralForm = `${singular}s`) => (Number(count) === 1 ? singular : pluralForm);
/** A count with its noun, singular or plural as the count says: "1 order", "2,303 orders", "1 person". */
export const formatCount = orDash((value, singular, pluralForm) => `${integer.format(Number(value))} ${plural(value, singular, pluralForm)}`);
export const formatDate = (value) => (value === null || value === undefined || Number.isNaN(new Date(value).getTime()) ? dash : date.format(new Date(value)));
/** A date as ISO text, 2011-12-09 (tooltips and axes that must sort as written). */
export const formatIsoDate = (value) => (value === null || value === undefined || Number.isNaN(new Date(value).getTime()) ? dash : new Date(value).toISOString().slice(0, 10));

/** Money in the store's currency (store_summary.currency), e.g. formatMoney = moneyFormat("GBP"). */
export function moneyFormat(currency, { digits = 2 } = {}) {
  const format = new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return orDash((value) => format.format(Number(value)));
}

// Words a column name is made of that read as abbreviations or need their own spelling.
const labelWords = { id: "ID", aov: "AOV", rfm: "RFM", cltv: "CLTV", clv: "CLV", abc: "ABC", roas: "ROAS", fm: "FM", p90: "p90", url: "URL", utm: "UTM" };
// Trailing units written as "(days)" rather than as a word of the name.
const labelUnits = { days: "days", seconds: "seconds", pct: "%", share: null };

/**
 * A column name as a table header: "recency_days" -> "Recency (days)", "customer_id" -> "Customer
 * ID", "p_alive" -> "P(alive)". Pages name the headers they care about; this fills in the rest so
 * that no header reads as a database column.
 */
export function columnLabel(name) {
  const text = String(name);
  if (!/^[a-z0-9]+(_[a-z0-9]+)*$/.test(text)) return text;
  if (text === "p_alive" || text === "mean_p_alive") return text === "p_alive" ? "P(alive)" : "Mean P(alive)";
  const words = text.split("_");
  const last = words[words.length - 1];
  const unit = words.length > 1 && labelUnits[last] ? ` (${labelUnits[last]})` : "";
  const body = (unit ? words.slice(0, -1) : words).map((w) => labelWords[w] ?? w);
  const sentence = body.join(" ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${unit}`;
}
