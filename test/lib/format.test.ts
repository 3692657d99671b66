// The shared page formats: a missing value reads as a dash, and counts carry their noun in the
// right number.
import { expect, test } from "vitest";
import { columnLabel, formatCount, formatInteger } from "../../src/components/format.js";

test("counts with their noun: singular for exactly one, plural otherwise, a dash when missing", () => {
  expect(formatCount(1, "order")).toBe("1 order");
  expect(formatCount(2303, "order")).toBe("2,303 orders");
  expect(formatCount(0, "order")).toBe("0 orders");
  expect(formatCount(1, "person", "people")).toBe("1 person");
  expect(formatCount(3, "person", "people")).toBe("3 people");
  expect(formatCount(null, "order")).toBe("—");
  expect(formatInteger(undefined)).toBe("—");
});

test("column names read as headers: words, abbreviations in capitals, a trailing unit in brackets", () => {
  expect(columnLabel("recency_days")).toBe("Recency (days)");
  expect(columnLabel("customer_id")).toBe("Customer ID");
  expect(columnLabel("aov")).toBe("AOV");
  expect(columnLabel("one_off_price_change")).toBe("One off price change");
  expect(columnLabel("p_alive")).toBe("P(alive)");
  expect(columnLabel("median_seconds")).toBe("Median (seconds)");
  expect(columnLabel("Already a label")).toBe("Already a label");
});
