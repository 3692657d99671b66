// Reads and checks seeds/funnels.yml. Every mistake names the file, the funnel and the key; event
// names are checked against the events themselves (checkEventNames), with the closest known name.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { breakdownProperties, eventProperties, isVariantBreakdown, variantPrefix, orderModes, units, type FunnelSpec, type FunnelStep, type FunnelExclusion } from "../../../src/components/funnel-sql.js";
import { didYouMean, UserError } from "../../pipeline/errors.ts";
import { displayPath, projectRoot } from "../../pipeline/paths.ts";

export const funnelsFile = "seeds/funnels.yml";
/** int_funnel_attempts has a column per step time, at_1 .. at_<maxSteps>. */
export const maxSteps = 10;

export interface FunnelDefinition extends FunnelSpec {
  name: string;
  description: string;
  breakdowns: string[];
  attribution: "first" | "last" | number;
  entryFrom: string | null;
  entryTo: string | null;
  counting: "best" | "attempts";
}

const keys = ["name", "description", "steps", "window", "order", "unit", "exclusions", "breakdowns", "attribution", "hold_constant", "entry", "counting"];
const unitSeconds: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

export function readFunnelDefinitions(path = join(projectRoot, funnelsFile)): FunnelDefinition[] {
  const file = displayPath(path);
  let content: unknown;
  try {
    content = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const list = (content as { funnels?: unknown } | null)?.funnels;
  if (!Array.isArray(list) || list.length === 0) throw new UserError(`${file}: expected "funnels:" with a list of funnels`);
  const seen = new Set<string>();
  return list.map((entry, i) => {
    const where = (key: string) => `${file}, funnel ${typeof entry?.name === "string" ? `"${entry.name}"` : `#${i + 1}`}, key ${key}`;
    if (!entry || typeof entry !== "object") throw new UserError(`${file}, funnel #${i + 1}: expected a mapping with name, steps, window, ...`);
    for (const key of Object.keys(entry)) {
      if (!keys.includes(key)) throw new UserError(`${where(key)}: unknown key.${didYouMean(key, keys)} Keys: ${keys.join(", ")}`);
    }
    const name = entry.name;
    if (typeof name !== "string" || !name.trim()) throw new UserError(`${file}, funnel #${i + 1}, key name: a funnel needs a name`);
    if (seen.has(name)) throw new UserError(`${where("name")}: two funnels are named "${name}"`);
    seen.add(name);
    if (!Array.isArray(entry.steps) || entry.steps.length < 2) throw new UserError(`${where("steps")}: a funnel has at least 2 steps (found ${Array.isArray(entry.steps) ? entry.steps.length : "none"})`);
    if (entry.steps.length > maxSteps) throw new UserError(`${where("steps")}: a funnel has at most ${maxSteps} steps (found ${entry.steps.length})`);
    const steps = entry.steps.map((step: unknown, s: number) => readStep(step, `${where("steps")}, step ${s + 1}`));
    const { window, windowSeconds } = readWindow(entry.window, where("window"));
    const order = entry.order ?? "sequential";
    if (!orderModes.includes(order)) throw new UserError(`${where("order")}: "${order}" is not an order mode; use one of ${orderModes.join(", ")}.${didYouMean(String(order), orderModes)}`);
    const unit = entry.unit ?? "users";
    if (!units.includes(unit)) throw new UserError(`${where("unit")}: "${unit}" is not a unit; use users or sessions`);
    const exclusions: FunnelExclusion[] = (entry.exclusions ?? []).map((x: { after?: unknown; before?: unknown }, k: number) => {
      const at = `${where("exclusions")}, exclusion ${k + 1}`;
      const step = readStep({ ...x, after: undefined, before: undefined }, at);
      const after = Number(x?.after);
      const before = Number(x?.before);
      if (!Number.isInteger(after) || !Number.isInteger(before) || after < 1 || before <= after || before > steps.length) {
        throw new UserError(`${at}: "after" and "before" are step numbers with 1 <= after < before <= ${steps.length}`);
      }
      return { ...step, after, before };
    });
    if (exclusions.length && order === "any") throw new UserError(`${where("exclusions")}: exclusions need order sequential or strict`);
    const breakdowns = entry.breakdowns ?? [];
    if (!Array.isArray(breakdowns)) throw new UserError(`${where("breakdowns")}: a list of properties`);
    for (const b of breakdowns) {
      // experiment_variant: the user's variant in every experiment of the data; experiment_variant:<id> in one.
      if (b === "experiment_variant" || isVariantBreakdown(b)) continue;
      if (!breakdownProperties.includes(b)) throw new UserError(`${where("breakdowns")}: "${b}" is not a breakdown property.${didYouMean(String(b), breakdownProperties)} Properties: ${breakdownProperties.join(", ")}, experiment_variant (every experiment) or ${variantPrefix}<experiment id>`);
    }
    const attribution = entry.attribution ?? "first";
    if (!(attribution === "first" || attribution === "last" || (Number.isInteger(attribution) && attribution >= 1 && attribution <= steps.length))) {
      throw new UserError(`${where("attribution")}: first, last or a step number from 1 to ${steps.length}`);
    }
    const hold = entry.hold_constant ?? [];
    for (const h of hold) {
      if (h !== "session" && !eventProperties.includes(h)) throw new UserError(`${where("hold_constant")}: "${h}" is not a property.${didYouMean(String(h), ["session", ...eventProperties])}`);
    }
    const entryRange = entry.entry ?? {};
    for (const bound of ["from", "to"]) {
      const value = entryRange[bound];
      if (value !== undefined && value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value instanceof Date ? value.toISOString().slice(0, 10) : String(value))) {
        throw new UserError(`${where("entry")}: ${bound} is a date YYYY-MM-DD`);
      }
    }
    const day = (v: unknown) => (v === undefined || v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    const counting = entry.counting ?? "best";
    if (counting !== "best" && counting !== "attempts") throw new UserError(`${where("counting")}: best (unique units by best attempt) or attempts`);
    return {
      name,
      description: String(entry.description ?? ""),
      steps,
      window,
      windowSeconds,
      order,
      unit,
      exclusions,
      holdConstant: hold,
      breakdowns,
      attribution,
      entryFrom: day(entryRange.from),
      entryTo: day(entryRange.to),
      counting,
    };
  });
}

function readStep(step: unknown, where: string): FunnelStep {
  const s = step as { event?: unknown; where?: unknown };
  if (!s || typeof s !== "object" || typeof s.event !== "string" || !s.event) throw new UserError(`${where}: a step is {event: name} with an optional where: {property: value}`);
  const filters = (s.where ?? {}) as Record<string, unknown>;
  if (typeof filters !== "object" || Array.isArray(filters)) throw new UserError(`${where}, where: a mapping {property: value}`);
  for (const [property, value] of Object.entries(filters)) {
    if (!eventProperties.includes(property)) throw new UserError(`${where}, where: unknown property "${property}".${didYouMean(property, eventProperties)} Properties: ${eventProperties.join(", ")}`);
    if (value === null || typeof value === "object" && !Array.isArray(value)) throw new UserError(`${where}, where: ${property} is a value or a list of values`);
  }
  return { event: s.event, ...(Object.keys(filters).length ? { where: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])) } : {}) };
}

