// The days of the simulated span and how busy each one is. Times inside the generator are whole
// seconds since the span start (UTC), which fit an INTEGER column for 68 years.
import { seasonality } from "./parameters.ts";

export const DAY = 86_400;

export interface Calendar {
  startEpoch: number;
  days: number;
  endSecond: number;
  /** Relative busyness of each day: weekday x month x holiday factors, mean 1 over the span. */
  busyness: Float64Array;
  /** Running sum of busyness: operational time, in which a customer's purchase rate is constant. */
  operational: Float64Array;
  /** Day index -> ISO date, for the ground truth and quarter ends. */
  isoDate(day: number): string;
  /** Day index -> 0 (Monday) .. 6 (Sunday). */
  weekday: Uint8Array;
  /** Day index -> 0 .. 11. */
  month: Uint8Array;
}

/** startDate like "2024-01-01"; the span ends `months` calendar months later (exclusive). */
export function makeCalendar(startDate: string, months: number): Calendar {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  if (!match) throw new Error(`startDate must look like 2024-01-01, got "${startDate}"`);
  const [year, month0, day0] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const startMs = Date.UTC(year, month0, day0);
  const endMs = Date.UTC(year, month0 + months, day0);
  if (new Date(startMs).getUTCDate() !== day0) throw new Error(`startDate "${startDate}" is not a calendar date`);
  const days = Math.round((endMs - startMs) / 86_400_000);
  const weekday = new Uint8Array(days);
  const month = new Uint8Array(days);
  const busyness = new Float64Array(days);
  let sum = 0;
  for (let d = 0; d < days; d++) {
    const date = new Date(startMs + d * 86_400_000);
    weekday[d] = (date.getUTCDay() + 6) % 7;
    month[d] = date.getUTCMonth();
    const holiday = seasonality.holidays.find((h) => h.month === month[d] && h.days.includes(date.getUTCDate()));
    busyness[d] = seasonality.weekday[weekday[d]] * seasonality.month[month[d]] * (holiday ? holiday.factor : 1);
    sum += busyness[d];
  }
  const operational = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    busyness[d] *= days / sum;
    operational[d + 1] = operational[d] + busyness[d];
  }
  return {
    startEpoch: startMs / 1000,
    days,
    endSecond: days * DAY,
    busyness,
    operational,
    weekday,
    month,
    isoDate: (d) => new Date(startMs + d * 86_400_000).toISOString().slice(0, 10),
  };
}

/**
 * The day on which `gap` operational days after `second` falls: busy days pass quickly, quiet ones
 * slowly, so a constant purchase rate in operational time shows the seasonality in calendar time.
 * Returns `days` when the jump leaves the span.
 */
export function advanceOperational(calendar: Calendar, second: number, gap: number): number {
  const { operational, busyness, days } = calendar;
  const day = Math.floor(second / DAY);
  if (day >= days) return days;
  const target = operational[day] + busyness[day] * ((second - day * DAY) / DAY) + gap;
  if (target >= operational[days]) return days;
  let lo = day;
  let hi = days;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (operational[mid] <= target) lo = mid;
    else hi = mid;
  }
  return lo;
}
