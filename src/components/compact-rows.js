// The larger JSON files of the site are written compactly ({columns, rows: [[...]]}, by
// data-loaders/site/emit-mart.ts): this turns one back into the row objects pages work with.
export function expandRows(compact) {
  const { columns, rows } = compact;
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
}
