// A table cell of a figure with a smaller second line under it (its interval, its count), or the
// figure alone when the second line is missing. html.fragment: htl wraps a template with several
// top-level nodes in a <span>, which a table cell's parent cannot hold.
import { html } from "npm:htl";
import { dash } from "./format.js";

export function twoLineCell(main, sub) {
  return html.fragment`${main}${sub && sub !== dash ? html.fragment`<br><small>${sub}</small>` : ""}`;
}
