// Config defaults (currency, churn window, MAU window, conversion window, ...) are filled once, by
// the pipeline from data-loaders/models/vars.yml, and pages read the resolved values from
// report_settings.json (src/components/report-settings.js). A page or component that writes its own
// fallback (`?? "GBP"`, `summary?.mau_window_days ?? 28`) keeps a second copy of a default that
// silently disagrees when the config changes: this scan fails on one.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { reportSettings } from "../../src/components/report-settings.js";

const declared = Object.keys(parse(readFileSync(join(projectRoot, "data-loaders", "models", "vars.yml"), "utf8")) as Record<string, unknown>);

/** Lines of `text` that give a setting a default of their own; each as "line: text". */
export function settingFallbacks(text: string): string[] {
  // The property a numeric fallback follows: windowDays, mau_window_days, churnWindow, ...
  const settingName = /^(currency|\w*window\w*|\w*_days|\w*Days)$/i;
  return text.split("\n").flatMap((line, i) => {
    const numericFallback = [...line.matchAll(/([\w$]+)\)?\s*(?:\?\?|\|\|)\s*\d/g)].some((m) => settingName.test(m[1]));
    const found =
      /(\?\?|\|\|)\s*["'`][A-Z]{3}["'`]/.test(line) || // ?? "GBP", || "EUR"
      /\bcurrency\s*=\s*["'`][A-Z]{3}["'`]/.test(line) || // a parameter defaulting to a currency code
      numericFallback || // windowDays ?? 28
      /name\s*===\s*["'`]\w+["'`]\)\??\.value\s*(\?\?|\|\|)/.test(line) || // settings.find(...)?.value ?? ...
      declared.some((name) => new RegExp(`\\b${name}\\s*(\\?\\?|\\|\\|)`).test(line)); // summary.churn_window_days ?? ...
    return found ? [`${i + 1}: ${line.trim()}`] : [];
  });
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") || entry.name === "data" ? [] : files(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

describe("pages take config defaults from the build, never their own", () => {
  test("the scan finds each kind of fallback (so a pass means none is there)", () => {
    expect(settingFallbacks(`const money = moneyFormat(summary?.currency ?? "GBP");`)).toHaveLength(1);
    expect(settingFallbacks(`const windowDays = summary?.mau_window_days ?? 28;`)).toHaveLength(1);
    expect(settingFallbacks(`const w = settings.find((d) => d.name === "churn_window_days")?.value ?? 90;`)).toHaveLength(1);
    expect(settingFallbacks(`const days = conversionWindowDays || 30;`)).toHaveLength(1);
    expect(settingFallbacks(`export function Chart(rows, { currency = "EUR" } = {}) {`)).toHaveLength(1);
    expect(settingFallbacks(`x: summary.experiment_conversion_window_days ?? defaultDays,`)).toHaveLength(1);
    // Not fallbacks of a setting: other defaults and the settings read through the component.
    expect(settingFallbacks(`const value = Math.min(periodsAvailable, { month: 24, week: 26, day: 30 }[grain]);`)).toEqual([]);
    expect(settingFallbacks(`const rows = data ?? [];\nconst k = d.period ?? 0;\nconst money = moneyFormat(settings.currency);`)).toEqual([]);
  });

  test("no page (src/**/*.md) or component (src/components/*.js) has one", () => {
    const pages = files(join(projectRoot, "src"), (name) => name.endsWith(".md"));
    const components = files(join(projectRoot, "src", "components"), (name) => name.endsWith(".js"));
    expect(pages.length).toBeGreaterThan(10);
    const found = [...pages, ...components].flatMap((path) => settingFallbacks(readFileSync(path, "utf8")).map((hit) => `${relative(projectRoot, path)}:${hit}`));
    expect(found).toEqual([]);
  });
});

describe("report-settings.js", () => {
  const rows = [
    { name: "currency", value: "EUR" },
    { name: "churn_window_days", value: "120" },
    { name: "mau_window_days", value: "30" },
  ];
  test("gives the build's values, typed", () => {
    const settings = reportSettings(rows);
    expect(settings.currency).toBe("EUR");
    expect(settings.churnWindowDays).toBe(120);
    expect(settings.mauWindowDays).toBe(30);
  });
  test("a setting the file lacks is an error naming it, not a default", () => {
    expect(() => reportSettings(rows).conversionWindowDays).toThrow(/report_settings\.json has no value for "experiment_conversion_window_days"/);
  });
});
