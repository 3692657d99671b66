// A page control kept in the URL's query string, so a link reproduces the view: the control starts
// from ?name=... when that names one of its allowed values (anything else is ignored and the
// control keeps its default), and every change rewrites the address with history.replaceState
// (no new history entry, no reload). A value equal to the control's default is left out of the
// address, so an untouched page keeps a clean link.
//
//   const grain = view(bindUrl(Inputs.radio(["month", "week"], {value: "month"}), "grain", {options: ["month", "week"]}));
//   const model = view(bindUrl(Inputs.select(nodes, {format: (d) => d.name}), "model", {options: nodes, key: (d) => d.name}));
//   const days = view(bindUrl(Inputs.range([1, 90], {step: 1}), "days", {options: rangeOption(1, 90, 1)}));

/** The text a value is written as: its own key, a date as YYYY-MM-DD, a number or text as itself. */
export function defaultKey(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * The allowed value that `text` names, or undefined. `options` is a list (the value whose key is
 * `text`) or a function from the text to a value (undefined when the text is not allowed).
 */
export function pickOption(text, options, key = defaultKey) {
  if (text === null || text === undefined) return undefined;
  if (typeof options === "function") return options(text);
  return Array.from(options ?? []).find((option) => key(option) === text);
}

/** Allowed values of a slider: a number within [min, max] on the step's grid. */
export function rangeOption(min, max, step = 1) {
  return (text) => {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
    const value = Number(text);
    const steps = (value - min) / step;
    return value >= min && value <= max && Math.abs(steps - Math.round(steps)) < 1e-9 ? value : undefined;
  };
}

/** Allowed values of an Inputs.date: a real calendar day YYYY-MM-DD (UTC midnight), within [min, max] when given. */
export function dateOption(min = null, max = null) {
  return (text) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const day = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return undefined;
    if ((min && day < new Date(min)) || (max && day > new Date(max))) return undefined;
    return day;
  };
}

/** Any text up to `maxLength` characters (a search box's query). */
export const textOption = (maxLength = 200) => (text) => (text.length <= maxLength ? text : undefined);

/** The address `href` with `name` set to `text`, or without it when `text` is null. */
export function withParam(href, name, text) {
  const url = new URL(href);
  if (text === null || text === "") url.searchParams.delete(name);
  else url.searchParams.set(name, text);
  return url.href;
}

/** The value ?name= asks for in `search` (location.search), when it is allowed. */
export function requestedValue(search, name, options, key = defaultKey) {
  return pickOption(new URLSearchParams(search).get(name), options, key);
}

/**
 * Binds an Observable Inputs control (or any element with a `value` and "input" events) to the
 * query parameter `name`; returns the element, ready for view(). `read`/`write` reach a control
 * whose value is not what the reader typed: Inputs.search's value is the filtered rows, so its
 * query is read from and written to the text box inside it (see searchBox).
 */
export function bindUrl(input, name, { options, key = defaultKey, read, write, defaultValue } = {}) {
  const get = read ?? (() => input.value);
  const set = write ?? ((value) => { input.value = value; });
  const initial = key(defaultValue === undefined ? get() : defaultValue);
  const replace = (text) => {
    const href = withParam(location.href, name, text === initial ? null : text);
    if (href !== location.href) history.replaceState(history.state, "", href);
  };
  const wanted = requestedValue(location.search, name, options, key);
  if (wanted !== undefined && key(wanted) !== key(get())) set(wanted);
  // An address naming a value this control does not offer (another segment's customer, a stale
  // link) keeps the default, and the address is corrected so that it says what is shown.
  if (wanted === undefined && new URLSearchParams(location.search).has(name)) replace(key(get()));
  input.addEventListener("input", () => replace(key(get())));
  return input;
}

/** read/write for bindUrl on an Inputs.search or Inputs.text: the text box's own query. */
export function searchBox(input) {
  const box = input.querySelector("input");
  return {
    options: textOption(),
    read: () => box.value,
    write: (text) => {
      box.value = text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    },
  };
}
