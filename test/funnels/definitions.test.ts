// seeds/funnels.yml: the shipped file is valid, and each kind of mistake stops with a message that
// names the file, the funnel and the key.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { checkEventNames, readFunnelDefinitions } from "../../data-loaders/lib/funnels/definitions.ts";

const dir = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP ?? tmpdir(), "funnels-"));
const events = ["session_start", "page_view", "view_item", "add_to_cart", "begin_checkout", "purchase"];

function definitions(yaml: string) {
  const path = join(dir, "funnels.yml");
  writeFileSync(path, yaml);
  const read = readFunnelDefinitions(path);
  checkEventNames(read, events, path);
  return read;
}

const funnel = (body: string) => `funnels:\n  - name: Cart\n${body}`;
const steps = "    steps: [{event: view_item}, {event: add_to_cart}]\n";

describe("funnel definitions", () => {
  it("ships a purchase funnel, a strict checkout funnel and a session-based funnel", () => {
    const shipped = readFunnelDefinitions();
    expect(shipped.find((f) => f.name === "Purchase")?.steps.map((s) => s.event)).toEqual(["session_start", "view_item", "add_to_cart", "begin_checkout", "purchase"]);
    expect(shipped.some((f) => f.order === "strict")).toBe(true);
    expect(shipped.some((f) => f.unit === "sessions")).toBe(true);
    checkEventNames(shipped, events);
  });

  it("a typo stops the build; an event the store does not track makes only that funnel unavailable", () => {
    const path = join(dir, "funnels.yml");
    writeFileSync(path, `funnels:\n  - name: Cart\n${steps}    window: 1 day\n  - name: Wishlist\n    steps: [{event: view_item}, {event: add_to_wishlist}]\n    window: 1 day\n`);
    const read = readFunnelDefinitions(path);
    const unavailable = checkEventNames(read, events, path);
    expect([...unavailable]).toEqual([["Wishlist", 'the events have no "add_to_wishlist"']]);
    // With no events at all nothing is checked: the page says there are no events.
    expect(checkEventNames(read, [], path).size).toBe(0);
  });

  it("reads windows, filters, exclusions and defaults", () => {
    const [f] = definitions(funnel(`    steps: [{event: page_view, where: {page: /cart}}, {event: begin_checkout}, {event: purchase}]
    window: 30 minutes
    exclusions: [{event: page_view, where: {page: [/, /sale]}, after: 1, before: 3}]
`));
    expect(f.windowSeconds).toBe(1800);
    expect(f.steps[0].where).toEqual({ page: "/cart" });
    expect(f.exclusions).toEqual([{ event: "page_view", where: { page: ["/", "/sale"] }, after: 1, before: 3 }]);
    expect([f.order, f.unit, f.attribution, f.counting]).toEqual(["sequential", "users", "first", "best"]);
  });

  it.each([
    [funnel(`    steps: [{event: view_itme}, {event: add_to_cart}]\n    window: 1 day\n`), /funnels\.yml, funnel "Cart", key steps, step 1: event "view_itme" is not in the events\. Did you mean "view_item"\?/],
    [funnel(`    steps: [{event: view_item, where: {pgae: /x}}, {event: add_to_cart}]\n    window: 1 day\n`), /funnel "Cart", key steps, step 1, where: unknown property "pgae"\. Did you mean "page"\?/],
    [funnel(`${steps}    window: 0 minutes\n`), /funnel "Cart", key window: the window must be longer than 0/],
    [funnel(`${steps}    window: -2 days\n`), /funnel "Cart", key window: the window must be longer than 0/],
    [funnel(`${steps}    window: soon\n`), /funnel "Cart", key window: "soon" is not a window/],
    [funnel(`    steps: [{event: view_item}]\n    window: 1 day\n`), /funnel "Cart", key steps: a funnel has at least 2 steps \(found 1\)/],
    [funnel(`${steps}    window: 1 day\n    order: strcit\n`), /funnel "Cart", key order: "strcit" is not an order mode; use one of sequential, strict, any\. Did you mean "strict"\?/],
    [funnel(`${steps}    window: 1 day\n    breakdowns: [devise_category]\n`), /key breakdowns: "devise_category" is not a breakdown property\. Did you mean "device_category"\?/],
    [funnel(`${steps}    window: 1 day\n    windows: 2 days\n`), /funnel "Cart", key windows: unknown key\. Did you mean "window"\?/],
  ])("rejects a mistake with the file, funnel and key (%#)", (yaml, message) => {
    expect(() => definitions(yaml)).toThrow(message);
  });
});
