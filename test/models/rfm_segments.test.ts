// The RFM segment map in seeds/ names exactly one segment for each of the 125 score cells, and
// every one of the eleven segments is reachable. The if/else chains copied between projects do
// not have that property: the first matching branch shadows later ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { seedsDir } from "../../data-loaders/pipeline/paths.ts";

const csv = (name: string) => {
  const [header, ...lines] = readFileSync(join(seedsDir, name), "utf8").trim().split("\n");
  const columns = header.split(",");
  // The seeds quote a field only to protect an apostrophe or comma; strip the quotes.
  return lines.map((line) => Object.fromEntries(line.match(/("[^"]*"|[^,]+)/g)!.map((v, i) => [columns[i], v.replace(/^"|"$/g, "")])));
};

const map = csv("rfm_segment_map.csv");
// The seed also lists 'No net value', the group of customers who are not scored (no cell reaches it).
const allSegments = csv("rfm_segments.csv").map((s) => s.segment);
const segments = allSegments.filter((s) => s !== "No net value");

test("125 rows, one per (R, F, M) cell, no cell twice", () => {
  const cells = map.map((m) => `${m.r_score}${m.f_score}${m.m_score}`);
  const expected: string[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) expected.push(`${r}${f}${m}`);
  expect([...cells].sort()).toEqual(expected);
});

test("all eleven segments are reached and no other name appears", () => {
  expect(segments).toHaveLength(11);
  expect(allSegments).toEqual([...segments, "No net value"]);
  expect(map.some((m) => m.segment === "No net value")).toBe(false);
  expect([...new Set(map.map((m) => m.segment))].sort()).toEqual([...segments].sort());
});

test("the best and worst cells land where the segment names say", () => {
  const at = (r: number, f: number, m: number) => map.find((x) => x.r_score === `${r}` && x.f_score === `${f}` && x.m_score === `${m}`)!.segment;
  expect(at(5, 5, 5)).toBe("Champions");
  expect(at(5, 1, 1)).toBe("New Customers");
  expect(at(1, 5, 5)).toBe("Can't Lose Them");
  expect(at(1, 1, 1)).toBe("Lost");
});

test("the widely copied if/else chain never reaches three of its own segments", () => {
  // As written in many RFM tutorials: ranges checked top to bottom, first match wins.
  const classic = (r: number, f: number, m: number): string => {
    if (r >= 4 && f >= 4 && m >= 4) return "Champions";
    if (r >= 2 && f >= 3 && m >= 3) return "Loyal";
    if (r >= 3 && f <= 3 && m <= 3) return "Potential Loyalist";
    if (r >= 4 && f <= 1 && m <= 1) return "New Customers";
    if (r >= 3 && r <= 4 && f <= 1 && m <= 1) return "Promising";
    if (r >= 2 && r <= 3 && f >= 2 && f <= 3 && m >= 2 && m <= 3) return "Need Attention";
    if (r >= 2 && r <= 3 && f <= 2 && m <= 2) return "About To Sleep";
    if (r <= 2 && f >= 2 && m >= 2) return "At Risk";
    if (r <= 1 && f >= 4 && m >= 4) return "Can't Lose Them";
    if (r <= 2 && f <= 2 && m <= 2) return "Hibernating";
    return "Lost";
  };
  const reached = new Set<string>();
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) reached.add(classic(r, f, m));
  expect(segments.filter((s) => !reached.has(s))).toEqual(["New Customers", "Promising", "Can't Lose Them"]);
});
