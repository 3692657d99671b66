// The pipeline: sources -> seeds -> models (in dependency order, unchanged ones skipped) ->
// data tests -> Parquet marts. Each step is content-hashed, so editing a model, seed, source
// file or var rebuilds exactly what depends on it; a model rebuilt with the same rows (its
// fingerprint, fingerprint.ts) leaves the models that read it as they were.
import { findSourceGaps, gapSentence, saveSourceGaps, skipTestsOfGaps, sourceGapsTable } from "./source-gaps.ts";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlMacros } from "../../src/components/sql-macros.js";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { assertReadable, createEmptySource, loadSource, sourcePaths, sourceTableName } from "../sources/load-source.ts";
import { filePartsTable, isFilePartOf, keepsFileParts } from "../sources/file-parts.ts";
import { describeProblems, provenUniqueKeys, saveResults, testResultsTable, type TestResult } from "../testing/run-tests.ts";
import { runTestsKeepingResults } from "../testing/result-cache.ts";
import { readSpecs, type Specs } from "../testing/specs.ts";
import type { ProjectConfig } from "./config.ts";
import { ensureDefaultStore } from "./default-store.ts";
import { connect, dropOtherKind, duckdbMessage, ident, modelMemoryLimitSql, queryRows, queryValue, setVariableSql, sortedSql } from "./duckdb.ts";
import { UserError, writeFileNamed } from "./errors.ts";
import { exportMarts, martsDir } from "./export-marts.ts";
import { selectModels } from "./graph.ts";
import { FileHasher, sha256 } from "./hashing.ts";
import { displayPath, modelsDir, projectRoot, seedsDir } from "./paths.ts";
import { declarationsOf, planModels, varsIn, type PlannedModel, type TsDeclarations } from "./plan.ts";
import { runInDependencyOrder } from "./schedule.ts";
import { formatMs, formatRows, formatStep, stderrLog, type Log } from "./progress.ts";
import { findModels, findSeeds, findSpecFiles } from "./project.ts";
import { loadSeed, readSeedSpecs, seedSpecFile } from "./seeds.ts";
import { importTsModel, materialiseTsModel } from "./ts-model.ts";
import { buildIncremental, partitionTablePrefix, type IncrementalSpec } from "./incremental.ts";
import { writeTableColumns } from "./table-columns.ts";
import { readVarDeclarations, resolveVars, varsFile, withBuildDay } from "./vars.ts";
import { RunningSteps, runningFile } from "./running.ts";
import { dropUnknownTables, forgetStates, openWarehouse, recordState, recordStates, type State, type Warehouse } from "./warehouse.ts";
import { tableFingerprint } from "./fingerprint.ts";
import { importedCodeVersions } from "./imported-code.ts";

export interface RunOptions {
  config: ProjectConfig;
  /** Model selectors, see selectModels; empty runs everything. */
  select?: string[];
  /** Rebuild everything, ignoring the cache. */
  fullRefresh?: boolean;
  log?: Log;
  modelsRoot?: string;
  seedsRoot?: string;
  /** Models built at the same time (default: one per core, at most 4); 1 builds them one by one. */
  concurrency?: number;
  /** false: never fingerprint, so every reader of a rebuilt model is rebuilt too (the early-cutoff benchmark's baseline). */
  earlyCutoff?: boolean;
}

export type StepStatus = "built" | "cached" | "failed" | "skipped";

export interface StepResult {
  name: string;
  kind: "source" | "seed" | "model";
  status: StepStatus;
  rows?: number;
  ms: number;
  /**
   * The process's CPU time (all DuckDB threads included) while the step ran. A per-step figure only
   * when steps run one at a time (BENCH_MODEL_CONCURRENCY=1, as the benchmarks do); on a shared
   * machine it is steadier than the wall time.
   */
  cpuMs?: number;
}

export interface RunSummary {
  steps: StepResult[];
  tests: TestResult[];
  exported: string[];
  ms: number;
  /** A model failed or an error-severity test failed. */
  failed: boolean;
}

