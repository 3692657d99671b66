// Which tables a model reads, taken from DuckDB's own parse tree (json_serialize_sql), so that
// CTE names, subqueries and string literals cannot be mistaken for dependencies.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, queryValue } from "./duckdb.ts";

export interface TableReference {
  name: string;
  /** 1-based line in the model file. */
  line: number;
}

export interface ParsedModel {
  references: TableReference[];
  /** Table functions the model calls (read_csv, range, ...). */
  tableFunctions: string[];
}

type Node = Record<string, unknown>;

export async function parseModelSql(connection: DuckDBConnection, sql: string): Promise<ParsedModel> {
  return readParseTree(sql, await queryValue<string>(connection, `SELECT json_serialize_sql(${dollarQuote(sql)})`));
}

/**
 * Many models' SQL parsed in one query (one round trip instead of one per model: 94 models took
 * 236 ms one by one). Each entry is the ParsedModel, or the SqlParseError that model's SQL raised.
 */
export async function parseModelsSql(connection: DuckDBConnection, sqls: string[]): Promise<(ParsedModel | SqlParseError)[]> {
  if (!sqls.length) return [];
  const rows = await queryRows(connection, `SELECT i, json_serialize_sql(sql) AS tree FROM (VALUES ${sqls.map((sql, i) => `(${i}, ${dollarQuote(sql)})`).join(", ")}) AS t(i, sql) ORDER BY i`);
  return rows.map((row, i) => {
    try {
      return readParseTree(sqls[i], String(row.tree));
    } catch (error) {
      if (error instanceof SqlParseError) return error;
      throw error;
    }
  });
}

function readParseTree(sql: string, json: string): ParsedModel {
  const tree = JSON.parse(json) as Node;
  if (tree.error) {
    const position = Number(tree.position ?? NaN);
    const where = Number.isFinite(position) ? ` (line ${lineOf(sql, position)})` : "";
    throw new SqlParseError(`${tree.error_message}${where}`);
  }
  const statements = tree.statements as Node[];
  if (statements.length !== 1) throw new SqlParseError(`a model is exactly one SELECT statement; found ${statements.length}`);
  const references: TableReference[] = [];
  const tableFunctions: string[] = [];
  visit(statements[0], new Set(), (node, scope) => {
    if (node.type === "BASE_TABLE" && !scope.has(String(node.table_name).toLowerCase())) {
      references.push({ name: String(node.table_name), line: lineOf(sql, Number(node.query_location)) });
    }
    if (node.type === "TABLE_FUNCTION") {
      const call = node.function as Node | undefined;
      if (call?.function_name) tableFunctions.push(String(call.function_name));
    }
  });
  return { references, tableFunctions };
}

export class SqlParseError extends Error {}

/** Walks the tree, tracking which CTE names are visible at each node. */
function visit(value: unknown, scope: Set<string>, onNode: (node: Node, scope: Set<string>) => void): void {
  if (Array.isArray(value)) return value.forEach((item) => visit(item, scope, onNode));
  if (!value || typeof value !== "object") return;
  const node = value as Node;
  onNode(node, scope);
  const ctes = ((node.cte_map as Node | undefined)?.map ?? []) as { key: string; value: Node }[];
  let inner = scope;
  for (const cte of ctes) {
    const name = cte.key.toLowerCase();
    const query = (cte.value.query as Node | undefined)?.node as Node | undefined;
    // A CTE sees itself only when recursive; otherwise `with x as (select * from x)` reads the table x.
    const own = query?.type === "RECURSIVE_CTE_NODE" ? new Set([...inner, name]) : inner;
    visit(cte.value, own, onNode);
    inner = new Set([...inner, name]);
  }
  for (const [key, child] of Object.entries(node)) {
    if (key !== "cte_map") visit(child, inner, onNode);
  }
}

function lineOf(sql: string, offset: number): number {
  return Number.isFinite(offset) ? sql.slice(0, offset).split("\n").length : 0;
}

function dollarQuote(text: string): string {
  let tag = "$sql$";
  for (let i = 0; text.includes(tag); i++) tag = `$sql${i}$`;
  return `${tag}${text}${tag}`;
}
