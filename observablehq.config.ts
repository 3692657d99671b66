import { readFileSync } from "node:fs";

// Observable Framework configuration. The settings below the page list keep `npm run build`
// offline and the published site free of third-party requests (see GUIDE §4).
export default {
  title: "Storefront analytics",
  root: "src",
  // Where the site is written; the browser tests build other configs into a folder of their own.
  output: process.env.ANALYTICS_SITE_DIR ?? "dist",
  pages: [
    {
      name: "Customers",
      pages: [
        { name: "Overview", path: "/customers/" },
        { name: "Segments", path: "/customers/segments" },
        { name: "Segment migration", path: "/customers/migration" },
        { name: "Lifetime value", path: "/customers/lifetime-value" },
        { name: "Churn", path: "/customers/churn" },
        { name: "Predictive value", path: "/customers/predictive-value" },
      ],
    },
    {
      name: "Experiments",
      pages: [
        { name: "All experiments", path: "/experiments/" },
        { name: "Experiment report", path: "/experiments/report" },
        { name: "Methods", path: "/experiments/methods" },
      ],
    },
    {
      name: "Engagement",
      pages: [
        { name: "Active users", path: "/engagement/" },
        { name: "Cohorts", path: "/engagement/cohorts" },
        { name: "Lifecycle", path: "/engagement/lifecycle" },
      ],
    },
    {
      name: "Product",
      pages: [
        { name: "Funnels", path: "/funnels/" },
        { name: "Journeys", path: "/funnels/journeys" },
      ],
    },
    { name: "Marketing", pages: [{ name: "Attribution", path: "/attribution/" }] },
    {
      name: "Products",
      pages: [
        { name: "Overview", path: "/products/" },
        { name: "Product", path: "/products/product" },
        { name: "Baskets", path: "/products/baskets" },
      ],
    },
    { name: "Data quality", path: "/data-quality" },
    { name: "Models", pages: [{ name: "All models", path: "/models/" }, { name: "Model", path: "/models/model" }] },
  ],
  footer: "Built from the project's SQL models with DuckDB and Observable Framework.",
  // The default stylesheet loads Google Fonts; system fonts keep the site self-contained.
  globalStylesheets: [],
  // Framework would download DuckDB-wasm extensions at build time; null disables each one.
  // Only DuckDB-wasm's "eh" build ships (scripts/prune-duckdb.ts removes the "mvp" one after the
  // build). Framework 1.13.4's `platforms: {mvp: false}` cannot be used: its client then fails on
  // every DuckDBClient.of (registerExtensions reads `.mainModule` of the missing mvp bundle).
  duckdb: { extensions: { json: null, parquet: null } },
  // Works even when tsx is not on PATH (Framework's default spawns "tsx").
  interpreters: { ".ts": ["node", "--import", "tsx"] },
  search: true,
  // An inline icon: without one the browser asks the server for /favicon.ico, which a
  // project site under a sub-path does not have.
  // Tables (Inputs.table): columns as wide as their content, scrolling sideways inside their own
  // box on a phone, with the key column (the first after the row picker) kept in view.
  head: '<style>form[class*="-table"]{overflow-x:auto}form[class*="-table"] table{table-layout:auto!important;min-width:100%}form[class*="-table"] td{max-width:28em}form[class*="-table"] tr>:nth-child(2){position:sticky;left:0;z-index:1;background:var(--theme-background)}form[class*="-table"] thead tr>:nth-child(2){z-index:3}</style>' +
    // The print stylesheet (and the focus ring of clickable chart marks), inline so it needs no
    // request and works under any sub-path.
    `<style>${readFileSync(new URL("./src/print.css", import.meta.url), "utf8")}</style>` +
    '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Crect width=%2216%22 height=%2216%22 rx=%223%22 fill=%22%234269d0%22/%3E%3C/svg%3E">',
};
