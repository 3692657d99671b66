// The attribution vars: defaults, and a bad value named with its var.
import { describe, expect, test } from "vitest";
import { attributionSettings } from "../../data-loaders/lib/attribution/settings.ts";

describe("attribution settings", () => {
  test("defaults: 30-day lookback, 7-day half-life, 90 days kept for the page", () => {
    expect(attributionSettings({})).toEqual({ lookbackDays: 30, halfLifeDays: 7, maxLookbackDays: 90 });
    expect(attributionSettings({ attribution_lookback_days: 14, attribution_half_life_days: 2.5 })).toEqual({ lookbackDays: 14, halfLifeDays: 2.5, maxLookbackDays: 90 });
  });

  test("bad values name the var", () => {
    expect(() => attributionSettings({ attribution_lookback_days: "a month" })).toThrow('var attribution_lookback_days is "a month"; it must be a number, above 0');
    expect(() => attributionSettings({ attribution_half_life_days: 0 })).toThrow(/vars\.attribution_half_life_days/);
    expect(() => attributionSettings({ attribution_max_lookback_days: 45.5 })).toThrow(/whole number/);
    expect(() => attributionSettings({ attribution_lookback_days: 120 })).toThrow(/attribution_lookback_days \(120\) is more than vars\.attribution_max_lookback_days \(90\)/);
  });
});
