// A model's own memory limit (memory_limit in its YAML): set for that model alone, the database's
// limit given back after it, and a malformed amount an error naming the model. The limits a model
// sees are read back from DuckDB itself and compared with what a database opened with that limit
// reports, not with the runner's own formatting.
import { describe, expect, test } from "vitest";
import { memoryLimit, openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { readSpecs } from "../../data-loaders/testing/specs.ts";
import { tempProject } from "../helpers/temp-project.ts";

async function reportedLimit(limit: string): Promise<string> {
  const previous = process.env.ANALYTICS_MEMORY_LIMIT;
  process.env.ANALYTICS_MEMORY_LIMIT = limit;
  try {
    const { instance, connection } = await openDatabase();
    const [row] = await queryRows(connection, "select current_setting('memory_limit') as limit");
    connection.closeSync();
    instance.closeSync();
    return String(row.limit);
  } finally {
    if (previous === undefined) delete process.env.ANALYTICS_MEMORY_LIMIT;
    else process.env.ANALYTICS_MEMORY_LIMIT = previous;
  }
}

describe("memory_limit of a model", () => {
  test("holds that model alone, and the next model has the database's limit again", async () => {
    const project = tempProject({
      "models/intermediate/int_held.sql": "select current_setting('memory_limit') as during",
      "models/intermediate/int_held.yml": "models:\n  - name: int_held\n    memory_limit: 300MB\n",
      "models/marts/limits.sql": "select (select during from int_held) as during, current_setting('memory_limit') as after",
    });
    const summary = await project.run();
    expect(summary.failed).toBeFalsy();
    const [row] = await project.mart("limits");
    expect(row.during).toBe(await reportedLimit("300MB"));
    expect(row.after).toBe(await reportedLimit(memoryLimit().limit));
    expect(row.after).not.toBe(row.during);
  });

  test("the database's limit wins when it is the smaller", async () => {
    const project = tempProject({
      "models/marts/held.sql": "select current_setting('memory_limit') as during",
      "models/marts/held.yml": "models:\n  - name: held\n    memory_limit: 4TB\n",
    });
    const summary = await project.run();
    expect(summary.failed).toBeFalsy();
    expect((await project.mart("held"))[0].during).toBe(await reportedLimit(memoryLimit().limit));
  });

  test("an amount DuckDB cannot read is an error naming the file and model", () => {
    const project = tempProject({ "models/marts/held.yml": "models:\n  - name: held\n    memory_limit: lots\n" });
    expect(() => readSpecs([`${project.modelsRoot}/marts/held.yml`])).toThrow(/held\.yml: held: memory_limit "lots": give an amount such as 768MB or 2GB/);
  });
});
