// The canonical tables every model reads, whatever the raw files look like (GUIDE §2).
// A source adapter maps a raw file onto one of these; an unconfigured source becomes an empty
// table of this shape, so models and pages still build and say that the data is absent.

export type CanonicalType = "VARCHAR" | "INTEGER" | "BIGINT" | "DOUBLE" | "DECIMAL(18,4)" | "TIMESTAMP" | "BOOLEAN" | "MAP(VARCHAR, DOUBLE)";

export interface CanonicalColumn {
  name: string;
  type: CanonicalType;
  /** A raw value that is present but cannot be read as `type` stops the build with file, row and column. */
  description: string;
  /** A column the file may lack even when its preset names it: read as null, not an error. */
  optional?: boolean;
  /** A column the report's pages need: a source that leaves it empty in every row is named once (pipeline/source-gaps.ts); orElse names a column that can stand in for it. */
  essential?: true | { orElse: string };
  /** A column a source may lack and map to null (`columns: {name: null}`); the missing-column error says so. */
  nullable?: boolean;
}

export interface CanonicalTable {
  name: CanonicalTableName;
  grain: string;
  columns: CanonicalColumn[];
}

export type CanonicalTableName = "order_lines" | "customers" | "events" | "experiment_assignments" | "attribution_touches" | "attribution_paths" | "experiment_metrics";