export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const { log = stderrLog } = options;
  // A copy: the vars are resolved (checked, defaults filled) once the models are planned.
  const config: ProjectConfig = { ...options.config };
  const started = performance.now();
  log(`pipeline ${config.name} (${displayPath(config.configPath)})`);
  if (config.generate) await ensureDefaultStore(config.generate, log);

  const models = findModels(options.modelsRoot ?? modelsDir);
  const seeds = findSeeds(options.seedsRoot ?? seedsDir);
  const seedSpecPath = seedSpecFile(options.seedsRoot ?? seedsDir);
  const specs = readSpecs([...findSpecFiles(options.modelsRoot ?? modelsDir), ...(existsSync(seedSpecPath) ? [seedSpecPath] : [])]);
  const seedSpecs = readSeedSpecs(options.seedsRoot ?? seedsDir);
  const hasher = new FileHasher(join(config.cacheDir, "file-hashes.json"));
  const warehouse = await openWarehouse(config.cacheDir, log);
  const steps: StepResult[] = [];
  // What is under way, for the process watching this one should it die (guard.ts).
  const running = new RunningSteps(runningFile(config.cacheDir));
  try {
    const engine = sha256(await queryValue<string>(warehouse.connection, "SELECT version()"), readerCodeVersion());
    const fresh = (name: string, hash: string) => !options.fullRefresh && warehouse.state.get(name) === hash && warehouse.tables.has(name);

    // The code each TypeScript model runs (imported-code.ts), read once this run; the declarations of
    // those it runs unchanged are kept from the run before, so only the models built are imported.
    const tsCode = importedCodeVersions();
    const plan = await planModels(warehouse.connection, models, seeds, { codeVersion: tsCode, kept: readKeptDeclarations(config.cacheDir) });
    // Written when planning imported a model (whose declarations are then new); otherwise every one came from the file.
    if (plan.some((m) => m.tsModel)) writeKeptDeclarations(config.cacheDir, plan);
    const views = viewModels(specs, plan);
    const incremental = incrementalModels(specs, plan);
    const sorted = sortedModels(specs, plan);
    const database = String(await queryValue(warehouse.connection, "SELECT current_database()"));
    const readVars = [...plan.flatMap((m) => m.vars), ...specs.tests.flatMap((t) => varsIn(JSON.stringify(t)))];
    config.vars = withBuildDay(resolveVars(config.vars, config.varOrigins ?? {}, readVarDeclarations(varsFile(options.modelsRoot ?? modelsDir)), readVars));
    const selected = selectModels(plan, options.select ?? []);
    const needed = plan.filter((m) => selected.has(m.name));
    const neededSources = new Set(needed.flatMap((m) => m.sources));
    const neededSeeds = new Set(needed.flatMap((m) => m.seeds));
    // A folder source's files' tables (file-parts.ts) are kept while it is a folder source; its loader drops those of files gone.
    const folderSources = (Object.keys(canonicalTables) as CanonicalTableName[]).filter((t) => config.sources[t] && keepsFileParts(config.sources[t]));
    const fileParts = [...warehouse.tables].filter((name) => folderSources.some((t) => isFilePartOf(name, t)));
    const known = new Set([...plan.map((m) => m.name), ...[...incremental.keys()].map((m) => partitionTablePrefix + m), ...seeds.map((s) => s.name), ...Object.keys(canonicalTables).map((t) => sourceTableName(t as CanonicalTableName)), testResultsTable, sourceGapsTable, filePartsTable, ...fileParts]);
    await dropUnknownTables(warehouse, known);

    const hashes = new Map<string, string>();
    // Parquet files the sources read through views (loadFile) are read again by every model that
    // scans them, so a file replaced during the run would mix two versions in one set of marts.
    const readWhereTheyLie: string[] = [];
    log("sources");
    for (const table of Object.keys(canonicalTables) as CanonicalTableName[]) {
      const name = sourceTableName(table);
      const source = config.sources[table];
      const { origin, ...settings } = source ?? {};
      if (source) assertReadable(source);
      const paths = source ? sourcePaths(source) : [];
      readWhereTheyLie.push(...paths.filter((path) => path.toLowerCase().endsWith(".parquet")));
      const fileHashes = new Map(await Promise.all(paths.map(async (path) => [path, await hasher.hash(path)] as const)));
      const hash = sha256(engine, JSON.stringify(settings), source ? paths.map((path) => fileHashes.get(path)).join(",") : "empty");
      hashes.set(name, hash);
      if (options.select?.length && !neededSources.has(table)) continue;
      await step(steps, log, name, "source", fresh(name, hash), async () => {
        const parts = { fileHash: (path: string) => fileHashes.get(path)!, settings: sha256(engine, JSON.stringify({ ...settings, files: undefined })) };
        if (source) await loadSource(warehouse.connection, source, log, parts);
        else await createEmptySource(warehouse.connection, canonicalTables[table]);
        await recordState(warehouse, name, hash);
        return countRows(warehouse.connection, name);
      }, source ? displayPath(source.path) : "not configured: empty", running);
    }
    hasher.save();
    // A column the pages need that no row of its source fills: one sentence each, not a cascade of failing tests.
    const gaps = await findSourceGaps(warehouse.connection, config, plan);
    for (const gap of gaps) log(`missing column: ${gapSentence(gap)}`);
    await saveSourceGaps(warehouse.connection, gaps);

    log("seeds");
    for (const seed of seeds) {
      const hash = sha256(engine, await hasher.hash(seed.path), JSON.stringify(seedSpecs[seed.name] ?? {}));
      hashes.set(seed.name, hash);
      if (options.select?.length && !neededSeeds.has(seed.name)) continue;
      await step(steps, log, seed.name, "seed", fresh(seed.name, hash), async () => {
        await loadSeed(warehouse.connection, seed, seedSpecs[seed.name]);
        await recordState(warehouse, seed.name, hash);
        return countRows(warehouse.connection, seed.name);
      }, "", running);
    }

    log("models");
    // Models and data tests read vars with getvariable(); each connection has its own.
    await setVariables(warehouse.connection, config);
    const failedModels = new Set<string>();
    const workers = await openWorkers(warehouse, config, options.concurrency ?? defaultConcurrency());
    // Early cutoff. A model's hash names the models it reads by what they read as: a model's hash,
    // or, when it was rebuilt with the same rows as the build before, that build's. A model that
    // models read is fingerprinted (fingerprint.ts) before and after it is rebuilt over an earlier
    // build for a change of its own (its SQL, a seed, a source, a var, a macro or library file), so
    // such a rebuild that gives the same rows leaves its readers as they were. One rebuilt only
    // because a model it reads gave other rows is not: it almost always gives other rows too (a month
    // appended changes nearly every model), and fingerprinting each would cost that rebuild about 5%.
    // A cold build fingerprints nothing. Sources and seeds are named by their hashes.
    const readByModels = new Set(plan.flatMap((m) => m.dependsOn));
    const readAsOf = (name: string) => warehouse.readAs.get(name) ?? warehouse.state.get(name);
    // The models as they read at the start: a model's hash with these is its last build's unless
    // something of its own changed.
    const namesAtStart = new Map(hashes);
    for (const model of plan) {
      const name = readAsOf(model.name);
      if (name) namesAtStart.set(model.name, name);
    }
    // The names this run's hashes use: a model this run builds is named once it is built (or found
    // fresh below), one it does not build as it read at the start.
    const inputNames = new Map([...namesAtStart].filter(([name]) => !selected.has(name)));
    const hashOf = (model: PlannedModel) => modelHash(engine, model, config, inputNames, tsCode, views.has(model.name), sorted.get(model.name));
    // The models that may be rebuilt: those whose hash is not their state's (or without a table), and
    // every model that reads one of them, whose hash is known only once that one is built (the plan is
    // in dependency order, so a model's inputs come before it).
    const mayRebuild = new Set<string>();
    for (const model of needed) {
      const hash = hashOf(model);
      if (model.dependsOn.some((input) => mayRebuild.has(input)) || !fresh(model.name, hash)) {
        mayRebuild.add(model.name);
      } else {
        hashes.set(model.name, hash);
        inputNames.set(model.name, readAsOf(model.name)!);
      }
    }
    const previous = new Map([...mayRebuild].filter((name) => warehouse.state.has(name)).map((name) => [name, { hash: warehouse.state.get(name)!, readAs: readAsOf(name)!, fingerprint: warehouse.fingerprints.get(name) }]));
    // The states of the models that may be rebuilt are forgotten first and the new ones recorded
    // together after the models, two commits instead of one per model (recordStates says what one
    // costs); a run that dies between them leaves those models without a state, so the next run
    // rebuilds them rather than trust a table it cannot vouch for. Through the main connection:
    // concurrent upserts into one table from several connections can conflict.
    await forgetStates(warehouse, [...mayRebuild]);
    const built: State[] = [];
    const recordBuilt = (name: string, hash: string, readAs = hash, fingerprint?: string) => {
      built.push([name, hash, readAs, fingerprint]);
      inputNames.set(name, readAs);
    };
    // Rows of every table so far (sources and seeds just loaded, cached models as DuckDB
    // estimates them), to tell large models; models built below add theirs.
    const rowsOf = new Map((await queryRows(warehouse.connection, "SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'main'")).map((r) => [String(r.table_name), Number(r.estimated_size)]));
    // A view built in an earlier run has no estimate: the rows of its inputs stand for its own.
    const inputsOf = (model: PlannedModel) => [...model.dependsOn, ...model.seeds, ...model.sources.map(sourceTableName)];
    const planned = new Map(plan.map((m) => [m.name, m]));
    // A source read through a view (a Parquet file where it lies, a folder's files): its rows, counted from the files' metadata.
    for (const { view_name } of await queryRows(warehouse.connection, `SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT temporary AND starts_with(view_name, 'src_')`)) {
      rowsOf.set(String(view_name), Number(await queryValue(warehouse.connection, `SELECT count(*) FROM ${ident(String(view_name))}`)));
    }
    const rowsOfRelation = (name: string): number => rowsOf.get(name) ?? (views.has(name) ? inputsOf(planned.get(name)!).reduce((sum, input) => sum + rowsOfRelation(input), 0) : 0);
    const readsLargeInputs = (model: PlannedModel) => inputsOf(model).reduce((sum, name) => sum + rowsOfRelation(name), 0) >= largeInputRows;
    // A model with its own memory limit (memory_limit in its YAML) runs alone too: the limit is the
    // database's, and a model beside it would be held to it as well.
    // Each model's own memory limit and the file that sets it (named when the limit is hit).
    const memoryLimits = new Map(specs.docs.filter((d) => d.memoryLimit).map((d) => [d.name, { limit: d.memoryLimit!, file: d.specFile }]));
    const runsAlone = (model: PlannedModel) => readsLargeInputs(model) || memoryLimits.has(model.name);
    try {
      await runInDependencyOrder(needed, workers.length, async (model) => {
        const blockedBy = model.dependsOn.find((d) => failedModels.has(d));
        if (blockedBy) {
          failedModels.add(model.name);
          steps.push({ name: model.name, kind: "model", status: "skipped", ms: 0 });
          log(formatStep(model.name, `skipped: ${blockedBy} failed`));
          return;
        }
        // Its inputs are built: its hash is known, and it is kept when that is its last build's
        // (the models it reads were rebuilt with the same rows).
        const hash = mayRebuild.has(model.name) ? hashOf(model) : hashes.get(model.name)!;
        hashes.set(model.name, hash);
        const before = previous.get(model.name);
        const kept = !options.fullRefresh && before?.hash === hash && warehouse.tables.has(model.name);
        if (kept) recordBuilt(model.name, hash, before.readAs, before.fingerprint);
        // A model models read, rebuilt over an earlier build of it for a change of its own (its hash
        // with its inputs as they read at the start is not its last build's): are its rows the same?
        // A view too: fingerprinting one computes its rows (twice), which costs less than its readers.
        const compared = options.earlyCutoff !== false && !kept && !options.fullRefresh && before !== undefined && readByModels.has(model.name) && warehouse.tables.has(model.name)
          && modelHash(engine, model, config, namesAtStart, tsCode, views.has(model.name), sorted.get(model.name)) !== before.hash;
        const ok = await step(steps, log, model.name, "model", !mayRebuild.has(model.name) || kept, async () => {
          const connection = workers.pop()!;
          const limit = memoryLimits.has(model.name) ? modelMemoryLimitSql(memoryLimits.get(model.name)!.limit) : undefined;
          let rows: number;
          try {
            const fingerprintBefore = compared ? before!.fingerprint ?? (await tableFingerprint(connection, model.name)) : undefined;
            if (limit) await connection.run(limit.before);
            await dropOtherKind(connection, model.name, views.has(model.name) ? "view" : "table");
            if (model.language === "ts") {
              const tsModel = model.tsModel ?? (await importTsModel(model.path, sha256(model.source)));
              // Kept declarations describe a module that declares them from its code alone.
              if (JSON.stringify(declarationsOf(tsModel, model.ts!.code)) !== JSON.stringify(model.ts)) {
                rmSync(keptDeclarationsFile(config.cacheDir), { force: true });
                throw new Error(`its dependsOn, vars or files are not those it declared when its code was last planned (does the module compute them from something besides its code?); run the build again`);
              }
              await materialiseTsModel(connection, model.name, tsModel, config.vars, async () => (await openWorkers(warehouse, config, 1))[0], { sortedBy: sorted.get(model.name), inputSortedBy: (input) => sorted.get(input) ?? [] });
              rows = await countRows(connection, model.name);
            } else if (views.has(model.name)) {
              await connection.run(`CREATE OR REPLACE VIEW ${ident(model.name)} AS ${model.source}`);
              // A view holds no rows; they are counted (a scan of its inputs) for the progress line
              // and to tell its readers that they read many rows.
              rows = await countRows(connection, model.name);
            } else {
              // Same line as the SELECT, so DuckDB's "LINE n" matches the file. CREATE TABLE AS
              // answers with the number of rows it wrote, which saves a count(*) per model.
              const spec = incremental.get(model.name);
              rows = spec
                ? await buildIncremental({
                    connection, database, model: model.name, sql: model.source, spec, log, fullRefresh: Boolean(options.fullRefresh),
                    otherInputs: modelHash(engine, model, config, new Map([...inputNames, [spec.input, "partitioned"]]), tsCode, false),
                  })
                : Number(await queryValue(connection, `CREATE OR REPLACE TABLE ${ident(model.name)} AS ${sortedSql(model.source, sorted.get(model.name))}`));
            }
            const fingerprint = compared ? await tableFingerprint(connection, model.name) : undefined;
            const sameRows = fingerprint !== undefined && fingerprint === fingerprintBefore;
            if (sameRows) log(`  ${model.name}: the same rows as its last build`);
            recordBuilt(model.name, hash, sameRows ? before!.readAs : hash, fingerprint);
          } catch (error) {
            // A TypeScript model's queries run in DuckDB too: its out-of-memory errors also name the limit.
            const held = limit?.own ? { limit: limit.limit, source: `memory_limit of ${model.name} in ${displayPath(memoryLimits.get(model.name)!.file)}` } : undefined;
            throw new ModelError(`${displayPath(model.path)}: ${duckdbMessage(error, held)}`);
          } finally {
            if (limit) await connection.run(limit.after);
            workers.push(connection);
          }
          rowsOf.set(model.name, rows);
          return rows;
        }, kept ? "what it reads holds the same rows as before" : "", running, `model ${model.name} (${displayPath(model.path)})`);
        if (!ok) failedModels.add(model.name);
      }, runsAlone);
    } finally {
      for (const connection of workers) connection.closeSync();
      await recordStates(warehouse, built);
    }

    const testedRelations = new Set([...needed.map((m) => m.name), ...needed.flatMap((m) => m.seeds), ...needed.flatMap((m) => m.sources.map(sourceTableName))]);
    for (const test of specs.tests) {
      if (!known.has(test.relation)) throw new UserError(`${displayPath(test.specFile)}: test ${test.id} is on "${test.relation}", which is not a model, seed or source`);
    }
    const tests = specs.tests.filter((t) => testedRelations.has(t.relation) && ![t.relation, t.options.to, t.options.equal_to].some((r) => typeof r === "string" && failedModels.has(r)));
    const testsStarted = performance.now();
    running.start("the data tests");
    // A test whose query and tables are those of a test already run keeps that result (result-cache.ts).
    // A model is named as its readers name it: one rebuilt with the same rows keeps its tests' results too.
    const rowsNames = new Map([...hashes].map(([name, hash]) => [name, inputNames.get(name) ?? hash]));
    const { results: allResults, kept: keptResults } = await runTestsKeepingResults(warehouse.connection, tests, {
      file: join(config.cacheDir, "test-results.json"), keyInputs: { engine, known, hashes: rowsNames, vars: config.vars, macros: sqlMacros },
      partial: Boolean(options.select?.length), fresh: Boolean(options.fullRefresh),
    });
    const { kept: results, skipped } = skipTestsOfGaps(allResults, plan, gaps);
    if (skipped) log(`tests  ${skipped} failing test(s) on models built from ${[...new Set(gaps.map((g) => g.table))].join(", ")} skipped: ${gaps.map((g) => `${g.table}.${g.column}`).join(", ")} is provided by no source (above)`);
    await saveResults(warehouse.connection, results);
    running.end("the data tests");
    const counts = { pass: 0, warn: 0, fail: 0 };
    for (const r of results) counts[r.status]++;
    log(`tests  ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed (${formatMs(performance.now() - testsStarted)}${keptResults ? `; ${keptResults} of them kept from an earlier run: the same test on the same tables` : ""})`);
    for (const line of describeProblems(results)) log(line);

    const marts = new Map(needed.filter((m) => m.layer === "marts" && !failedModels.has(m.name)).map((m) => [m.name, hashes.get(m.name)!]));
    marts.set(sourceGapsTable, sha256(JSON.stringify(gaps)));
    if (!options.select?.length) marts.set(testResultsTable, sha256(JSON.stringify(results.map((r) => [r.test.id, r.status, r.failingRows, r.examples]), (_k, v) => (typeof v === "bigint" ? Number(v) : v))));
    const allMarts = new Set([...plan.filter((m) => m.layer === "marts").map((m) => m.name), testResultsTable, sourceGapsTable]);
    // The marts change as one set, and only after a run that succeeded: a failed model or error
    // test leaves every mart the site reads as the last good run left it (export-marts.ts).
    const failed = failedModels.size > 0 || counts.fail > 0;
    for (const path of readWhereTheyLie) {
      if (!hasher.unchangedSinceHashed(path)) throw new UserError(`${displayPath(path)} changed while the build read it: no mart was written; run the build again`);
    }
    const exportStarted = performance.now();
    let exported: string[] = [];
    if (failed) {
      log(`marts  not written: the run failed; ${displayPath(martsDir(config.cacheDir))} keeps the last good run's`);
    } else {
      running.start("the mart export");
      exported = await exportMarts(warehouse, config.cacheDir, marts, allMarts, log, provenUniqueKeys(results), sorted);
      running.end("the mart export");
      log(`marts  ${exported.length} of ${marts.size} written to ${displayPath(martsDir(config.cacheDir))} (${formatMs(performance.now() - exportStarted)})`);
    }

    const ms = performance.now() - started;
    log(`${failed ? "FAILED" : "done"} in ${formatMs(ms)}`);
    writeRunLog(config.cacheDir, steps, results, ms);
    // For the models page (src/models): every table's columns and types, read without the warehouse.
    await writeTableColumns(warehouse.connection, config.cacheDir);
    return { steps, tests: results, exported, ms, failed };
  } finally {
    running.close();
    warehouse.close();
  }
}

