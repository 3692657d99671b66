// npm run generate -- [--customers N | --order-lines N] [--seed N] [--start-date YYYY-MM-DD]
//                     [--months N] [--out DIR] [--format parquet|csv]
import { parseArgs, type ParseArgsConfig } from "node:util";
import { generateStore } from "./index.ts";
import { DEFAULTS } from "./options.ts";

const usage = `Usage: npm run generate -- [options]
  --customers N        registered customers (default ${DEFAULTS.customers})
  --order-lines N      size the store for about N order lines instead
  --seed N             random seed (default ${DEFAULTS.seed}); same seed and scale, same bytes
  --start-date DATE    first day, YYYY-MM-DD (default ${DEFAULTS.startDate})
  --months N           span in months (default ${DEFAULTS.months})
  --out DIR            output folder (default ${DEFAULTS.outDir})
  --format F           parquet (default) or csv (gzip'd, *.csv.gz)
  --purchase-process P store (default) or model: purchases exactly BG/NBD in calendar time and each
                       invoice one line at exactly its Gamma-Gamma spend (for parameter recovery)`;

/** A mistake in the command line: shown with the usage. */
class UsageError extends Error {}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} needs a number, got "${value}"`);
  return n;
}

function parseArgsOrUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgsOrUsage({
    options: {
      customers: { type: "string" },
      "order-lines": { type: "string" },
      seed: { type: "string" },
      "start-date": { type: "string" },
      months: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      "purchase-process": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.customers !== undefined && values["order-lines"] !== undefined) throw new UsageError("give --customers or --order-lines, not both");
  await generateStore({
    outDir: values.out ?? DEFAULTS.outDir,
    seed: number("seed", values.seed),
    customers: number("customers", values.customers),
    orderLines: number("order-lines", values["order-lines"]),
    startDate: values["start-date"],
    months: number("months", values.months),
    format: values.format as "parquet" | "csv" | undefined,
    purchaseProcess: values["purchase-process"] as "store" | "model" | undefined,
  });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`generate: ${message}\n${error instanceof UsageError ? `\n${usage}\n` : ""}`);
  process.exitCode = 1;
});
