// Chart sizes from Framework's `width` (the width of the main column). `width` is 0 while the
// column is not laid out yet (a page opened in a background tab, or right after navigating from
// another page), and a phone leaves little room beside a label margin: a chart computed from such
// a width draws bars of negative width (`<rect> attribute width: A negative value` errors) or
// nothing. Every chart takes its width and margins from here instead of from `width` directly.

/** A usable chart width: at most `max`, at least `min`, and 640 (or `max`) while the column has no width yet. */
export function chartWidth(width, { max = 760, min = 280 } = {}) {
  const available = Number.isFinite(width) && width > 0 ? Math.floor(width) : Math.min(max, 640);
  return Math.max(min, Math.min(max, available));
}

/** A label margin that leaves at least `plotShare` of the chart for the marks. */
export function labelMargin(width, wanted, { plotShare = 0.55 } = {}) {
  return Math.max(0, Math.min(wanted, Math.floor(width * (1 - plotShare))));
}

/** Options for Plot.axisY that keep its tick labels inside a `margin` of pixels (Plot's lineWidth is in ems). */
export function fitLabel(margin, { fontSize = 10 } = {}) {
  return { lineWidth: Math.max(2, (margin - 9) / fontSize), textOverflow: "ellipsis" };
}

/**
 * The width of one column of a Framework `.grid-cols-2` (or -4) grid: two columns from 640 px of
 * main column up (Framework's container query), one column below, where a half-width chart would
 * be too narrow for its labels.
 */
export function gridColumnWidth(width, { max = 560 } = {}) {
  const column = width >= 640 ? (width - 16) / 2 : width; // 16 px = the grid's 1rem gap
  return chartWidth(column, { max });
}
