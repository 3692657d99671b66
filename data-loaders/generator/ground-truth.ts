// The ground truth: what the generator planted and what it wrote, in the terms a report uses.
// Tests read it beside the data and check that the analytics recover it.
import type { Calendar } from "./calendar.ts";
import type { Catalogue, CatalogueSummary } from "./catalogue.ts";
import { experimentConversionWindowDays, behaviour, catalogueSpec, channels, coPurchase, countries, countryAliases, devices, dirt, funnel, journeys, seasonality } from "./parameters.ts";
import type { ResolvedOptions } from "./options.ts";
import { ROW_KINDS, type RowKind } from "./tally.ts";
import { traffic } from "./traffic.ts";
import { FILE_EXTENSION } from "./writer.ts";
import type { World } from "./world.ts";
import { expectedConversionProbability } from "./journeys.ts";

/** The JSON written as ground_truth.json (keys in snake_case; see buildGroundTruth for the fields). */
export type GroundTruth = Record<string, unknown> & { files: Record<string, { file: string; rows: number }> };

const KIND_RULES: Record<RowKind, string> = {
  sale: "Product line of a sale invoice with a customer, Quantity > 0, UnitPrice > 0 (the first copy when duplicated).",
  guest: "The same on a guest invoice: CustomerID is NULL.",
  credit_note: "Line of a C-prefixed invoice cancelling a line of the same customer's order within hours: negative Quantity, same StockCode and UnitPrice.",
  return: "Line of a C-prefixed invoice for goods sent back 3-30 days after the sale: negative Quantity (all or part of what was bought), same customer, StockCode and UnitPrice.",
  discount: "StockCode 'D', Description 'Discount', Quantity -1, on a credit note.",
  manual: "StockCode 'M', Description 'Manual': Quantity 1 on a sale invoice, -1 on a credit note.",
  bank_charges: "StockCode 'BANK CHARGES', Description 'Bank Charges', on sale invoices of customers abroad.",
  postage: "StockCode 'POST' (Description 'POSTAGE', invoices abroad) or 'DOT' (Description 'DOTCOM POSTAGE', guest invoices).",
  carriage: "StockCode 'C2', Description 'CARRIAGE' (invoices to EIRE and the Channel Islands).",
  zero_price: "Product line with a customer on a sale invoice at UnitPrice 0 (an item given away).",
  inventory_adjustment: "Stock correction on its own invoice: NULL CustomerID, UnitPrice 0, a note as Description (damaged, check, adjustment, ?, ...) or NULL.",
  bad_debt: "InvoiceNo 'A...', StockCode 'B', Description 'Adjust bad debt', Quantity 1, negative UnitPrice, NULL CustomerID (one per quarter end).",
  exact_duplicate: "Second copy of a sale or guest line, identical in every column and written right after the first.",
};

export function buildGroundTruth(input: {
  options: ResolvedOptions;
  /** null when the store was sized by order lines. */
  customersRequested: number | null;
  newVisitorsPlanned: number;
  calendar: Calendar;
  catalogue: Catalogue;
  world: World;
}): GroundTruth {
  return snakeKeys(plantedAndWritten(input)) as GroundTruth;
}

