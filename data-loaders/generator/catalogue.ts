// The product catalogue: UCI-style stock codes and descriptions, Pareto-like popularity, prices
// with one-off revisions and temporary promotions, pack sizes, and products returned far more often.
import { catalogueSpec as spec, dirt } from "./parameters.ts";
import { AliasTable, Random } from "./random.ts";

/** Non-product lines that share the StockCode/Description columns with products. */
export const SPECIAL = {
  postage: { code: "POST", description: "POSTAGE" },
  dotcomPostage: { code: "DOT", description: "DOTCOM POSTAGE" },
  carriage: { code: "C2", description: "CARRIAGE" },
  manual: { code: "M", description: "Manual" },
  bankCharges: { code: "BANK CHARGES", description: "Bank Charges" },
  discount: { code: "D", description: "Discount" },
  badDebt: { code: "B", description: "Adjust bad debt" },
} as const;
export type SpecialItem = keyof typeof SPECIAL;

/** Descriptions written on stock-keeping adjustments instead of the product's name. */
export const ADJUSTMENT_DESCRIPTIONS = ["damaged", "check", "adjustment", "?", "missing", "stock check", "wrongly coded", "water damaged", "thrown away", "found", "??", "sold as set on dotcom"];

const COLOURS = ["RED", "PINK", "BLUE", "GREEN", "WHITE", "IVORY", "CREAM", "BLACK", "SILVER", "GOLD", "PURPLE", "ORANGE", "YELLOW", "PASTEL", "BROWN"];
const MOTIFS = [
  "RETROSPOT", "HANGING HEART", "VINTAGE", "REGENCY", "PAISLEY", "POLKADOT", "FLORAL", "BIRDCAGE", "UNION JACK", "SPACEBOY",
  "DOLLY GIRL", "WOODLAND", "SKULL", "CHRISTMAS", "STRAWBERRY", "LOVEBIRD", "ENGLISH ROSE", "DAISY", "JAM MAKING", "CIRCUS PARADE",
  "BAROQUE", "SCANDINAVIAN", "GINGHAM", "PARIS", "STAR", "SNOWFLAKE", "BUNNY", "OWL", "CHERRY", "LACE", "GLASS", "ENAMEL",
  "WOODEN", "FELTCRAFT", "PARTY", "SWALLOW", "HEN HOUSE",
];
/** Item names with a price factor (a wall clock costs more than a sticker sheet). */
const ITEMS: [string, number][] = [
  ["LUNCH BAG", 1.6], ["JUMBO BAG", 1.0], ["T-LIGHT HOLDER", 1.2], ["CAKE STAND", 4.0], ["MUG", 1.2], ["TEA TOWEL", 1.3],
  ["CUSHION COVER", 1.9], ["NAPKINS", 0.5], ["DOORMAT", 3.5], ["WALL CLOCK", 3.8], ["PHOTO FRAME", 1.7], ["CANDLE", 0.6],
  ["NOTEBOOK", 0.9], ["PARTY BUNTING", 2.3], ["GIFT WRAP", 0.25], ["HOT WATER BOTTLE", 2.2], ["ALARM CLOCK", 2.0],
  ["CHILDRENS APRON", 0.9], ["PICNIC BASKET", 3.0], ["PAPER CHAIN KIT", 1.4], ["STORAGE TIN", 1.3], ["JEWELLERY BOX", 1.8],
  ["CAKE CASES", 0.3], ["PLATE", 0.8], ["BOWL", 0.7], ["TEACUP AND SAUCER", 1.5], ["SHOPPING BAG", 1.1], ["PENCIL CASE", 0.6],
  ["WATER BOTTLE", 1.9], ["DOOR SIGN", 1.0], ["LANTERN", 2.5], ["COAT HANGER", 0.8], ["BUTTON BOX", 0.6], ["SEWING KIT", 1.2],
  ["MIRROR", 1.6], ["PURSE", 1.0], ["UMBRELLA", 2.4], ["BEAKER", 0.6], ["WASHBAG", 1.1], ["STICKER SHEET", 0.3],
  ["KEY RING", 0.4], ["FRIDGE MAGNET", 0.35], ["BIRTHDAY CARD", 0.2], ["HAIR CLIP", 0.3], ["BAKING SET", 2.4], ["EGG CUP", 0.5],
  ["SPOON SET", 0.9], ["TRINKET POT", 0.7], ["CHALKBOARD", 1.5], ["GARDEN MARKER", 0.4],
];

