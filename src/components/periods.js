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

/**
 * A cohort row's name: its period, or for the row pooling the earlier cohorts of a fine grain
 * (cohort-query.js, cohorts_pooled > 1) "701 earlier"; `long` adds the span it covers.
 */
export function cohortLabel(row, grain, { long = false } = {}) {
  const pooled = Number(row.cohorts_pooled ?? 1);
  if (pooled <= 1) return periodLabel(row.cohort_start, grain);
  return long ? `${pooled} earlier ${grain === "day" ? "daily" : grain === "week" ? "weekly" : "monthly"} cohorts pooled (${periodLabel(row.cohort_start, grain)} to ${periodLabel(row.cohort_end, grain)})` : `${pooled} earlier`;
}

const dayNumber = (iso) => Date.parse(`${String(iso).slice(0, 10)}T00:00:00Z`) / 86_400_000;
/** Periods from the one holding `firstDate` to the one holding `lastDate` (YYYY-MM-DD): the most a cohort can have after its first. */
export function periodsBetween(firstDate, lastDate, grain) {
  const first = dayNumber(firstDate);
  const last = dayNumber(lastDate);
  if (grain === "day") return last - first;
  // Day 0 of the epoch (1 Jan 1970) was a Thursday: Monday-based weekday = (day + 3) mod 7.
  if (grain === "week") return ((last - ((last + 3) % 7)) - (first - ((first + 3) % 7))) / 7;
  return (+lastDate.slice(0, 4) - +firstDate.slice(0, 4)) * 12 + (+lastDate.slice(5, 7) - +firstDate.slice(5, 7));
}
