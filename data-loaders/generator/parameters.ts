// Everything the generator plants, in one place: the ground truth copies these values, so a report
// that recovers them can be checked against the numbers the data was made from.

export const seasonality = {
  /** Monday .. Sunday. */
  weekday: [1.12, 1.1, 1.05, 1.08, 0.95, 0.76, 0.92],
  /** January .. December: a fourth-quarter peak with November (Black Friday, Christmas gifts) highest. */
  month: [0.8, 0.82, 0.92, 0.9, 0.95, 0.92, 0.9, 0.95, 1.08, 1.22, 1.5, 1.22],
  /** Days the shop is quiet whatever the month (month 0-based). */
  holidays: [
    { month: 11, days: [24, 25, 26], factor: 0.3 },
    { month: 11, days: [27, 28, 29, 30, 31], factor: 0.6 },
    { month: 0, days: [1], factor: 0.4 },
  ],
  /** Relative traffic by hour of day (UTC), 0 .. 23: lunchtime and evening peaks. */
  hourOfDay: [0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.9, 1.5, 2.2, 2.8, 3.0, 3.2, 3.1, 2.9, 2.8, 2.7, 2.8, 3.0, 3.3, 3.4, 3.0, 2.0, 0.9],
  /** New visitors per day grow by this fraction a year (the store is growing). */
  yearlyGrowth: 0.3,
};

/** Registered customers: BG/NBD purchase process and Gamma-Gamma spend, per customer. */
export const behaviour = {
  purchase: {
    model: "BG/NBD",
    description:
      "From the first purchase on, each buyer (registered customer or returning guest) purchases as a Poisson process with rate lambda_i ~ Gamma(shape r, rate alpha) per week while active, run in operational time so that the rate follows the calendar's seasonality (mean 1 over the span); after each repeat purchase they lapse for good with probability p_i ~ Beta(a, b).",
    timeUnit: "week",
    r: 0.6,
    alpha: 4.5,
    a: 1.1,
    b: 3.2,
  },
  spend: {
    model: "Gamma-Gamma",
    description:
      "Target spend of each invoice z ~ Gamma(shape p, scale 1/nu_i), with nu_i ~ Gamma(shape q, rate gamma) drawn once per buyer: a buyer's mean spend is p/nu_i, the population's p*gamma/(q-1). Lines are filled towards z in whole packs, and charges (postage, ...) are added, so invoice totals follow z approximately.",
    p: 3.2,
    q: 3.8,
    gamma: 340,
  },
  basket: {
    /** Typical value of one invoice line; the number of lines grows with the target spend. */
    lineValue: 15,
    lineBudgetSigma: 0.9,
    maxLines: 250,
  },
  /** Share of first purchases made as a guest (no account, NULL CustomerID, anonymous user id); guests come back as guests. */
  guestShare: 0.22,
};

export type DeviceName = "desktop" | "mobile" | "tablet";
export const devices: { name: DeviceName; share: number; conversionBaseline: number }[] = [
  { name: "desktop", share: 0.42, conversionBaseline: 0.02 },
  { name: "mobile", share: 0.5, conversionBaseline: 0.0 },
  { name: "tablet", share: 0.08, conversionBaseline: 0.01 },
];

export interface ChannelSpec {
  name: string;
  /** Additive effect on a new visitor's conversion probability of >= 1 session from this channel. */
  beta: number;
  /** How often a new visitor's first session, a later journey session, and a customer's session come from it. */
  firstTouch: number;
  laterTouch: number;
  retention: number;
  /** Multiplies the funnel step probabilities of a session from this channel (traffic quality). */
  quality: number;
  traffic: { source: string; medium: string; campaign: string | null; weight: number }[];
}