function readWindow(value: unknown, where: string): { window: string; windowSeconds: number | null } {
  const text = String(value ?? "").trim().toLowerCase();
  if (text === "same session") return { window: "same session", windowSeconds: null };
  const match = /^(-?\d+(?:\.\d+)?)\s*(second|minute|hour|day|week)s?$/.exec(text);
  if (!match) throw new UserError(`${where}: "${value ?? ""}" is not a window; write e.g. "30 minutes", "7 days" or "same session"`);
  const seconds = Number(match[1]) * unitSeconds[match[2]];
  if (!(seconds > 0)) throw new UserError(`${where}: the window must be longer than 0 (found "${value}")`);
  return { window: text, windowSeconds: Math.round(seconds) };
}

/**
 * Every step and exclusion should name an event seen in the data. A name close to a known one is
 * taken for a typo and stops the build, naming the closest; a name with nothing close (a shipped
 * funnel on a store that does not track that event) makes the funnel unavailable, with the reason,
 * which the funnels page states, rather than failing a build on data that simply lacks the event.
 */
export function checkEventNames(definitions: FunnelDefinition[], known: string[], path = join(projectRoot, funnelsFile)): Map<string, string> {
  const unavailable = new Map<string, string>();
  if (known.length === 0) return unavailable; // no events at all: the pages say so; nothing to check against
  const file = displayPath(path);
  for (const d of definitions) {
    const all = [...d.steps.map((s, i) => ({ s, key: `steps, step ${i + 1}` })), ...(d.exclusions ?? []).map((s, i) => ({ s, key: `exclusions, exclusion ${i + 1}` }))];
    const missing: string[] = [];
    for (const { s, key } of all) {
      if (known.includes(s.event)) continue;
      const hint = didYouMean(s.event, known);
      if (hint) throw new UserError(`${file}, funnel "${d.name}", key ${key}: event "${s.event}" is not in the events.${hint}`);
      missing.push(s.event);
    }
    if (missing.length) unavailable.set(d.name, `the events have no ${[...new Set(missing)].map((e) => `"${e}"`).join(", ")}`);
  }
  return unavailable;
}