class ModelError extends UserError {}

/**
 * A model reading at least eight DuckDB row groups in all is built alone: DuckDB spreads it over
 * every core, and two such models side by side only add up their memory. Below that, a model is
 * mostly DuckDB's fixed work per query (planning, a final merge, writing the table), one core
 * busy, so two of them side by side use both: on Online Retail (541,909 lines, every model reading
 * them was alone at one row group) a cold build took 7.09 s against 7.55 s, medians of four
 * alternated runs; at 1M order lines 21.1 s against 21.4 s, peak memory the same.
 */
const largeInputRows = 8 * 122_880;

function defaultConcurrency(): number {
  return Math.min(4, availableParallelism());
}

/** Connections for building models side by side, each with the session settings models rely on. */
async function openWorkers(warehouse: Warehouse, config: ProjectConfig, count: number): Promise<DuckDBConnection[]> {
  const workers: DuckDBConnection[] = [];
  for (let i = 0; i < Math.max(1, count); i++) {
    const connection = await connect(warehouse.instance);
    await setVariables(connection, config);
    workers.push(connection);
  }
  return workers;
}

async function setVariables(connection: DuckDBConnection, config: ProjectConfig): Promise<void> {
  for (const [name, value] of Object.entries(config.vars)) await connection.run(setVariableSql(name, value));
}

