// The calendar: span length, weekdays, busyness and operational time.
import { describe, expect, it } from "vitest";
import { advanceOperational, makeCalendar } from "../../data-loaders/generator/calendar.ts";
import { seasonality } from "../../data-loaders/generator/parameters.ts";

describe("calendar", () => {
  const calendar = makeCalendar("2024-01-01", 24);

  it("spans 2024-01-01 to 2025-12-31 with real weekdays", () => {
    expect(calendar.days).toBe(731);
    expect(calendar.isoDate(0)).toBe("2024-01-01");
    expect(calendar.isoDate(calendar.days - 1)).toBe("2025-12-31");
    expect(calendar.startEpoch).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(calendar.weekday[0]).toBe(0); // 2024-01-01 was a Monday
    expect(calendar.weekday[5]).toBe(5); // and 2024-01-06 a Saturday
  });

  it("weights days by weekday, month and holiday, with mean 1", () => {
    const mean = calendar.busyness.reduce((s, b) => s + b, 0) / calendar.days;
    expect(mean).toBeCloseTo(1, 12);
    // 2024-01-08 (Monday) and 2024-01-13 (Saturday): same month, no holiday.
    expect(calendar.busyness[7] / calendar.busyness[12]).toBeCloseTo(seasonality.weekday[0] / seasonality.weekday[5], 12);
    // 2024-11-13 and 2024-07-10 are both Wednesdays.
    const nov = (Date.UTC(2024, 10, 13) - Date.UTC(2024, 0, 1)) / 86_400_000;
    const jul = (Date.UTC(2024, 6, 10) - Date.UTC(2024, 0, 1)) / 86_400_000;
    expect(calendar.busyness[nov] / calendar.busyness[jul]).toBeCloseTo(seasonality.month[10] / seasonality.month[6], 12);
    const christmas = (Date.UTC(2024, 11, 25) - Date.UTC(2024, 0, 1)) / 86_400_000;
    expect(calendar.busyness[christmas]).toBeLessThan(0.5);
  });

  it("moves through operational time faster on busy days", () => {
    expect(advanceOperational(calendar, 0, 0)).toBe(0);
    expect(advanceOperational(calendar, 0, calendar.days + 1)).toBe(calendar.days);
    // One operational day from the start of a quiet Saturday lasts past Saturday.
    expect(advanceOperational(calendar, 5 * 86_400, 1)).toBe(6);
    // A year of operational time from 1 January 2024 ends within a few days of 1 January 2025.
    const day = advanceOperational(calendar, 0, 365.5);
    expect(Math.abs(day - 366)).toBeLessThan(10);
  });

  it("refuses impossible dates", () => {
    expect(() => makeCalendar("2024-02-30", 12)).toThrow(/calendar date/);
    expect(() => makeCalendar("24-01-01", 12)).toThrow(/2024-01-01/);
  });
});