export interface Catalogue {
  /** Number of real products; items after them are the SPECIAL lines, in SPECIAL's order. */
  products: number;
  stockCodes: string[];
  descriptions: string[];
  special: Record<SpecialItem, number>;
  packSize: Int16Array;
  /** Relative chance that a line of this product is the one sent back (1, or dirt.highReturnWeight). */
  returnWeight: Float64Array;
  launchDay: Int32Array;
  endDay: Int32Array;
  /** Popularity rank of each product (0 = most popular). */
  popularityRank: Int32Array;
  /** Unit price in pence on a given day (promotion and revision applied). */
  pricePence(product: number, day: number): number;
  /** A product drawn by popularity among those on sale that day. */
  sample(random: Random, day: number): number;
  summary: CatalogueSummary;
}

export interface CatalogueSummary {
  products: number;
  popularity: string;
  priceRevisions: number;
  promotions: number;
  promotedProducts: number;
  launchedDuringSpan: number;
  discontinuedDuringSpan: number;
  highReturnProducts: { stockCode: string; returnWeight: number }[];
  topFifthShareOfDemand: number;
}

export function makeCatalogue(random: Random, days: number): Catalogue {
  const n = spec.products;
  const stockCodes: string[] = [];
  const descriptions: string[] = [];
  const priceFactor: number[] = [];
  const usedCodes = new Set<number>();
  const usedNames = new Set<string>();
  while (stockCodes.length < n) {
    let base: number;
    do base = random.between(20000, 90999);
    while (usedCodes.has(base));
    usedCodes.add(base);
    const motif = MOTIFS[random.int(MOTIFS.length)];
    const [item, factor] = ITEMS[random.int(ITEMS.length)];
    // A fifth of the codes are families of colour variants (85123A, 85123B, ...), as in the UCI ledger.
    const variants = random.chance(0.2) ? random.between(2, 4) : 1;
    const firstColour = random.int(COLOURS.length);
    for (let v = 0; v < variants && stockCodes.length < n; v++) {
      const colour = COLOURS[(firstColour + v * 4) % COLOURS.length];
      const name = variants > 1 || random.chance(0.5) ? `${colour} ${motif} ${item}` : `${motif} ${item}`;
      if (usedNames.has(name)) continue;
      usedNames.add(name);
      stockCodes.push(variants > 1 ? `${base}${String.fromCharCode(65 + v)}` : String(base));
      descriptions.push(name);
      priceFactor.push(factor);
    }
  }

  const basePence = new Int32Array(n);
  const changeDay = new Int32Array(n).fill(-1);
  const changedPence = new Int32Array(n);
  const packSize = new Int16Array(n);
  const returnWeight = new Float64Array(n).fill(1);
  const launchDay = new Int32Array(n);
  const endDay = new Int32Array(n).fill(days);
  const promotions: { product: number; start: number; end: number; discount: number }[] = [];
  for (let p = 0; p < n; p++) {
    const price = spec.medianPrice * priceFactor[p] * Math.exp(spec.priceLogSd * random.normal());
    basePence[p] = pricePoint(price);
    packSize[p] = packFor(basePence[p], random);
    if (random.chance(spec.launchedLater)) launchDay[p] = random.int(Math.floor(days * 0.8));
    if (random.chance(spec.discontinued)) endDay[p] = Math.max(launchDay[p] + 60, random.between(Math.floor(days * 0.3), days - 1));
    if (random.chance(spec.priceChange)) {
      changeDay[p] = random.between(launchDay[p] + 30, Math.max(launchDay[p] + 30, days - 30));
      const [lo, hi] = spec.priceChangeRange;
      let changed = pricePoint((basePence[p] / 100) * (1 + lo + (hi - lo) * random.next()));
      if (changed === basePence[p]) changed = pricePoint((basePence[p] + 10) / 100);
      changedPence[p] = changed;
    }
    if (random.chance(spec.promoted)) {
      const count = random.between(spec.promotionsPerProduct[0], spec.promotionsPerProduct[1]);
      for (let k = 0; k < count; k++) {
        const length = random.between(spec.promotionDays[0], spec.promotionDays[1]);
        const start = random.between(launchDay[p], Math.max(launchDay[p], endDay[p] - length));
        const [lo, hi] = spec.promotionDiscount;
        promotions.push({ product: p, start, end: start + length, discount: lo + (hi - lo) * random.next() });
      }
    }
  }
  const highReturn: number[] = [];
  for (let p = 0; p < n; p++) {
    if (random.chance(dirt.highReturnProductShare)) {
      returnWeight[p] = dirt.highReturnWeight;
      highReturn.push(p);
    }
  }

  // Popularity follows rank, and ranks are shuffled so that code order says nothing about sales.
  const rank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  const weights = new Float64Array(n);
  for (let p = 0; p < n; p++) weights[p] = 1 / Math.pow(rank[p] + spec.zipfOffset, spec.zipfExponent);
  const popularity = new AliasTable(weights);
  const mostPopular = rank.indexOf(0);

  const promoByProduct = new Map<number, typeof promotions>();
  for (const promo of promotions) {
    const list = promoByProduct.get(promo.product) ?? [];
    list.push(promo);
    promoByProduct.set(promo.product, list);
  }

  const pricePence = (product: number, day: number): number => {
    const current = changeDay[product] >= 0 && day >= changeDay[product] ? changedPence[product] : basePence[product];
    const promos = promoByProduct.get(product);
    if (promos) for (const promo of promos) if (day >= promo.start && day < promo.end) return pricePoint((current / 100) * (1 - promo.discount));
    return current;
  };

  const sample = (r: Random, day: number): number => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const p = popularity.sample(r);
      if (day >= launchDay[p] && day < endDay[p]) return p;
    }
    return mostPopular;
  };

  const special = {} as Record<SpecialItem, number>;
  for (const key of Object.keys(SPECIAL) as SpecialItem[]) {
    special[key] = stockCodes.length;
    stockCodes.push(SPECIAL[key].code);
    descriptions.push(SPECIAL[key].description);
  }

  const sortedWeights = Array.from(weights).sort((a, b) => b - a);
  const totalWeight = sortedWeights.reduce((s, w) => s + w, 0);
  const topFifth = sortedWeights.slice(0, Math.floor(n / 5)).reduce((s, w) => s + w, 0);
  return {
    products: n,
    stockCodes,
    descriptions,
    special,
    packSize,
    returnWeight,
    launchDay,
    endDay,
    popularityRank: Int32Array.from(rank),
    pricePence,
    sample,
    summary: {
      products: n,
      popularity: `weight of the k-th most popular product = 1 / (k + ${spec.zipfOffset})^${spec.zipfExponent}`,
      priceRevisions: Array.from(changeDay).filter((d) => d >= 0).length,
      promotions: promotions.length,
      promotedProducts: promoByProduct.size,
      launchedDuringSpan: Array.from(launchDay).filter((d) => d > 0).length,
      discontinuedDuringSpan: Array.from(endDay).filter((d) => d < days).length,
      highReturnProducts: highReturn.map((p) => ({ stockCode: stockCodes[p], returnWeight: returnWeight[p] })),
      topFifthShareOfDemand: topFifth / totalWeight,
    },
  };
}

/** Pence at a shop-like price point: 0.85, 2.55, 12.95. */
function pricePoint(pounds: number): number {
  if (pounds < 0.1) return 10;
  if (pounds < 10) return Math.max(10, Math.round(pounds * 20) * 5);
  return Math.round(pounds * 2) * 50 - 5;
}

function packFor(pence: number, random: Random): number {
  if (pence < 100) return [12, 24, 6][random.pick(CHEAP)];
  if (pence < 300) return [6, 12, 1, 4][random.pick(MID)];
  if (pence < 1000) return [1, 2, 4, 6][random.pick(MID)];
  return 1;
}
const CHEAP = new Float64Array([0.5, 0.75, 1]);
const MID = new Float64Array([0.4, 0.7, 0.9, 1]);
