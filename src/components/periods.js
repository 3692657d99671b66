// How days, ISO weeks and months are named on the engagement pages. Dates arrive as ISO strings
// (JSON) or epoch milliseconds (Arrow); both are UTC midnights.
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const month = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

export const toDate = (value) => (value instanceof Date ? value : new Date(typeof value === "string" && value.length === 10 ? `${value}T00:00:00Z` : value));

/** "Dec 2010", "w/c 6 Dec 2010" (week commencing Monday), "6 Dec 2010". */
export function periodLabel(value, grain) {
  const date = toDate(value);
  if (grain === "month") return month.format(date);
  if (grain === "week") return `w/c ${day.format(date)}`;
  return day.format(date);
}

export const periodNoun = { day: "day", week: "week", month: "month" };
export const grainAdjective = { day: "daily", week: "weekly", month: "monthly" };