export const channels: ChannelSpec[] = [
  {
    name: "Organic Search", beta: 0.03, firstTouch: 0.3, laterTouch: 0.18, retention: 0.18, quality: 1.0,
    traffic: [
      { source: "google", medium: "organic", campaign: null, weight: 0.86 },
      { source: "bing", medium: "organic", campaign: null, weight: 0.1 },
      { source: "duckduckgo", medium: "organic", campaign: null, weight: 0.04 },
    ],
  },
  {
    name: "Paid Search", beta: 0.045, firstTouch: 0.2, laterTouch: 0.12, retention: 0.1, quality: 1.1,
    traffic: [
      { source: "google", medium: "cpc", campaign: "brand_search", weight: 0.35 },
      { source: "google", medium: "cpc", campaign: "generic_search", weight: 0.35 },
      { source: "google", medium: "cpc", campaign: "shopping", weight: 0.2 },
      { source: "bing", medium: "cpc", campaign: "generic_search", weight: 0.1 },
    ],
  },
  {
    name: "Paid Social", beta: 0.012, firstTouch: 0.14, laterTouch: 0.06, retention: 0.04, quality: 0.7,
    traffic: [
      { source: "facebook", medium: "paid_social", campaign: "prospecting", weight: 0.5 },
      { source: "instagram", medium: "paid_social", campaign: "prospecting", weight: 0.3 },
      { source: "facebook", medium: "paid_social", campaign: "retargeting", weight: 0.2 },
    ],
  },
  {
    name: "Organic Social", beta: 0.008, firstTouch: 0.08, laterTouch: 0.05, retention: 0.05, quality: 0.8,
    traffic: [
      { source: "instagram", medium: "social", campaign: null, weight: 0.45 },
      { source: "facebook", medium: "social", campaign: null, weight: 0.35 },
      { source: "pinterest", medium: "social", campaign: null, weight: 0.2 },
    ],
  },
  {
    name: "Email", beta: 0.06, firstTouch: 0.02, laterTouch: 0.14, retention: 0.28, quality: 1.15,
    traffic: [
      { source: "newsletter", medium: "email", campaign: "weekly_newsletter", weight: 0.6 },
      { source: "newsletter", medium: "email", campaign: "new_arrivals", weight: 0.25 },
      { source: "crm", medium: "email", campaign: "abandoned_basket", weight: 0.15 },
    ],
  },
  {
    name: "Affiliates", beta: 0.05, firstTouch: 0.05, laterTouch: 0.05, retention: 0.02, quality: 1.05,
    traffic: [
      { source: "awin", medium: "affiliate", campaign: "voucher_sites", weight: 0.6 },
      { source: "awin", medium: "affiliate", campaign: "content_partners", weight: 0.4 },
    ],
  },
  {
    name: "Referral", beta: 0.025, firstTouch: 0.06, laterTouch: 0.03, retention: 0.03, quality: 0.95,
    traffic: [
      { source: "giftguide.example", medium: "referral", campaign: null, weight: 0.6 },
      { source: "craftblog.example", medium: "referral", campaign: null, weight: 0.4 },
    ],
  },
  {
    name: "Display", beta: 0.004, firstTouch: 0.07, laterTouch: 0.05, retention: 0.0, quality: 0.55,
    traffic: [
      { source: "google", medium: "display", campaign: "awareness", weight: 0.7 },
      { source: "criteo", medium: "display", campaign: "retargeting", weight: 0.3 },
    ],
  },
  {
    name: "Direct", beta: 0.035, firstTouch: 0.08, laterTouch: 0.32, retention: 0.3, quality: 1.05,
    traffic: [{ source: "(direct)", medium: "(none)", campaign: null, weight: 1 }],
  },
];

/** A new visitor's journey: the sessions before (and including) a first purchase. */
export const journeys = {
  /** Sessions per journey = 1 + Poisson(extraSessionsMean). */
  extraSessionsMean: 0.9,
  /** Mean gap between sessions of one journey (exponential). */
  sessionGapDays: 2.5,
  /** Sessions later than this after the first one are not part of the journey (and not generated). */
  maxDays: 28,
  /** A customer's repeat purchase is preceded by 0 .. n browsing sessions in the week before. */
  browseSessionsBeforeRepeatMean: 0.7,
};

/** Funnel step probabilities of a session that does not end in a purchase, by device, times channel quality. */
export const funnel = {
  viewItem: { desktop: 0.55, mobile: 0.42, tablet: 0.5 },
  addToCart: { desktop: 0.24, mobile: 0.15, tablet: 0.19 },
  beginCheckout: { desktop: 0.35, mobile: 0.22, tablet: 0.3 },
  extraPageViewsMean: 1.2,
  extraViewItemsMean: 1.0,
  /** Seconds between consecutive events of a session (exponential mean). */
  eventGapSeconds: 40,
};

export interface ExperimentSpec {
  id: string;
  kind: "lift" | "aa" | "srm";
  description: string;
  /** Window as fractions of the span: visitors whose first session falls inside are assigned. */
  window: [number, number];
  allocation: { control: number; treatment: number };
  /** Absolute change of the treatment arm's conversion probability. */
  absoluteLift: number;
  /** Share of treatment assignments on mobile that are never logged (the planted SRM). */
  lostMobileTreatmentLogs: number;
}

