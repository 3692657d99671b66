// Reads an export folder back into customer -> properties, format by format, the way each tool
// would apply it (Amplitude $set/$unset, Mixpanel $set then $unset updates, Heap's strings, CSV
// cells). Written apart from the exporter so a round trip checks it rather than repeats it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { Properties } from "../../data-loaders/exports/properties.ts";

export interface ReadBack {
  /** customer -> how many times the customer appears across the batch files */
  appearances: Map<string, number>;
  properties: Map<string, Properties>;
  /** customer ids in file order */
  order: string[];
}

const batchFiles = (dir: string, pattern: RegExp) => readdirSync(dir).filter((f) => pattern.test(f)).sort();

function collector(): ReadBack & { add(id: string, props: Properties): void } {
  const result = {
    appearances: new Map<string, number>(), properties: new Map<string, Properties>(), order: [] as string[],
    add(id: string, props: Properties) {
      result.appearances.set(id, (result.appearances.get(id) ?? 0) + 1);
      result.order.push(id);
      result.properties.set(id, props);
    },
  };
  return result;
}

export function readAmplitude(dir: string, names: string[]): ReadBack {
  const out = collector();
  for (const file of batchFiles(dir, /^amplitude-identify-\d{4}\.json$/)) {
    for (const item of JSON.parse(readFileSync(join(dir, file), "utf8")).identification) {
      const set = item.user_properties.$set ?? {};
      const unset = item.user_properties.$unset ?? {};
      out.add(item.user_id, Object.fromEntries(names.map((n) => [n, n in set ? set[n] : n in unset ? null : undefined])));
    }
  }
  return out;
}

export function readMixpanel(dir: string, names: string[]): ReadBack {
  const out = collector();
  const profiles = new Map<string, Properties>();
  for (const file of batchFiles(dir, /^mixpanel-engage-\d{4}\.json$/)) {
    for (const update of JSON.parse(readFileSync(join(dir, file), "utf8"))) {
      const id = update.$distinct_id;
      if (update.$set) {
        const profile = Object.fromEntries(names.map((n) => [n, n in update.$set ? update.$set[n] : undefined]));
        profiles.set(id, profile);
        out.add(id, profile);
      } else {
        for (const n of update.$unset) profiles.get(id)![n] = null;
      }
    }
  }
  return out;
}

/** Heap sends booleans as text and leaves out properties without a value. */
export function readHeap(dir: string, names: string[], types: Record<string, string>): ReadBack {
  const out = collector();
  for (const file of batchFiles(dir, /^heap-user-properties-\d{4}\.json$/)) {
    for (const user of JSON.parse(readFileSync(join(dir, file), "utf8")).users) {
      out.add(user.identity, Object.fromEntries(names.map((n) => {
        const v = user.properties[n];
        return [n, v === undefined ? null : types[n] === "boolean" ? v === "true" : v];
      })));
    }
  }
  return out;
}

export function readCsv(path: string, idColumn: string, names: string[], types: Record<string, string>): ReadBack {
  const out = collector();
  const rows = csvParse(readFileSync(path, "utf8"));
  for (const row of rows) {
    out.add(row[idColumn]!, Object.fromEntries(names.map((n) => {
      const cell = row[n]!;
      if (cell === "") return [n, null];
      return [n, types[n] === "boolean" ? cell === "true" : types[n] === "integer" || types[n] === "number" ? Number(cell) : cell];
    })));
  }
  return out;
}