/**
 * Runs one step unless cached; a model's SQL error is reported and the run goes on with the rest.
 * `running` records the step while it runs, as `label` (by default its kind and name).
 */
async function step(steps: StepResult[], log: Log, name: string, kind: StepResult["kind"], cached: boolean, build: () => Promise<number>, note: string, running: RunningSteps, label = `${kind} ${name}`): Promise<boolean> {
  if (cached) {
    steps.push({ name, kind, status: "cached", ms: 0 });
    log(formatStep(name, "cached") + (note ? `  ${note}` : ""));
    return true;
  }
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  running.start(label);
  try {
    const rows = await build();
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    steps.push({ name, kind, status: "built", rows, ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
    log(formatStep(name, formatRows(rows), ms) + (note ? `  ${note}` : ""));
    return true;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    steps.push({ name, kind, status: "failed", ms: performance.now() - started });
    log(formatStep(name, "FAILED"));
    log(indent(error.message));
    return false;
  } finally {
    running.end(label);
  }
}

function modelHash(engine: string, model: PlannedModel, config: ProjectConfig, hashes: Map<string, string>, tsCode: (path: string) => string, isView: boolean, sortedBy: string[] = []): string {
  const inputs = [...model.dependsOn, ...model.seeds, ...model.sources.map(sourceTableName)].map((name) => `${name}=${hashes.get(name)}`);
  const vars = model.vars.map((v) => `${v}=${JSON.stringify(config.vars[v] ?? null)}`);
  const files = (model.ts?.files ?? []).map((file) => {
    const path = isAbsolute(file) ? file : join(projectRoot, file);
    return `${file}=${existsSync(path) ? sha256(readFileSync(path)) : "missing"}`;
  });
  // A view's hash differs from the same model's as a table ("view" added only then, so the hash of
  // every table model is what it was before views existed); so does a sorted table's (its readers
  // may rely on the order).
  return sha256(engine, model.source, model.language === "ts" ? tsCode(model.path) : "", ...vars, ...inputs, ...files, ...macrosUsed(model), ...(isView ? ["view"] : []), ...(sortedBy.length ? [`sorted_by=${sortedBy.join(",")}`] : []));
}

/** The models materialized as views (materialized: view in their YAML); only a SQL model can be one. */
export function viewModels(specs: Specs, plan: PlannedModel[]): Set<string> {
  const views = new Set<string>();
  for (const doc of specs.docs.filter((d) => d.materialized === "view")) {
    const model = plan.find((m) => m.name === doc.name);
    if (!model) continue;
    if (model.language === "ts") throw new UserError(`${displayPath(doc.specFile)}: ${doc.name}: materialized: view needs a SQL model, and ${displayPath(model.path)} is a TypeScript model`);
    views.add(doc.name);
  }
  return views;
}

/** The models written sorted (sorted_by in their YAML): a table, and for a TypeScript model one that returns SQL. */
export function sortedModels(specs: Specs, plan: PlannedModel[]): Map<string, string[]> {
  const sorted = new Map<string, string[]>();
  for (const doc of specs.docs.filter((d) => d.sortedBy)) {
    const model = plan.find((m) => m.name === doc.name);
    if (!model) continue;
    if (model.ts && !model.ts.returnsSql) throw new UserError(`${displayPath(doc.specFile)}: ${doc.name}: sorted_by needs a model that returns SQL, and ${displayPath(model.path)} returns rows (build)`);
    sorted.set(doc.name, doc.sortedBy!);
  }
  return sorted;
}

/** The models rebuilt by partition (incremental in their YAML): SQL models, partitioned by an input they read. */
export function incrementalModels(specs: Specs, plan: PlannedModel[]): Map<string, IncrementalSpec> {
  const models = new Map<string, IncrementalSpec>();
  for (const doc of specs.docs.filter((d) => d.incremental)) {
    const model = plan.find((m) => m.name === doc.name);
    if (!model) continue;
    const where = `${displayPath(doc.specFile)}: ${doc.name}: incremental`;
    if (model.language === "ts") throw new UserError(`${where} needs a SQL model, and ${displayPath(model.path)} is a TypeScript model`);
    const inputs = [...model.dependsOn, ...model.sources.map(sourceTableName)];
    if (!inputs.includes(doc.incremental!.input)) throw new UserError(`${where}: input ${doc.incremental!.input} is not a table the model reads (it reads ${inputs.join(", ") || "none"})`);
    models.set(doc.name, doc.incremental!);
  }
  return models;
}

/**
 * The definitions of the shared SQL macros (src/components/sql-macros.js) a model calls, so that
 * editing a macro rebuilds the models that use it: those a SQL model names and the macros they call
 * in turn (period_is_complete calls period_end_of), every one for a TypeScript model (its SQL is
 * built at run time, so it cannot be read here).
 */
function macrosUsed(model: PlannedModel): string[] {
  const calls = (sql: string) => Object.keys(sqlMacros).filter((name) => new RegExp(`\\b${name}\\s*\\(`, "i").test(sql));
  const used = new Set(model.language === "ts" ? Object.keys(sqlMacros) : calls(model.source));
  for (const name of used) for (const callee of calls(sqlMacros[name as keyof typeof sqlMacros])) used.add(callee);
  return Object.entries(sqlMacros).filter(([name]) => used.has(name)).map(([name, definition]) => `${name}${definition}`);
}

async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  return Number(await queryValue(connection, `SELECT count(*) FROM ${ident(table)}`));
}

/** Source adapters are code, not SQL: a change to them must reload the sources. */
function readerCodeVersion(): string {
  return codeVersion(join(projectRoot, "data-loaders", "sources"));
}

function codeVersion(dir: string): string {
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).sort() : [];
  return sha256(...files.flatMap((f) => [f, readFileSync(join(dir, f))]));
}