export const experiments: ExperimentSpec[] = [
  {
    id: "exp_checkout_redesign", kind: "lift",
    description: "One-page checkout for new visitors; raises purchase conversion.",
    window: [0.2, 0.45], allocation: { control: 0.5, treatment: 0.5 }, absoluteLift: 0.02, lostMobileTreatmentLogs: 0,
  },
  {
    id: "exp_homepage_hero_aa", kind: "aa",
    description: "A/A test: both arms see the same homepage; no effect.",
    window: [0.5, 0.7], allocation: { control: 0.5, treatment: 0.5 }, absoluteLift: 0, lostMobileTreatmentLogs: 0,
  },
  {
    id: "exp_free_shipping_banner", kind: "srm",
    description:
      "Free-shipping banner; no real effect, but the treatment's assignment logging fails for some mobile visitors, so the logged split is not the intended 50/50 (sample-ratio mismatch).",
    window: [0.72, 0.92], allocation: { control: 0.5, treatment: 0.5 }, absoluteLift: 0, lostMobileTreatmentLogs: 0.25,
  },
];
/** A user converts in an experiment when they purchase within this many days of assignment. */
export const experimentConversionWindowDays = 30;

/** How often the ledger's dirty rows happen (per line, per invoice or per credit note). */
export const dirt = {
  /** Per customer invoice: a credit note cancelling 1-3 of its lines within hours (kind credit_note). */
  cancellationPerInvoice: 0.16,
  /** Per customer invoice: a credit note 3-30 days later returning 1 + Poisson(mean) of its lines (kind return). */
  returnPerInvoice: 0.1,
  returnedLinesExtraMean: 1.5,
  /** Share of products returned far more often: the chance that a returned line is one of them is this many times higher. */
  highReturnProductShare: 0.04,
  highReturnWeight: 20,
  /** Per credit note: an extra Discount (D) or Manual (M) line. */
  discountPerCreditNote: 0.05,
  manualPerCreditNote: 0.03,
  /** Per product line: recorded twice (exact duplicate row). */
  duplicatePerLine: 0.0103,
  /** Per product line of a customer invoice: given away at UnitPrice 0. */
  zeroPricePerLine: 0.0012,
  /** Per invoice to a customer outside the UK: a POSTAGE line (C2 CARRIAGE for EIRE and the Channel Islands). */
  postagePerForeignInvoice: 0.7,
  /** Per guest invoice: a DOTCOM POSTAGE line. */
  dotcomPostagePerGuestInvoice: 0.2,
  manualPerInvoice: 0.006,
  bankChargesPerForeignInvoice: 0.01,
  /** Per sale invoice: a stock-keeping adjustment invoice soon after (NULL customer, UnitPrice 0). */
  inventoryAdjustmentPerInvoice: 0.09,
  /** Bad-debt write-offs at each quarter end (invoice A..., StockCode B, negative UnitPrice). */
  badDebtPerQuarter: 1,
};

/**
 * Countries as the ledger writes them (UCI Online Retail spelling, aliases included), with the
 * share of customers from each and the name a web analytics tool would record.
 */