function plantedAndWritten(input: Parameters<typeof buildGroundTruth>[0]) {
  const { options, calendar, catalogue, world } = input;
  const { tally, sinks } = world;
  const orderLineRows = sinks.orderLines.rows;
  const byKind = Object.fromEntries(ROW_KINDS.map((k, i) => [k, tally.rowsByKind[i]])) as Record<RowKind, number>;
  const share = (n: number) => round(n / Math.max(1, orderLineRows), 6);
  const countryRows = (name: string) => tally.rowsByCountry[countries.findIndex((c) => c.ledger === name)];
  const baseRate = expectedConversionProbability();
  const ext = FILE_EXTENSION[options.format];
  const j = tally.journeys;
  const incremental = channels.map((c, i) => c.beta * j.withChannel[i]);
  const incrementalTotal = incremental.reduce((s, x) => s + x, 0);
  const perChannel = <T>(f: (i: number) => T) => Object.fromEntries(channels.map((c, i) => [c.name, f(i)]));

  return {
    about:
      "What the default-store generator planted and wrote. Counts are exact for these files; parameters are the true values of the processes that made them, which reports and their tests should recover.",
    generator: {
      ground_truth_version: 1,
      seed: options.seed,
      // "model": behaviour.purchase_process and behaviour.spend hold exactly (calendar time, one
      // line per invoice at the drawn spend, no charge, cancellation, return or write-off).
      purchase_process: options.purchaseProcess,
      scale: {
        customers_requested: input.customersRequested,
        order_lines_requested: options.orderLines ?? null,
        new_visitors_planned: Math.round(input.newVisitorsPlanned),
      },
      span: {
        start_date: calendar.isoDate(0),
        end_date: calendar.isoDate(calendar.days - 1),
        months: options.months,
        days: calendar.days,
        time_zone: "UTC",
      },
      format: options.format,
    },
    files: {
      order_lines: { file: `order_lines${ext}`, rows: orderLineRows },
      customers: { file: `customers${ext}`, rows: sinks.customers.rows },
      events: { file: `events${ext}`, rows: sinks.events.rows },
      experiment_assignments: { file: `experiment_assignments${ext}`, rows: sinks.assignments.rows },
    },
    population: {
      new_visitors: tally.visitors.newVisitors,
      registered_customers: tally.visitors.registered,
      guest_buyers: tally.visitors.guests,
      anonymous_user_ids: world.ids.anon,
      sessions: world.ids.session,
      repeat_purchases: tally.visitors.repeatPurchases,
      buyers_lapsed_within_span: tally.visitors.buyersLapsed,
      invoices: tally.invoices,
      credit_notes: tally.creditNotesWithReturns,
      sales_revenue: round(tally.salesPence / 100, 2),
      sales_revenue_definition:
        "Sum of Quantity * UnitPrice over the rows of sale invoices (customer and guest) without the exact-duplicate copies: products, free items and charges (postage, carriage, manual, bank charges). Each invoice's total is what its purchase event reports as revenue.",
    },
    dirty_rows: {
      definition:
        "Every order line has exactly one kind, so rows_by_kind adds up to files.order_lines.rows. Everything but 'sale' is a row a cleaning model must recognise (and exclude or treat apart).",
      rows_by_kind: byKind,
      share_of_rows: Object.fromEntries(ROW_KINDS.map((k) => [k, share(byKind[k])])),
      kinds: KIND_RULES,
      c_prefixed_rows: tally.cPrefixedRows,
      null_customer_rows: tally.nullCustomerRows,
      zero_unit_price_rows: tally.zeroPriceRows,
      country_alias_rows: Object.fromEntries(countryAliases.map((alias) => [alias, countryRows(alias)])),
      country_alias_note: "Rows (of any kind) whose Country is written as an alias: EIRE = Ireland, RSA = South Africa, USA = United States, Channel Islands = United Kingdom; Unspecified and European Community name no country.",
      countries_in_ledger: countries.filter((_, i) => tally.rowsByCountry[i] > 0).length,
    },
    experiments: world.experiments.map((run) => {
      const [control, treatment] = run.arms;
      const arm = (a: typeof control) => ({
        logged_users: a.logged,
        converted_users: a.loggedConverted,
        observed_rate: round(a.loggedConverted / Math.max(1, a.logged), 6),
        expected_rate: round(a.loggedExpected / Math.max(1, a.logged), 6),
        unlogged_users: a.unlogged,
        new_visitors: a.logged - a.loggedReturning,
        returning_users: a.loggedReturning,
        returning_users_active_before: a.loggedReturningActiveBefore,
        returning_users_purchased_before: a.loggedReturningPurchasedBefore,
      });
      const logged = control.logged + treatment.logged;
      const newShare = (logged - control.loggedReturning - treatment.loggedReturning) / Math.max(1, logged);
      const mobile = devices.find((d) => d.name === "mobile")!.share;
      const keptTreatment = 1 - mobile * run.spec.lostMobileTreatmentLogs;
      const alloc = run.spec.allocation;
      return {
        id: run.spec.id,
        kind: run.spec.kind,
        description: run.spec.description,
        is_aa: run.spec.kind === "aa",
        has_srm: run.spec.kind === "srm",
        population:
          "Every user with a session inside the window, assigned at the start of their first session in it (assigned_at): new visitors (first session ever inside the window) and returning users (a session before the window's start: earlier visitors whose journey runs into it, and buyers coming back). Returning users bring a pre-period: what they did before assigned_at.",
        eligibility: {
          start: calendar.isoDate(run.startSecond / 86_400),
          rule: "first session on or after start and before end_exclusive; returning users included",
          returning_users_arms: "drawn from the experiments' own random stream (the new visitors' arms from the simulation's, as before returning users were assigned)",
          pre_period: `what a user did before assigned_at; returning_users_active_before counts logged returning users with a session in the ${experimentConversionWindowDays} days before it (the conversion window's length), returning_users_purchased_before those with a purchase at any time before it`,
        },
        window: { start: calendar.isoDate(run.startSecond / 86_400), end_exclusive: calendar.isoDate(run.endSecond / 86_400) },
        variants: ["control", "treatment"],
        planted_allocation: alloc,
        conversion: {
          metric: "user made a purchase (event purchase) within conversion_window_days after assigned_at",
          conversion_window_days: experimentConversionWindowDays,
        },
        planted_effect: {
          absolute_lift: run.spec.absoluteLift,
          baseline_rate_model: round(baseRate, 6),
          relative_lift_model: round(run.spec.absoluteLift / baseRate, 6),
          new_visitor_share: round(newShare, 6),
          average_absolute_lift: round(run.spec.absoluteLift * newShare, 6),
          note: "The treatment adds absolute_lift to each treated new visitor's probability of a first purchase. A returning user's purchases were drawn before and without regard to the experiment, so the treatment does not change them: the average effect over the logged users (the estimand of a comparison of the arms' conversion rates) is average_absolute_lift = absolute_lift * new_visitor_share. expected_rate per arm is the mean true probability of its logged users (a returning user's is 0 or 1: their outcome was settled before assignment).",
        },
        arms: { control: arm(control), treatment: arm(treatment) },
        split: {
          intended: alloc,
          expected_logged: {
            control: round(alloc.control / (alloc.control + alloc.treatment * keptTreatment), 6),
            treatment: round((alloc.treatment * keptTreatment) / (alloc.control + alloc.treatment * keptTreatment), 6),
          },
          actual: { control: round(control.logged / Math.max(1, logged), 6), treatment: round(treatment.logged / Math.max(1, logged), 6) },
          cause: run.spec.lostMobileTreatmentLogs > 0 ? `${run.spec.lostMobileTreatmentLogs * 100}% of treatment assignments on mobile were never logged (the users were still treated).` : null,
        },
      };
    }),
    channel_contributions: {
      definition:
        "True contribution of channel c = beta[c]: the additive increase in a new visitor's probability of making a first purchase that comes from having at least one session from c in their journey (more sessions from the same channel add nothing). P(first purchase | journey) = device_baseline[device] + sum over channels c of beta[c] * touched[c] (+ absolute_lift for treated users of the lift experiment). Expected incremental conversions of c = beta[c] * journeys touched by c; their shares are what a fractional attribution model should recover.",
      journey:
        "A new visitor's sessions, from the first up to and including the session with the first purchase (all sessions when there is none), at most 28 days, all in events under one user_id. Repeat purchases of registered customers are driven by their own purchase rate (behaviour.purchase_process), not by touches: leave sessions after the first purchase out when checking attribution.",
      channel_of_session: "Each session's source / medium / campaign is one row of `traffic`, which names its channel.",
      beta: perChannel((i) => channels[i].beta),
      device_baseline: Object.fromEntries(devices.map((d) => [d.name, d.conversionBaseline])),
      journeys: j.count,
      sessions_in_journeys: j.sessions,
      conversions: j.conversions,
      expected_conversions: round(j.expectedConversions, 3),
      journeys_with_channel: perChannel((i) => j.withChannel[i]),
      conversions_with_channel: perChannel((i) => j.conversionsWithChannel[i]),
      expected_incremental_conversions: perChannel((i) => round(incremental[i], 3)),
      share_of_incremental_conversions: perChannel((i) => round(incremental[i] / Math.max(1e-9, incrementalTotal), 6)),
      touch_probabilities: {
        first_session: perChannel((i) => channels[i].firstTouch),
        later_sessions: perChannel((i) => channels[i].laterTouch),
        customer_sessions_after_first_purchase: perChannel((i) => channels[i].retention),
        sessions_per_journey: `1 + Poisson(${journeys.extraSessionsMean}), spaced by exponential gaps of mean ${journeys.sessionGapDays} days (at least 30 minutes)`,
      },
      traffic,
    },
    behaviour: {
      purchase_process: behaviour.purchase,
      spend: behaviour.spend,
      basket: behaviour.basket,
      guest_share_of_first_purchases: behaviour.guestShare,
      devices,
      funnel: {
        description:
          "Step probabilities of sessions without a purchase (device value times channel quality, at most 0.95); a session with a purchase passes every step. Purchases themselves follow the journey model and the customers' purchase process.",
        ...funnel,
        channel_quality: perChannel((i) => channels[i].quality),
      },
      journeys,
      seasonality: {
        weekday_factors: Object.fromEntries(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((d, i) => [d, seasonality.weekday[i]])),
        month_factors: Object.fromEntries(MONTHS.map((m, i) => [m, seasonality.month[i]])),
        holidays: seasonality.holidays.map((h) => ({ month: MONTHS[h.month], days: h.days, factor: h.factor })),
        hour_of_day_weights: seasonality.hourOfDay,
        new_visitors_yearly_growth: seasonality.yearlyGrowth,
        description:
          "A day's weight = weekday factor * month factor * holiday factor, rescaled to mean 1 over the span. New visitors per day are proportional to weight * (1 + growth)^(years since start); customers' purchase rates run in operational time (cumulative weight), so purchases follow the same weekly and yearly pattern.",
      },
      dirt_rates: dirt,
      countries: countries.map((c) => ({ ledger: c.ledger, web: c.web, customer_share: c.customers, guest_share: c.guests })),
    },
    co_purchase: {
      description:
        "When an anchor product is in a sale, its companion is added (one pack at the day's price) with this probability unless already in the basket. So confidence(anchor -> companion) is about the probability plus the chance the companion was bought anyway, and the pair's lift is far above other pairs'.",
      probability: coPurchase.probability,
      pairs: world.coPurchase.pairs.map(({ anchor, companion }) => ({
        anchor: catalogue.stockCodes[anchor],
        anchor_name: catalogue.descriptions[anchor],
        companion: catalogue.stockCodes[companion],
        companion_name: catalogue.descriptions[companion],
      })),
      planted_lines: world.coPurchase.plantedLines,
    },
    catalogue: {
      ...catalogue.summary,
      topFifthShareOfDemand: round(catalogue.summary.topFifthShareOfDemand, 4),
      parameters: catalogueSpec,
    } satisfies CatalogueSummary & { parameters: typeof catalogueSpec },
  };
}

/** Parameters are camelCase in code; the JSON uses snake_case throughout. Names used as keys (channels, countries) have no camel humps. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a}_${b.toLowerCase()}`), snakeKeys(v)]));
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