const keptDeclarationsFile = (cacheDir: string) => join(cacheDir, "ts-models.json");

/** The TypeScript models' declarations kept by the last run (plan.ts, TsDeclarations); none when unreadable. */
function readKeptDeclarations(cacheDir: string): Map<string, TsDeclarations> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(keptDeclarationsFile(cacheDir), "utf8")) as Record<string, TsDeclarations>));
  } catch {
    return new Map();
  }
}

function writeKeptDeclarations(cacheDir: string, plan: PlannedModel[]): void {
  const declarations = Object.fromEntries(plan.filter((m) => m.ts).map((m) => [m.path, m.ts!]).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileNamed(keptDeclarationsFile(cacheDir), JSON.stringify(declarations, null, 1));
}

/** What a run leaves in <cacheDir>/last-run.json: its time, its steps and its tests' results (the benchmarks read it). */
export interface RunLog {
  ms: number;
  steps: StepResult[];
  tests: { id: string; status: TestResult["status"]; failingRows: number }[];
}

const runLogFile = (cacheDir: string) => join(cacheDir, "last-run.json");

function writeRunLog(cacheDir: string, steps: StepResult[], tests: TestResult[], ms: number): void {
  const log: RunLog = { ms: Math.round(ms), steps, tests: tests.map((t) => ({ id: t.test.id, status: t.status, failingRows: t.failingRows })) };
  writeFileNamed(runLogFile(cacheDir), JSON.stringify(log, null, 1));
}

export function readRunLog(cacheDir: string): RunLog {
  return JSON.parse(readFileSync(runLogFile(cacheDir), "utf8")) as RunLog;
}

function indent(text: string): string {
  return text.split("\n").map((line) => `    ${line}`).join("\n");
}
