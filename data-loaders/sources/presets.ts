// Column mappings for known raw formats. A preset says, for each canonical column, which raw
// column holds it (null: the format has no such column, the canonical column stays empty).
// Users override single columns in the config (`columns: {customer_id: CustID}`).
import type { CanonicalTableName } from "./canonical.ts";
import type { InvoiceIdRule } from "./invoice-ids.ts";
import type { StatusRule } from "./order-status.ts";

export interface Preset {
  description: string;
  columns: Record<string, string | null>;
  /** Canonical columns whose raw text needs a fix before casting. */
  transforms?: Record<string, Transform>;
  /** Reader options the format always needs, written as in a config (delimiter, column_names, ...). */
  layout?: Record<string, unknown>;
  timestampFormat?: string;
  /** Canonical column -> fixed text, for what the format never records. */
  constants?: Record<string, string>;
  scale?: Record<string, number>;
  invoiceIdRule?: InvoiceIdRule;
  /** Number the lines in file order (canonical line_number): the format's identical lines are separate purchases. */
  numberLines?: boolean;
  /** The format's status column and what each status it writes means (config `status`). */
  status?: StatusRule;
  /** Canonical columns the format writes on an order's first line only, filled on its other lines (order-status.ts fillOrderLevel). */
  orderLevel?: string[];
  /** Raw column whose non-empty value (a cancellation time) makes the line's status "cancelled", whatever the status column says. */
  cancelledAt?: string;
  /** Canonical column -> raw column read when the mapped one is empty (Amplitude: amplitude_id for an anonymous user_id). */
  fallbacks?: Record<string, string>;
  /** Raw column that owns a per_user / session_ms session id (default: the user_id column). */
  sessionOwner?: string;
}

/**
 * "float_id": ids exported through a float column ("17850.0") lose the ".0".
 * "epoch_us": a time stamp written as microseconds since 1970 (GA4's event_timestamp), read exactly.
 * "per_user": an id unique only within one user (GA4's ga_session_id) is prefixed with the user's
 * id and "-", so that two users' sessions never share one.
 * "session_ms": Amplitude's session_id, the session's start in epoch milliseconds (-1: an event
 * outside any session, read as null), made unique per user as per_user does.
 * "keyed_hash": a personal identifier (an email) replaced as it is read by its HMAC-SHA256 with the
 * key ANALYTICS_PSEUDONYM_KEY (pseudonym.ts), so it never reaches the warehouse.
 */
export type Transform = "float_id" | "epoch_us" | "per_user" | "session_ms" | "keyed_hash";

const identity = (columns: string[]): Record<string, string> => Object.fromEntries(columns.map((c) => [c, c]));

export const presets: Record<CanonicalTableName, Record<string, Preset>> = {
  order_lines: {
    canonical: {
      description: "Columns already named as the canonical order_lines table",
      columns: identity(["invoice_id", "product_id", "product_name", "quantity", "unit_price", "invoiced_at", "customer_id", "country", "category", "line_total", "line_number", "refunded_amount"]),
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
    cdnow_transactions: {
      description:
        "CDNOW's raw transaction log (CDNOW_master.txt / CDNOW_sample.txt: whitespace-separated, no header; customer id, sample id, date YYYYMMDD, number of CDs, dollar total of the purchase); the sample id is the customer, a customer's purchases on one day are one invoice, the total is the line total",
      layout: { delimiter: "whitespace", column_names: ["original_id", "customer_id", "date", "cds", "dollars"] },
      timestampFormat: "%Y%m%d",
      columns: {
        invoice_id: null, product_id: null, product_name: null, quantity: "cds", unit_price: null, line_total: "dollars",
        invoiced_at: "date", customer_id: "customer_id", country: null,
      },
      constants: { product_id: "CD", product_name: "CDs" },
      invoiceIdRule: "customer_day",
      // Two identical lines on one day are two purchases in this log (the literature sums them).
      numberLines: true,
    },
    shopify_orders: {
      description:
        "Shopify's orders export (Orders > Export, CSV, one row per line item: Name, Email, Financial Status, Created at, Lineitem quantity, Lineitem name, Lineitem price, Lineitem sku, Billing Country, Refunded Amount, Cancelled at; an order's own fields on its first row only). The email becomes a keyed hash (HMAC-SHA256, key ANALYTICS_PSEUDONYM_KEY) as it is read; Financial Status and Cancelled at decide each order's outcome; a partial refund becomes a credit note",
      columns: {
        invoice_id: "Name", product_id: "Lineitem sku", product_name: "Lineitem name", quantity: "Lineitem quantity",
        unit_price: "Lineitem price", invoiced_at: "Created at", customer_id: "Email", country: "Billing Country",
        refunded_amount: "Refunded Amount",
      },
      transforms: { customer_id: "keyed_hash" },
      // Shopify writes its times with the shop's offset: 2024-03-01 10:15:32 -0500.
      timestampFormat: "%Y-%m-%d %H:%M:%S %z",
      status: {
        column: "Financial Status",
        map: {
          paid: "kept", partially_paid: "kept", partially_refunded: "kept", pending: "kept", authorized: "kept",
          refunded: "credit_note", voided: "excluded", expired: "excluded", cancelled: "excluded",
        },
      },
      cancelledAt: "Cancelled at",
      orderLevel: ["status", "country", "refunded_amount", "customer_id"],
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
    ga4_events: {
      description:
        "Google Analytics 4 events in their flattened BigQuery export form (one row per event; nested fields joined with _: event_name, event_timestamp in microseconds, user_pseudo_id, ga_session_id from event_params, traffic_source_source / _medium / _name, device_category, geo_country, ecommerce_transaction_id, ecommerce_purchase_revenue, page_location). traffic_source is GA4's first-touch source of the user; map source, medium and campaign to collected_traffic_source_manual_source / _medium / _campaign_name for each session's own",
      columns: {
        user_id: "user_pseudo_id", session_id: "ga_session_id", event_name: "event_name", event_at: "event_timestamp",
        source: "traffic_source_source", medium: "traffic_source_medium", campaign: "traffic_source_name",
        device_category: "device_category", country: "geo_country", transaction_id: "ecommerce_transaction_id",
        revenue: "ecommerce_purchase_revenue", page: "page_location",
      },
      transforms: { event_at: "epoch_us", session_id: "per_user" },
    },
    amplitude_events: {
      description:
        "Amplitude's event export (Export API / Amazon S3 export: JSON lines, one event per line; event_type, user_id else amplitude_id, event_time 'YYYY-MM-DD HH:MM:SS.ffffff' UTC, session_id in epoch ms, platform, country, event_properties {...}, user_properties {...}). Source, medium and campaign are the user's utm_source / utm_medium / utm_campaign user properties; revenue is event_properties.$revenue",
      columns: {
        user_id: "user_id", session_id: "session_id", event_name: "event_type", event_at: "event_time",
        source: "user_properties.utm_source", medium: "user_properties.utm_medium", campaign: "user_properties.utm_campaign",
        device_category: "platform", country: "country", transaction_id: null,
        revenue: "event_properties.$revenue", page: "event_properties.[Amplitude] Page Path",
      },
      transforms: { session_id: "session_ms" },
      fallbacks: { user_id: "amplitude_id" },
      sessionOwner: "amplitude_id",
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