export const countries: { ledger: string; web: string; customers: number; guests: number; region: "uk" | "eu" | "world" | "islands" }[] = [
  { ledger: "United Kingdom", web: "United Kingdom", customers: 0.8, guests: 0.965, region: "uk" },
  { ledger: "Germany", web: "Germany", customers: 0.01925, guests: 0.004, region: "eu" },
  { ledger: "France", web: "France", customers: 0.0165, guests: 0.004, region: "eu" },
  { ledger: "EIRE", web: "Ireland", customers: 0.00715, guests: 0.006, region: "islands" },
  { ledger: "Spain", web: "Spain", customers: 0.0066, guests: 0.002, region: "eu" },
  { ledger: "Netherlands", web: "Netherlands", customers: 0.0044, guests: 0.001, region: "eu" },
  { ledger: "Belgium", web: "Belgium", customers: 0.0044, guests: 0.001, region: "eu" },
  { ledger: "Switzerland", web: "Switzerland", customers: 0.00385, guests: 0.001, region: "eu" },
  { ledger: "Portugal", web: "Portugal", customers: 0.0033, guests: 0.001, region: "eu" },
  { ledger: "Italy", web: "Italy", customers: 0.00275, guests: 0.001, region: "eu" },
  { ledger: "Australia", web: "Australia", customers: 0.0022, guests: 0.001, region: "world" },
  { ledger: "Norway", web: "Norway", customers: 0.0022, guests: 0.0, region: "eu" },
  { ledger: "Finland", web: "Finland", customers: 0.0022, guests: 0.0, region: "eu" },
  { ledger: "Channel Islands", web: "United Kingdom", customers: 0.005, guests: 0.002, region: "islands" },
  { ledger: "USA", web: "United States", customers: 0.00275, guests: 0.002, region: "world" },
  { ledger: "Unspecified", web: "(not set)", customers: 0.0022, guests: 0.004, region: "uk" },
  { ledger: "Sweden", web: "Sweden", customers: 0.00165, guests: 0.0, region: "eu" },
  { ledger: "Austria", web: "Austria", customers: 0.00165, guests: 0.0, region: "eu" },
  { ledger: "Denmark", web: "Denmark", customers: 0.00165, guests: 0.0, region: "eu" },
  { ledger: "Poland", web: "Poland", customers: 0.0011, guests: 0.0, region: "eu" },
  { ledger: "Japan", web: "Japan", customers: 0.0011, guests: 0.0, region: "world" },
  { ledger: "Cyprus", web: "Cyprus", customers: 0.0011, guests: 0.0, region: "eu" },
  { ledger: "Canada", web: "Canada", customers: 0.0011, guests: 0.001, region: "world" },
  { ledger: "RSA", web: "South Africa", customers: 0.0011, guests: 0.001, region: "world" },
  { ledger: "European Community", web: "(not set)", customers: 0.0011, guests: 0.0, region: "eu" },
  { ledger: "Israel", web: "Israel", customers: 0.00055, guests: 0.0, region: "world" },
  { ledger: "Singapore", web: "Singapore", customers: 0.00055, guests: 0.0, region: "world" },
  { ledger: "Iceland", web: "Iceland", customers: 0.00055, guests: 0.0, region: "eu" },
  { ledger: "Greece", web: "Greece", customers: 0.00055, guests: 0.0, region: "eu" },
  { ledger: "Malta", web: "Malta", customers: 0.00055, guests: 0.0, region: "eu" },
  { ledger: "United Arab Emirates", web: "United Arab Emirates", customers: 0.00055, guests: 0.0, region: "world" },
  { ledger: "Hong Kong", web: "Hong Kong", customers: 0.00055, guests: 0.0, region: "world" },
  { ledger: "Lithuania", web: "Lithuania", customers: 0.00028, guests: 0.0, region: "eu" },
  { ledger: "Czech Republic", web: "Czechia", customers: 0.00028, guests: 0.0, region: "eu" },
  { ledger: "Brazil", web: "Brazil", customers: 0.00028, guests: 0.0, region: "world" },
  { ledger: "Bahrain", web: "Bahrain", customers: 0.00028, guests: 0.0, region: "world" },
  { ledger: "Saudi Arabia", web: "Saudi Arabia", customers: 0.00028, guests: 0.0, region: "world" },
  { ledger: "Lebanon", web: "Lebanon", customers: 0.00028, guests: 0.0, region: "world" },
];

/** Ledger spellings the cleaning models map to a standard name (or drop). */
export const countryAliases = ["EIRE", "RSA", "USA", "Channel Islands", "Unspecified", "European Community"];

export const catalogueSpec = {
  products: 3000,
  /** Popularity of the k-th most popular product ~ 1 / (k + offset)^exponent (Pareto-like). */
  zipfExponent: 1.15,
  zipfOffset: 8,
  /** Median and log-sd of list prices. */
  medianPrice: 1.7,
  priceLogSd: 0.75,
  /** Share of products launched after the start or discontinued before the end of the span. */
  launchedLater: 0.15,
  discontinued: 0.1,
  /** Share of products with one permanent price change (catalogue revision), and its size range. */
  priceChange: 0.12,
  priceChangeRange: [-0.3, 0.25] as [number, number],
  /** Share of products with temporary promotions, promotions per such product, length and discount. */
  promoted: 0.2,
  promotionsPerProduct: [1, 3] as [number, number],
  promotionDays: [7, 21] as [number, number],
  promotionDiscount: [0.15, 0.35] as [number, number],
};

/**
 * Planted co-purchases: a few anchor products whose buyers also take a companion product. When an
 * anchor is in a sale, its companion is added (one pack, at the day's price) with this probability
 * unless already there. Anchors and companions are drawn among products on sale the whole span, by
 * popularity rank, so that the pairs clear the default minimum support of the basket mart.
 */
export const coPurchase = {
  pairs: 6,
  probability: 0.35,
  anchorRanks: [40, 100] as [number, number],
  companionRanks: [150, 400] as [number, number],
};
