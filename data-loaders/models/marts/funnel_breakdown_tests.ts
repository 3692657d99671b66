// Does completing the funnel differ between breakdown groups? A chi-square test of independence on
// the groups x (completed, not completed) table of units whose window closed. Observational: a
// difference between devices or channels says nothing about what causes it.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { chiSquareSurvival } from "../../lib/stats/distributions.ts";
import { funnelsFile } from "../../lib/funnels/definitions.ts";

const caution = "Observational: groups differ in more than this property, so a difference is not its effect.";

const model: TsModel = {
  description: "Chi-square test of independence of funnel completion and each breakdown, per funnel.",
  dependsOn: ["funnel_steps"],
  files: [funnelsFile],
  columns: {
    funnel: "VARCHAR", breakdown: "VARCHAR", groups: "INTEGER", units: "BIGINT", completed: "BIGINT", chi_square: "DOUBLE", df: "INTEGER",
    p_value: "DOUBLE", min_expected: "DOUBLE", caution: "VARCHAR",
  },
  async build({ query }) {
    const rows = await query(`
      select funnel, breakdown, value, rate_first_units::double as units, rate_units::double as completed
      from funnel_steps
      where breakdown <> '(all)' and step_index = (select max(step_index) from funnel_steps as s where s.funnel = funnel_steps.funnel)
      order by funnel, breakdown, value`);
    const tables = new Map<string, { funnel: string; breakdown: string; cells: { units: number; completed: number }[] }>();
    for (const r of rows) {
      const key = `${r.funnel}\u0000${r.breakdown}`;
      if (!tables.has(key)) tables.set(key, { funnel: String(r.funnel), breakdown: String(r.breakdown), cells: [] });
      if (Number(r.units) > 0) tables.get(key)!.cells.push({ units: Number(r.units), completed: Number(r.completed) });
    }
    return [...tables.values()].map(({ funnel, breakdown, cells }) => {
      const units = cells.reduce((s, c) => s + c.units, 0);
      const completed = cells.reduce((s, c) => s + c.completed, 0);
      const test = chiSquareIndependence(cells, units, completed);
      return { funnel, breakdown, groups: cells.length, units, completed, ...test, caution };
    });
  },
};

/** Pearson's chi-square on a k x 2 table; undefined (null) with fewer than 2 groups or an empty column. */
export function chiSquareIndependence(cells: { units: number; completed: number }[], units: number, completed: number) {
  const df = cells.length - 1;
  if (df < 1 || completed === 0 || completed === units) return { chi_square: null, df, p_value: null, min_expected: null };
  let statistic = 0;
  let minExpected = Infinity;
  for (const c of cells) {
    for (const [observed, share] of [[c.completed, completed / units], [c.units - c.completed, 1 - completed / units]]) {
      const expected = c.units * share;
      minExpected = Math.min(minExpected, expected);
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return { chi_square: statistic, df, p_value: chiSquareSurvival(statistic, df), min_expected: minExpected };
}

export default model;
