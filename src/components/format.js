// Number and date formats shared by every page, so a figure reads the same everywhere.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export const formatInteger = (value) => integer.format(Number(value));
export const formatMoney = (value) => money.format(Number(value));
export const formatPercent = (value, digits = 1) => `${(100 * Number(value)).toFixed(digits)}%`;
export const formatDate = (value) => date.format(new Date(value));
