// Seeded synthetic raw rows for the engagement tests: order lines in the UCI Online Retail layout
// and web events in the canonical layout, spanning a year boundary, ISO weeks that straddle months,
// a leap day, quiet days and the rows staging must keep out (returns, credit notes, guest
// checkouts, zero prices, events without a user, time or name, exact duplicates).
import { mulberry32 } from "../helpers/seeded-random.ts";

export interface OrderLine {
  invoice: string;
  product: string;
  quantity: number;
  /** Unit price in hundredths, so revenue stays an exact integer in the reference. */
  priceCents: number;
  at: string;
  customer: string | null;
}

export interface WebEvent {
  user: string | null;
  session: string;
  name: string | null;
  at: string | null;
  source: string;
  medium: string;
  /** Revenue in hundredths; null for events that carry none. */
  revenueCents: number | null;
  transaction: string | null;
}


const dayMs = 86_400_000;
export const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / dayMs;
export const isoDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
const stamp = (day: number, seconds: number) => `${isoDay(day)} ${new Date(seconds * 1000).toISOString().slice(11, 19)}`;

export function orderLinesFixture(seed = 7, customers = 90): OrderLine[] {
  const rand = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const first = dayNumber("2010-11-29");
  const last = dayNumber("2012-03-05");
  const prices = [85, 125, 255, 339, 495, 1275];
  const lines: OrderLine[] = [];
  let invoice = 600000;
  const sale = (customer: string | null, day: number) => {
    const id = String(invoice++);
    const at = stamp(day, Math.floor(rand() * 86_400));
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
      lines.push({ invoice: id, product: `P${1 + Math.floor(rand() * 40)}`, quantity: 1 + Math.floor(rand() * 12), priceCents: pick(prices), at, customer });
    }
    return { id, at };
  };
  // The first observed day has only a guest sale, so the calendar starts before anyone is active.
  sale(null, first);
  for (let c = 1; c <= customers; c++) {
    const customer = `C${String(c).padStart(3, "0")}`;
    let day = first + 1 + Math.floor(rand() * rand() * (last - first - 20));
    const meanGap = 1 + rand() * 50;
    const lapse = 0.05 + rand() * 0.3;
    // A zero-price gift before the first purchase must not move the customer's cohort.
    if (rand() < 0.15 && day > first + 3) lines.push({ invoice: String(invoice++), product: "P99", quantity: 1, priceCents: 0, at: stamp(day - 2, 36_000), customer });
    while (day < last) {
      const { at } = sale(customer, day);
      if (rand() < 0.2) sale(customer, day); // a second invoice the same day is still one active day
      if (rand() < 0.05) lines.push({ ...lines[lines.length - 1] }); // a line recorded twice counts once
      if (rand() < 0.12) lines.push({ invoice: `C${invoice++}`, product: "P1", quantity: -1, priceCents: 255, at, customer });
      if (rand() < 0.05) lines.push({ invoice: String(invoice++), product: "P98", quantity: 2, priceCents: 0, at: stamp(day + 1, 40_000), customer });
      if (rand() < lapse) break;
      day += 1 + Math.floor(-Math.log(1 - rand()) * meanGap);
    }
  }
  // A customer who only ever returned goods is not a customer of the engagement models.
  lines.push({ invoice: `C${invoice++}`, product: "P2", quantity: -3, priceCents: 339, at: stamp(first + 40, 50_000), customer: "C999" });
  for (let g = 0; g < 30; g++) sale(null, first + Math.floor(rand() * (last - first)));
  // Edges placed on purpose: Sunday 2 Jan 2011 then Monday 3 Jan (ISO week change), 31 Jan then
  // 1 Feb, the leap day 2012-02-29, and a credit note alone on the last observed day.
  for (const [customer, day] of [["C901", "2011-01-02"], ["C901", "2011-01-03"], ["C902", "2011-01-31"], ["C902", "2011-02-01"], ["C903", "2012-02-29"], ["C903", "2012-03-01"]] as const) {
    sale(customer, dayNumber(day));
  }
  lines.push({ invoice: `C${invoice++}`, product: "P3", quantity: -1, priceCents: 495, at: stamp(last, 43_000), customer: "C001" });
  return lines;
}

