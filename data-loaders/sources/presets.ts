// Column mappings for known raw formats. A preset says, for each canonical column, which raw
// column holds it (null: the format has no such column, the canonical column stays empty).
// Users override single columns in the config (`columns: {customer_id: CustID}`).
import type { CanonicalTableName } from "./canonical.ts";

export interface Preset {
  description: string;
  columns: Record<string, string | null>;
  /** Canonical columns whose raw text needs a fix before casting. */
  transforms?: Record<string, Transform>;
}

/** "float_id": ids exported through a float column ("17850.0") lose the ".0". */
export type Transform = "float_id";

const identity = (columns: string[]): Record<string, string> => Object.fromEntries(columns.map((c) => [c, c]));

export const presets: Record<CanonicalTableName, Record<string, Preset>> = {
  order_lines: {
    canonical: {
      description: "Columns already named as the canonical order_lines table",
      columns: identity(["invoice_id", "product_id", "product_name", "quantity", "unit_price", "invoiced_at", "customer_id", "country", "category"]),
    },
    uci_online_retail: {
      description: "UCI Online Retail (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country)",
      columns: {
        invoice_id: "InvoiceNo",
        product_id: "StockCode",
        product_name: "Description",
        quantity: "Quantity",
        unit_price: "UnitPrice",
        invoiced_at: "InvoiceDate",
        customer_id: "CustomerID",
        country: "Country",
      },
      transforms: { customer_id: "float_id" },
    },
  },
  customers: {
    canonical: {
      description: "Columns already named as the canonical customers table",
      columns: identity(["customer_id", "first_seen_at", "country", "acquisition_channel"]),
    },
  },
  events: {
    canonical: {
      description: "Columns already named as the canonical events table",
      columns: identity(["user_id", "session_id", "event_name", "event_at", "source", "medium", "campaign", "device_category", "country", "transaction_id", "revenue", "page"]),
    },
    step_table: {
      description:
        "A funnel export with one file per step (user_id, page), as the widely used website funnel data set: list the files in path; the date and device come from a per-user file through join",
      columns: {
        user_id: "user_id", session_id: null, event_name: "page", event_at: null, source: null, medium: null,
        campaign: null, device_category: null, country: null, transaction_id: null, revenue: null,
      },
    },
  },
  experiment_assignments: {
    canonical: {
      description: "Columns already named as the canonical experiment_assignments table",
      columns: { ...identity(["experiment_id", "user_id", "variant", "assigned_at"]), landing_page: null, converted: null },
    },
    canonical_with_outcome: {
      description: "The canonical columns plus landing_page and converted, outcomes decided by the export",
      columns: identity(["experiment_id", "user_id", "variant", "assigned_at", "landing_page", "converted"]),
    },
    ab_data: {
      description:
        "A flat assignment-plus-outcome export of one test (user_id, timestamp, group, landing_page, converted), as the widely used ab_data.csv; the experiment id comes from the var experiment_default_id",
      columns: { experiment_id: null, user_id: "user_id", variant: "group", assigned_at: "timestamp", landing_page: "landing_page", converted: "converted" },
    },
  },
  attribution_touches: {
    canonical: {
      description: "Columns already named as the canonical attribution_touches table",
      columns: identity(["user_id", "touched_at", "channel", "converted", "conversion_value"]),
    },
    mta_touches: {
      description: "A touch-level multi-touch attribution export (cookie, time, interaction, conversion, conversion_value, channel), as the widely used attribution sample data",
      columns: { user_id: "cookie", touched_at: "time", channel: "channel", converted: "conversion", conversion_value: "conversion_value" },
    },
  },
  attribution_paths: {
    canonical: {
      description: "Columns already named as the canonical attribution_paths table",
      columns: identity(["path", "conversions", "conversion_value", "non_conversions"]),
    },
    channel_attribution: {
      description: "A path-level export (path, total_conversions, total_conversion_value, total_null), as ChannelAttribution's example Data.csv",
      columns: { path: "path", conversions: "total_conversions", conversion_value: "total_conversion_value", non_conversions: "total_null" },
    },
  },
  experiment_metrics: {
    canonical: { description: "Written from the outcomes list of the experiment_assignments source", columns: {} },
  },
};
