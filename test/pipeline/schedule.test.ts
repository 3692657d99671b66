// The model scheduler: dependencies always finish first, no more than `concurrency` runs at
// once, independent models do overlap, and an unexpected error stops new starts.
import { describe, expect, test } from "vitest";
import { runInDependencyOrder, type Schedulable } from "../../data-loaders/pipeline/schedule.ts";

// a -> c, b -> c, c -> d; e stands alone.
const graph: Schedulable[] = [
  { name: "a", dependsOn: [] },
  { name: "b", dependsOn: [] },
  { name: "c", dependsOn: ["a", "b"] },
  { name: "e", dependsOn: ["outside_the_run"] },
  { name: "d", dependsOn: ["c"] },
];

/** Runs the graph with runs that take `delays[name]` ms and records what happened when. */
async function trace(concurrency: number, delays: Record<string, number> = {}, failOn?: string) {
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (item: Schedulable) => {
    events.push(`start ${item.name}`);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, delays[item.name] ?? 5));
    inFlight--;
    events.push(`end ${item.name}`);
    if (item.name === failOn) throw new Error(`${item.name} broke`);
  };
  const outcome = await runInDependencyOrder(graph, concurrency, run).then(() => "ok", (error: Error) => error.message);
  return { events, maxInFlight, outcome };
}

describe("runInDependencyOrder", () => {
  test("with concurrency 1 it is the given order, one at a time", async () => {
    const { events, maxInFlight } = await trace(1);
    expect(maxInFlight).toBe(1);
    expect(events.filter((e) => e.startsWith("start"))).toEqual(["start a", "start b", "start c", "start e", "start d"]);
  });

  test("every item starts after all its dependencies ended, and never more than the limit run", async () => {
    for (const concurrency of [2, 3]) {
      const { events, maxInFlight, outcome } = await trace(concurrency, { a: 30, b: 5, e: 5 });
      expect(outcome).toBe("ok");
      expect(maxInFlight).toBe(concurrency);
      for (const item of graph) {
        for (const dependency of item.dependsOn.filter((d) => graph.some((g) => g.name === d))) {
          expect(events.indexOf(`end ${dependency}`), `${dependency} before ${item.name}`).toBeLessThan(events.indexOf(`start ${item.name}`));
        }
      }
      expect(events.filter((e) => e.startsWith("end")).sort()).toEqual(["end a", "end b", "end c", "end d", "end e"]);
    }
  });

  test("independent items overlap: while a runs long, b and e both finish", async () => {
    const { events } = await trace(2, { a: 40 });
    expect(events.indexOf("end e")).toBeLessThan(events.indexOf("end a"));
    expect(events.indexOf("end b")).toBeLessThan(events.indexOf("end a"));
  });

  test("an error stops new starts, waits for runs in flight, and is rethrown", async () => {
    const { events, outcome } = await trace(2, { a: 5, b: 30 }, "a");
    expect(outcome).toBe("a broke");
    expect(events).toContain("end b"); // in flight when a failed: allowed to finish
    expect(events).not.toContain("start c");
    expect(events).not.toContain("start d");
  });
});

describe("runs that must run alone", () => {
  test("start when nothing else runs, and nothing starts beside them", async () => {
    const events: string[] = [];
    const running = new Set<string>();
    const overlaps: string[] = [];
    const heavy = new Set(["b", "c"]);
    await runInDependencyOrder(graph, 2, async (item) => {
      if ([...running].some((other) => heavy.has(other) || heavy.has(item.name))) overlaps.push(`${item.name} beside ${[...running].join(",")}`);
      running.add(item.name);
      events.push(`start ${item.name}`);
      await new Promise((resolve) => setTimeout(resolve, item.name === "a" ? 20 : 5));
      running.delete(item.name);
      events.push(`end ${item.name}`);
    }, (item) => heavy.has(item.name));
    expect(overlaps).toEqual([]);
    // b, first in line after a, waits for a and runs alone (e behind it waits too); light e and d overlap.
    expect(events.indexOf("end a")).toBeLessThan(events.indexOf("start b"));
    expect(events.indexOf("end b")).toBeLessThan(events.indexOf("start e"));
    expect(events.indexOf("start d")).toBeLessThan(events.indexOf("end e"));
    expect(events.filter((e) => e.startsWith("end")).sort()).toEqual(["end a", "end b", "end c", "end d", "end e"]);
  });
});
