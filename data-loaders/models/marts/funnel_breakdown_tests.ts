// Does completing the funnel differ between breakdown groups? A chi-square test of independence on
// the groups x (completed, not completed) table of units whose window closed, per funnel and
// breakdown of funnel_steps, with the test the funnels page runs on its own recomputation
// (src/components/breakdown-test.js). Observational: a difference between devices or channels
// says nothing about what causes it.
import gammainc from "@stdlib/math-base-special-gammainc";
import type { TsModel } from "../../pipeline/ts-model.ts";
import { breakdownTest, observationalCaution } from "../../../src/components/breakdown-test.js";
import { funnelsFile } from "../../lib/funnels/definitions.ts";

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
      select funnel, breakdown, value, step_index, rate_first_units, rate_units
      from funnel_steps
      where breakdown <> '(all)'
      order by funnel, breakdown, value, step_index`);
    const byBreakdown = new Map<string, { funnel: string; breakdown: string; rows: typeof rows }>();
    for (const r of rows) {
      const key = `${r.funnel}\u0000${r.breakdown}`;
      if (!byBreakdown.has(key)) byBreakdown.set(key, { funnel: String(r.funnel), breakdown: String(r.breakdown), rows: [] });
      byBreakdown.get(key)!.rows.push(r);
    }
    return [...byBreakdown.values()].map(({ funnel, breakdown, rows: stepRows }) => {
      const test = breakdownTest(stepRows, gammainc);
      return { funnel, breakdown, groups: test.groups, units: test.units, completed: test.completed, chi_square: test.chi_square, df: test.df, p_value: test.p_value, min_expected: test.min_expected, caution: observationalCaution };
    });
  },
};

export default model;