export const canonicalTables: Record<CanonicalTableName, CanonicalTable> = {
  order_lines: {
    name: "order_lines",
    grain: "one invoice line",
    columns: [
      { name: "invoice_id", type: "VARCHAR", essential: true, description: "Invoice number; a C prefix marks a credit note" },
      { name: "product_id", type: "VARCHAR", essential: true, description: "Stock code; POST, M, D, BANK CHARGES and the like are not products" },
      { name: "product_name", type: "VARCHAR", description: "Product description as written on the invoice" },
      { name: "quantity", type: "INTEGER", essential: true, description: "Units; negative for returns and corrections" },
      { name: "unit_price", type: "DECIMAL(18,4)", essential: { orElse: "line_total" }, description: "Price per unit in the store currency" },
      { name: "invoiced_at", type: "TIMESTAMP", essential: true, description: "When the invoice was raised (UTC)" },
      { name: "customer_id", type: "VARCHAR", essential: true, description: "Customer; null for a guest checkout" },
      { name: "country", type: "VARCHAR", description: "Country as written in the source, before alias normalisation" },
      { name: "category", type: "VARCHAR", optional: true, description: "Product category when the export has one; otherwise seeds/product_categories.csv" },
      { name: "line_number", type: "BIGINT", optional: true, description: "The line's place in its export, for logs whose identical lines are separate purchases (config number_lines): such lines are then never taken for double entries" },
      { name: "line_total", type: "DECIMAL(18,4)", optional: true, description: "The line's amount when the export writes a total instead of (or beside) a unit price: the line's revenue as written; a missing unit price is derived as line_total / quantity" },
      { name: "refunded_amount", type: "DECIMAL(18,4)", optional: true, description: "Amount refunded on the order when the export writes it per order (Shopify's Refunded Amount): a kept order with one gets a credit-note line for it (product REFUND)" },
      { name: "status", type: "VARCHAR", optional: true, description: "The order's status as the export writes it (returned, cancelled, ...), read when the source maps statuses (config status)" },
      { name: "status_outcome", type: "VARCHAR", optional: true, description: "What the source's status map makes of the line: kept, credit_note (a credit-note twin is added) or excluded (ledger reason excluded_status); null without a status map" },
    ],
  },
  customers: {
    name: "customers",
    grain: "one customer",
    columns: [
      { name: "customer_id", type: "VARCHAR", description: "Customer key, the same as order_lines.customer_id" },
      { name: "first_seen_at", type: "TIMESTAMP", description: "Sign-up or first visit (UTC)" },
      { name: "country", type: "VARCHAR", description: "Home country as written in the source" },
      { name: "acquisition_channel", type: "VARCHAR", description: "Channel that acquired the customer" },
    ],
  },
  events: {
    name: "events",
    grain: "one tracked event",
    columns: [
      { name: "user_id", type: "VARCHAR", essential: true, description: "Customer id when known, otherwise an anonymous visitor id" },
      { name: "session_id", type: "VARCHAR", description: "Session the event belongs to" },
      { name: "event_name", type: "VARCHAR", essential: true, description: "session_start, page_view, view_item, add_to_cart, begin_checkout, purchase, ..." },
      { name: "event_at", type: "TIMESTAMP", essential: true, description: "When the event happened (UTC)" },
      { name: "source", type: "VARCHAR", description: "Traffic source (google, newsletter, (direct), ...)" },
      { name: "medium", type: "VARCHAR", description: "Traffic medium (organic, cpc, email, (none), ...)" },
      { name: "campaign", type: "VARCHAR", description: "Campaign name, null when none" },
      { name: "device_category", type: "VARCHAR", description: "desktop, mobile or tablet" },
      { name: "country", type: "VARCHAR", description: "Visitor country" },
      { name: "transaction_id", type: "VARCHAR", description: "Invoice number of a purchase event" },
      { name: "revenue", type: "DECIMAL(18,4)", description: "Revenue of a purchase event" },
      { name: "page", type: "VARCHAR", description: "Page path of the event (/cart, /product/...), when the export records it; null otherwise", optional: true },
    ],
  },
  experiment_assignments: {
    name: "experiment_assignments",
    grain: "one user in one experiment",
    columns: [
      { name: "experiment_id", type: "VARCHAR", description: "Experiment key" },
      { name: "user_id", type: "VARCHAR", essential: true, description: "User, in the id space of events.user_id" },
      { name: "variant", type: "VARCHAR", essential: true, description: "Variant the user was assigned to (control first)" },
      { name: "assigned_at", type: "TIMESTAMP", description: "When the user was first exposed (UTC)" },
      // Optional outcome columns of a flat assignment-plus-outcome export (one test, outcome already
      // decided); null when outcomes come from events, as with every preset that lacks them.
      { name: "landing_page", type: "VARCHAR", nullable: true, description: "Page the user was shown, when the export records it (checked against the variant's page in seeds/experiment_variants.csv)" },
      { name: "converted", type: "BOOLEAN", nullable: true, description: "Outcome decided by the export (true/false or 1/0); null: measured from events" },
      // Filled from the columns the config lists under the source's `outcomes` (experiment-outcomes.ts), never from a preset.
      { name: "outcomes", type: "MAP(VARCHAR, DOUBLE)", optional: true, description: "Outcome metric name -> value (1/0 for a proportion, the number for a mean), from the config's outcomes list" },
    ],
  },
  // Marketing exports that already hold touches or whole paths (README "Attribution"); they feed
  // the same attribution models as the sessions of the events.
  attribution_touches: {
    name: "attribution_touches",
    grain: "one marketing touch of one user or cookie",
    columns: [
      { name: "user_id", type: "VARCHAR", description: "User or cookie the touch belongs to" },
      { name: "touched_at", type: "TIMESTAMP", description: "When the touch happened (UTC)" },
      { name: "channel", type: "VARCHAR", description: "Marketing channel of the touch, as the export names it" },
      { name: "converted", type: "BOOLEAN", description: "True (or 1) on the touch at which the user converted" },
      { name: "conversion_value", type: "DOUBLE", description: "Value of the conversion on a converting touch" },
    ],
  },
  attribution_paths: {
    name: "attribution_paths",
    grain: "one distinct channel path with its outcomes",
    columns: [
      { name: "path", type: "VARCHAR", description: "Channels in time order separated by \">\" (\"Email > Direct\")" },
      { name: "conversions", type: "DOUBLE", description: "Journeys along this path that converted" },
      { name: "conversion_value", type: "DOUBLE", description: "Value of those conversions" },
      { name: "non_conversions", type: "DOUBLE", description: "Journeys along this path that did not convert" },
    ],
  },
  // The metric definitions of the `outcomes` list of the experiment_assignments source, one row each
  // (no file of its own: written from the config).
  experiment_metrics: {
    name: "experiment_metrics",
    grain: "one outcome metric of a flat experiment export",
    columns: [
      { name: "metric", type: "VARCHAR", description: "Metric name, the key in experiment_assignments.outcomes" },
      { name: "label", type: "VARCHAR", description: "What the metric is called on the pages" },
      { name: "kind", type: "VARCHAR", description: "proportion or mean" },
      { name: "role", type: "VARCHAR", description: "primary, secondary or guardrail" },
      { name: "harm_threshold", type: "DOUBLE", description: "Guardrail: relative change in the harmful direction still taken as no harm" },
      { name: "harm_direction", type: "VARCHAR", description: "Guardrail: decrease or increase harms" },
      { name: "position", type: "INTEGER", description: "Order in the config" },
    ],
  },
};
