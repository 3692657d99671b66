// Number and date formats shared by every page, so a figure reads the same everywhere. A missing
// value (no data for it in this build) reads as a dash rather than as 0, NaN or 1970.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const missing = (value) => value === null || value === undefined || Number.isNaN(Number(value));
const orDash = (format) => (value, ...rest) => (missing(value) ? "—" : format(value, ...rest));

export const formatInteger = orDash((value) => integer.format(Number(value)));
export const formatDecimal = orDash((value) => decimal.format(Number(value)));
export const formatPercent = orDash((value, digits = 1) => `${(100 * Number(value)).toFixed(digits)}%`);
/** A count with its noun, singular or plural as the count says: "1 order", "2,303 orders", "1 person". */
export const formatCount = orDash((value, singular, plural = `${singular}s`) => `${integer.format(Number(value))} ${Number(value) === 1 ? singular : plural}`);
export const formatDate = (value) => (value === null || value === undefined ? "—" : date.format(new Date(value)));

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
