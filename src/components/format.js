// Number and date formats shared by every page, so a figure reads the same everywhere.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export const formatInteger = (value) => integer.format(Number(value));
export const formatDecimal = (value) => decimal.format(Number(value));
export const formatPercent = (value, digits = 1) => `${(100 * Number(value)).toFixed(digits)}%`;
export const formatDate = (value) => date.format(new Date(value));

/** Money in the store's currency (store_summary.currency), e.g. formatMoney = moneyFormat("GBP"). */
export function moneyFormat(currency, { digits = 2 } = {}) {
  const format = new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (value) => format.format(Number(value));
}
