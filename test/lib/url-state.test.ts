// @vitest-environment jsdom
// Controls kept in the address: a link restores the control when it names an allowed value,
// anything else is ignored (and taken out of the address); a change rewrites the address without
// a new history entry; the default value leaves the address clean.
import { beforeEach, describe, expect, test } from "vitest";
import { bindUrl, dateOption, pickOption, rangeOption, requestedValue, searchBox, textOption, withParam } from "../../src/components/url-state.js";

/** What bindUrl needs of an Observable Inputs control: a value and "input" events. */
function fakeInput(value: unknown) {
  const input = document.createElement("form") as HTMLFormElement & { value: unknown };
  input.value = value;
  return input;
}
const change = (input: HTMLElement & { value: unknown }, value: unknown) => {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
const go = (search: string) => history.replaceState(null, "", `/engagement/cohorts${search}`);

describe("choosing a value from the address", () => {
  test("a list of options: the one whose key is the text, else nothing", () => {
    const segments = [{ segment: "Champions" }, { segment: "At Risk" }];
    expect(pickOption("At Risk", segments, (d: { segment: string }) => d.segment)).toBe(segments[1]);
    expect(pickOption("Nobody", segments, (d: { segment: string }) => d.segment)).toBeUndefined();
    expect(pickOption(null, ["a"])).toBeUndefined();
    expect(requestedValue("?grain=week&x=1", "grain", ["month", "week"])).toBe("week");
    expect(requestedValue("?grain=year", "grain", ["month", "week"])).toBeUndefined();
  });

  test("a slider, a text and a date: numbers inside the range and on its step, real days inside the range", () => {
    const days = rangeOption(0.5, 60, 0.5);
    expect(["0.5", "30", "59.5", "60"].map(days)).toEqual([0.5, 30, 59.5, 60]);
    expect(["0", "60.5", "1.25", "abc", "1e3", ""].map(days)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(textOption(5)("abcdef")).toBeUndefined();
    const inYear = dateOption("2024-01-01", "2024-12-31");
    expect(inYear("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(["2023-02-29", "2024-13-01", "2025-01-01", "2024-1-5", "yesterday"].map(inYear)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test("the address with a parameter set, replaced or removed", () => {
    expect(withParam("http://h/p?a=1", "b", "x y")).toBe("http://h/p?a=1&b=x+y");
    expect(withParam("http://h/p?a=1&b=2", "b", null)).toBe("http://h/p?a=1");
  });
});

describe("bindUrl", () => {
  beforeEach(() => go(""));

  test("a link restores the control; a change rewrites the address; the default leaves it clean", () => {
    go("?grain=week&mode=in_or_after");
    const before = history.length;
    const grain = bindUrl(fakeInput("month"), "grain", { options: ["month", "week", "day"] });
    expect(grain.value).toBe("week");
    change(grain, "day");
    expect(location.search).toBe("?grain=day&mode=in_or_after");
    change(grain, "month");
    expect(location.search).toBe("?mode=in_or_after");
    expect(history.length).toBe(before);
  });

  test("an unknown value is ignored and taken out of the address", () => {
    go("?grain=fortnight&other=1");
    const grain = bindUrl(fakeInput("month"), "grain", { options: ["month", "week"] });
    expect(grain.value).toBe("month");
    expect(location.search).toBe("?other=1");
  });

  test("objects are named by their key; defaultValue null keeps every pick in the address", () => {
    const rows = [{ customer_id: "12346" }, { customer_id: "16446" }];
    go("?customer=16446");
    const table = bindUrl(fakeInput(null), "customer", { options: rows, key: (d: { customer_id: string } | null) => d?.customer_id ?? "", defaultValue: null });
    expect(table.value).toBe(rows[1]);
    change(table, rows[0]);
    expect(location.search).toBe("?customer=12346");
  });

  test("a search box: its query is read from and written to the text box inside the control", () => {
    go("?q=Champ");
    const form = document.createElement("form") as HTMLFormElement & { value: unknown };
    const box = document.createElement("input");
    form.append(box);
    let typed = "";
    box.addEventListener("input", () => (typed = box.value));
    bindUrl(form, "q", searchBox(form));
    expect([box.value, typed]).toEqual(["Champ", "Champ"]);
    box.value = "Lost";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    expect(location.search).toBe("?q=Lost");
  });
});