export function eventsFixture(seed = 11, users = 60): WebEvent[] {
  const rand = mulberry32(seed);
  const first = dayNumber("2011-01-05");
  const last = dayNumber("2011-06-30");
  const events: WebEvent[] = [];
  let sessionNo = 0;
  let transaction = 900000;
  for (let u = 1; u <= users; u++) {
    const user = `u${String(u).padStart(3, "0")}`;
    let day = first + 1 + Math.floor(rand() * rand() * (last - first - 5));
    const meanGap = 1 + rand() * 20;
    while (day < last) {
      const session = `s${sessionNo++}`;
      // Sessions at the very start and end of a day test the UTC day boundary.
      let seconds = rand() < 0.1 ? 0 : rand() < 0.1 ? 86_399 - 5 : Math.floor(rand() * 86_000);
      const source = rand() < 0.5 ? "google" : "(direct)";
      const medium = source === "google" ? "organic" : "(none)";
      const push = (name: string | null, revenueCents: number | null = null, tx: string | null = null) => {
        events.push({ user, session, name, at: stamp(day, Math.min(seconds, 86_399)), source, medium, revenueCents, transaction: tx });
        seconds += 1 + Math.floor(rand() * 3);
      };
      push("page_view");
      if (rand() < 0.6) push("view_item");
      if (rand() < 0.25) {
        push("add_to_cart");
        if (rand() < 0.5) {
          const revenue = 500 + Math.floor(rand() * 20_000);
          // One purchase spelled the way a badly configured tag writes it; staging normalises it.
          push(rand() < 0.1 ? " Purchase" : "purchase", revenue, String(transaction++));
          // A tracking duplicate of the purchase must not double its revenue.
          if (rand() < 0.3) events.push({ ...events[events.length - 1] });
        }
      }
      if (rand() < 0.08) break;
      day += 1 + Math.floor(-Math.log(1 - rand()) * meanGap);
    }
  }
  // Rows staging leaves out: no user (on the last observed day, so that day is observed but
  // nobody is active), no time, no event name (on a day the user is otherwise inactive).
  events.push({ user: null, session: "s-anon", name: "page_view", at: stamp(last, 30_000), source: "(direct)", medium: "(none)", revenueCents: null, transaction: null });
  events.push({ user: "u001", session: "s-notime", name: "page_view", at: null, source: "(direct)", medium: "(none)", revenueCents: null, transaction: null });
  events.push({ user: "u777", session: "s-noname", name: null, at: stamp(first + 3, 30_000), source: "(direct)", medium: "(none)", revenueCents: null, transaction: null });
  // The first observed day has only a page view of a visitor who never comes back.
  events.push({ user: "u000", session: "s-first", name: "page_view", at: stamp(first, 10), source: "google", medium: "organic", revenueCents: null, transaction: null });
  return events;
}

const cents = (value: number) => `${Math.trunc(value / 100)}.${String(Math.abs(value) % 100).padStart(2, "0")}`;

export function orderLinesCsv(lines: OrderLine[]): string {
  const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
  const rows = lines.map((l) => [l.invoice, l.product, "THING", l.quantity, l.at, cents(l.priceCents), l.customer ? `${l.customer}` : "", "United Kingdom"].join(","));
  return [header, ...rows].join("\n") + "\n";
}

export function eventsCsv(events: WebEvent[]): string {
  const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
  const rows = events.map((e) => [e.user ?? "", e.session, e.name ?? "", e.at ?? "", e.source, e.medium, "", "desktop", "United Kingdom", e.transaction ?? "", e.revenueCents === null ? "" : cents(e.revenueCents)].join(","));
  return [header, ...rows].join("\n") + "\n";
}
