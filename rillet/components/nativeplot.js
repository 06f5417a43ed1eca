/**
 * gr.LinePlot, gr.ScatterPlot and gr.BarPlot (Gradio's block "nativeplot"): a Vega-Lite chart
 * of a PlotData payload ({columns, data, datatypes, mark}), drawn as SVG by vega-embed.
 *
 * Dragging across the chart brushes a range of x: on release it emits "select" with
 * `index` and `value` [min, max] (dates in seconds, as Gradio gives them) and zooms to that
 * range; a double click emits "double_click" and zooms back out. `x_lim` on dates is in
 * seconds too (a gr.DateTime's timestamps).
 *
 * A streamed frame that grew at its end arrives as `add` edits of `data` rows: they are
 * inserted into the drawn view's data (Vega recomputes the marks) instead of embedding the
 * chart again; a new frame with the same columns (a timer's update) replaces the view's data
 * the same way. A line of 1,000 rows or more is drawn, as Gradio draws it, from each series'
 * lowest and highest row per slice of x, so its cost per update does not grow with the rows.
 * Such a long line takes its appends at most ten times a second (`LONG_LINE_EVERY`), and
 * while its axes stay as they are the page redraws its path itself (`drawPath`): Vega,
 * which would lay the whole chart out again, takes the rows when the stream pauses or the
 * pointer comes onto the chart (for tooltips and brushing).
 * The drawn Vega view is on the element as `rilletView` (for tests).
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { loadVegaEmbed } from "rillet/vegaloader.js";
import { toolbar } from "rillet/toolbar.js";

const CSS = `
.rillet-nativeplot { position: relative; }
.rillet-plot-area { width: 100%; min-height: 60px; }
.rillet-plot-area .vega-embed { width: 100%; display: block; }
.rillet-plot-area .vega-embed summary { display: none; }
.rillet-plot-empty { display: flex; align-items: center; justify-content: center; min-height: 120px;
  color: var(--rillet-muted); }
.rillet-plot-caption { color: var(--rillet-muted); font-size: 0.9em; text-align: center; margin-top: 4px; }
.rillet-nativeplot:fullscreen { background: var(--rillet-bg); padding: 16px; }
#vg-tooltip-element { font-family: var(--rillet-font); }
`;

/** Height of the plotting area when the app gives none (px). */
const DEFAULT_HEIGHT = 300;
/** Milliseconds per unit of a temporal `x_bin` ("10s", "5m", "1h", "1d", ...). */
const UNIT_MS = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
/** The data set's name in the chart: rows are inserted into it when a frame grows. */
const DATA = "data";
const BRUSH = "brush";
/** The signals that hold the x and y domains the page computes (see `ownAxes`). */
const X_DOMAIN = "rillet_x_domain";
const Y_DOMAIN = "rillet_y_domain";
const AGGREGATES = ["sum", "mean", "median", "min", "max", "count"];
/** A line of this many rows or more is drawn from a reduced set of its rows (as Gradio does). */
const REDUCE_AFTER = 1000;
/** The reduced line keeps each series' lowest and highest row in this many slices of x. */
const SLICES = 250;
/** A long line (one drawn reduced) takes its appended rows at most this often (ms): each
 * draw is a frame of the page (its path, laid out, painted and composited again), and a line
 * of thousands of rows moves by a pixel or less per update: ten draws a second look as
 * continuous as one per update, for a fraction of the page's time. */
const LONG_LINE_EVERY = 100;
/** Milliseconds after a long line's last update drawn by the page (`drawPath`) before the
 * Vega view takes its rows (a stream's pause; a quarter of a second, as a table's tail). */
const SYNC_DELAY = 250;

/**
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, x, y, color, x_bin, y_aggregate, ...)
 * @param {{emit(name: string, data?: any): void}} ctx
 * @returns {{get(): any, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("nativeplot", CSS);
  return new NativePlot(el, props, ctx);
}

/**
 * How many rows `edits` add at the end of a frame of `length` rows, when that is all they
 * do (one `add` of `data[length + k]` each, in order); otherwise null.
 * @param {Array|undefined} edits
 * @param {number} length
 * @returns {number|null}
 */
export function appendedCount(edits, length) {
  if (!Array.isArray(edits) || edits.length === 0) return null;
  let next = length;
  for (const [op, path] of edits) {
    if (op !== "add" || !Array.isArray(path) || path.length !== 2 || path[0] !== "data" || path[1] !== next) {
      return null;
    }
    next += 1;
  }
  return next - length;
}

/**
 * Whether two payloads have the same columns, types and mark (only their rows differ).
 * @param {any} a
 * @param {any} b
 * @returns {boolean}
 */
function sameShape(a, b) {
  return Boolean(a && b) && a.mark === b.mark
    && JSON.stringify([a.columns, a.datatypes]) === JSON.stringify([b.columns, b.datatypes]);
}

/**
 * Whether two payloads hold the same frame (compared row by row: no serialising).
 * @param {any} a
 * @param {any} b
 * @returns {boolean}
 */
export function samePayload(a, b) {
  if (a === b) return true;
  if (!a || !b || !Array.isArray(a.data) || !Array.isArray(b.data) || a.data.length !== b.data.length) {
    return false;
  }
  if (!sameShape(a, b)) return false;
  return a.data.every((row, i) => row === b.data[i]
    || (Array.isArray(row) && row.length === b.data[i]?.length && row.every((v, k) => v === b.data[i][k])));
}

/**
 * A column name as a Vega-Lite field (dots and brackets would be read as paths).
 * @param {string} name
 * @returns {string}
 */
export function fieldName(name) {
  return String(name).replace(/([.[\]\\])/g, "\\$1");
}

/**
 * A temporal `x_bin` ("10s", "1.5h", "2d") in milliseconds, or null when it is not one.
 * @param {any} bin
 * @returns {number|null}
 */
export function binMs(bin) {
  const match = /^\s*([0-9.]+)\s*(ms|s|m|h|d|w)\s*$/.exec(String(bin));
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[/** @type {keyof UNIT_MS} */ (match[2])];
}

/**
 * Rows of a payload as objects keyed by column (Vega's tuples).
 * @param {Array<string>} columns
 * @param {Array<Array<any>>} rows
 * @returns {Array<Object>}
 */
export function tuples(columns, rows) {
  return rows.map((row) => {
    /** @type {Record<string, any>} */
    const tuple = {};
    columns.forEach((c, i) => { tuple[c] = row[i]; });
    return tuple;
  });
}

/**
 * The rows a line chart draws: all of them up to REDUCE_AFTER; above, per series and per
 * slice of x, only the rows of the lowest and highest y, which look the same at any width a
 * page has, plus each series' nearest row outside the shown range on either side (so lines
 * run to the edges). Rows keep their order.
 * @param {Array<Array<any>>} rows
 * @param {number} xi x's column
 * @param {number} yi y's column
 * @param {number} ci the colour column (-1: one series)
 * @param {Array<number|null>|null} range the shown x range (null: all the data)
 * @returns {Array<Array<any>>}
 */
export function reduceLine(rows, xi, yi, ci, range) {
  const keep = reduceIndices(rows, xi, yi, ci, range);
  return keep ? keep.map((i) => rows[i]) : rows;
}

/**
 * The indices of the rows `reduceLine` keeps, in order, or null when it keeps them all.
 * @param {Array<Array<any>>} rows
 * @param {number} xi
 * @param {number} yi
 * @param {number} ci
 * @param {Array<number|null>|null} range
 * @returns {Array<number>|null}
 */
export function reduceIndices(rows, xi, yi, ci, range) {
  if (rows.length < REDUCE_AFTER) return null;
  return new LineReducer(xi, yi, ci, range).build(rows);
}

/**
 * The width of a slice of x for a span: the smallest of 2^(j/4) (j an integer) that cuts
 * the span into at most SLICES slices. Widths come from this fixed ladder, and slices are
 * cut from x = 0, so a line that grows keeps its slices (only the last ones change) until
 * its span outgrows them by a fifth.
 * @param {number} span
 * @returns {number}
 */
export function sliceWidth(span) {
  let j = Math.ceil(4 * Math.log2(span / (SLICES - 1)));
  while (span / 2 ** (j / 4) > SLICES - 1) j += 1;
  return 2 ** (j / 4);
}

/**
 * A long line's reduced rows (see `reduceLine`), kept up to date as rows are appended: each
 * new row changes at most its slice's lowest or highest row, so the drawn data changes by a
 * few rows per update, not by all of them.
 */
export class LineReducer {
  /**
   * @param {number} xi x's column
   * @param {number} yi y's column
   * @param {number} ci the colour column (-1: one series)
   * @param {Array<number|null>|null} range the shown x range (null: all the data)
   */
  constructor(xi, yi, ci, range) {
    this.xi = xi;
    this.yi = yi;
    this.ci = ci;
    /** @type {number|null} */
    this.fixedLo = range && range[0] != null ? Number(range[0]) : null;
    /** @type {number|null} */
    this.fixedHi = range && range[1] != null ? Number(range[1]) : null;
    this.dataLo = Infinity;
    this.dataHi = -Infinity;
    /** the slices' width (0: the rows are all kept, nothing to reduce) */
    this.width = 0;
    /** @type {Map<any, {slices: Map<number, Array<number>>, before: number, after: number}>} */
    this.series = new Map();
  }

  /** The x range the slices cover. */
  span() {
    return (this.fixedHi ?? this.dataHi) - (this.fixedLo ?? this.dataLo);
  }

  /**
   * Reduce `rows` from scratch.
   * @param {Array<Array<any>>} rows
   * @returns {Array<number>|null} the kept indices in order, or null when all are kept
   */
  build(rows) {
    this.series.clear();
    this.dataLo = Infinity;
    this.dataHi = -Infinity;
    this.bounds(rows, 0);
    const span = this.span();
    this.width = span > 0 ? sliceWidth(span) : 0;
    if (!this.width) return null;
    for (let i = 0; i < rows.length; i += 1) this.place(rows, i, null);
    return this.indices();
  }

  /**
   * Take the rows from `from` on into account, when the slices still fit the line.
   * @param {Array<Array<any>>} rows every row (those before `from` already reduced)
   * @param {number} from
   * @returns {{added: Array<number>, removed: Array<number>}|null} the rows that joined and
   *   left the kept set, or null when the line must be reduced again (`build`)
   */
  extend(rows, from) {
    if (!this.width) return null;
    this.bounds(rows, from);
    if (!(this.span() / this.width <= SLICES - 1)) return null;
    const change = { added: new Set(), removed: new Set() };
    for (let i = from; i < rows.length; i += 1) this.place(rows, i, change);
    return { added: [...change.added], removed: [...change.removed] };
  }

  /**
   * Widen the data's x bounds by the rows from `from` on.
   * @param {Array<Array<any>>} rows
   * @param {number} from
   */
  bounds(rows, from) {
    const xi = this.xi;
    for (let i = from; i < rows.length; i += 1) {
      const x = rows[i][xi];
      if (typeof x !== "number") continue;
      if (x < this.dataLo) this.dataLo = x;
      if (x > this.dataHi) this.dataHi = x;
    }
  }

  /**
   * Put row `i` in its series' slice (or among its neighbours outside the range).
   * @param {Array<Array<any>>} rows
   * @param {number} i
   * @param {{added: Set<number>, removed: Set<number>}|null} change noted when given
   */
  place(rows, i, change) {
    const { xi, yi } = this;
    const row = rows[i];
    const x = row[xi];
    const y = row[yi];
    if (typeof x !== "number" || typeof y !== "number") return;
    const key = this.ci >= 0 ? row[this.ci] : null;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { slices: new Map(), before: -1, after: -1 }));
    const swap = (/** @type {number} */ old) => {
      if (!change) return;
      change.added.add(i);
      if (old < 0) return;
      if (change.added.has(old)) change.added.delete(old);
      else change.removed.add(old);
    };
    if (this.fixedLo !== null && x < this.fixedLo) {
      if (s.before < 0 || x > rows[s.before][xi]) {
        swap(s.before);
        s.before = i;
      }
      return;
    }
    if (this.fixedHi !== null && x > this.fixedHi) {
      if (s.after < 0 || x < rows[s.after][xi]) {
        swap(s.after);
        s.after = i;
      }
      return;
    }
    const k = Math.floor(x / this.width);
    const slot = s.slices.get(k);
    if (!slot) {
      s.slices.set(k, [i, i]);
      swap(-1);
      return;
    }
    const [low, high] = slot;
    if (y < rows[low][yi]) {
      slot[0] = i;
      swap(low === high ? -1 : low);
    } else if (y > rows[high][yi]) {
      slot[1] = i;
      swap(low === high ? -1 : high);
    }
  }

  /** @returns {Array<number>} the kept indices, in order */
  indices() {
    /** @type {Array<number>} */
    const keep = [];
    for (const s of this.series.values()) {
      if (s.before >= 0) keep.push(s.before);
      if (s.after >= 0) keep.push(s.after);
      for (const [a, b] of s.slices.values()) {
        keep.push(a);
        if (b !== a) keep.push(b);
      }
    }
    return keep.sort((a, b) => a - b);
  }
}

/**
 * The values of the colour column, in the order they first appear.
 * @param {{columns: Array<string>, data?: Array<Array<any>>}} value
 * @param {string} column
 * @param {number} [from] the first row to look at
 * @param {Set<any>} [seen] values already found (added to)
 * @returns {Set<any>}
 */
export function seriesOf(value, column, from = 0, seen = new Set()) {
  const ci = value.columns.indexOf(column);
  const rows = value.data || [];
  if (ci < 0) return seen;
  for (let i = from; i < rows.length; i += 1) seen.add(rows[i][ci]);
  return seen;
}

/**
 * Which axes take their domain from the page instead of from Vega's data: those of numbers
 * or dates of a line or points, neither binned nor aggregated. Vega recomputes a scale on
 * every change of its data, and then encodes every mark again (through its expression
 * interpreter: the page's policy forbids compiled expressions); a domain the page sets only
 * when it changes lets an update encode only the marks of the new rows. The domain is the
 * one Vega would compute (`domainOf`), so the chart looks the same.
 * @param {Object} p props
 * @param {{columns: Array<string>, datatypes: Record<string, string>, mark: string}} value
 * @returns {{x: boolean, y: boolean}}
 */
export function ownAxes(p, value) {
  const types = value.datatypes || {};
  const x = p.x ?? value.columns[0];
  const y = p.y ?? value.columns[1];
  const plain = (value.mark === "line" || value.mark === "point")
    && p.x_bin == null && p.y_aggregate == null;
  return {
    x: plain && (types[x] === "quantitative" || types[x] === "temporal"),
    y: plain && types[y] === "quantitative",
  };
}

/**
 * The extent of a column's numbers over `rows`, widened from `extent`: the same array when
 * no row widens it (so an unchanged extent is seen without comparing).
 * @param {Array<number>|null} extent
 * @param {Iterable<Array<any>>} rows
 * @param {number} column
 * @returns {Array<number>|null} null while no row has a number there
 */
export function widen(extent, rows, column) {
  let lo = extent ? extent[0] : Infinity;
  let hi = extent ? extent[1] : -Infinity;
  for (const row of rows) {
    const v = row[column];
    if (typeof v !== "number" || Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  return extent && extent[0] === lo && extent[1] === hi ? extent : [lo, hi];
}

/**
 * The domain Vega-Lite gives a scale of numbers or dates for an extent of the values drawn:
 * the extent, made "nice" (rounded out to ticks) on a linear axis without limits.
 * @param {Array<number>|null} extent
 * @param {boolean} nice whether Vega-Lite rounds this axis out
 * @returns {Array<number>|null}
 */
export function domainOf(extent, nice) {
  if (!extent || !nice) return extent;
  const vega = /** @type {any} */ (globalThis).vega;
  return vega.scale("linear")().domain(extent).nice().domain();
}

/**
 * Whether two domains are the same (both null, or the same ends).
 * @param {Array<number>|null} a
 * @param {Array<number>|null} b
 * @returns {boolean}
 */
function sameDomain(a, b) {
  return a === b || (Boolean(a && b) && a.length === b.length && a.every((v, i) => v === b[i]));
}

/**
 * The SVG path of a line through rows `indices` of `rows`, as Vega draws a line (linear,
 * points in order of x, coordinates to three decimals), or null when a row has no number
 * at x or y (Vega draws those otherwise).
 * @param {Array<Array<any>>} rows
 * @param {Array<number>} indices
 * @param {number} xi x's column
 * @param {number} yi y's column
 * @param {(v: any) => number} xScale
 * @param {(v: any) => number} yScale
 * @returns {string|null}
 */
export function linePath(rows, indices, xi, yi, xScale, yScale) {
  const order = Float64Array.from(indices).sort();
  const n = order.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let sorted = true;
  for (let k = 0; k < n; k += 1) {
    const row = rows[order[k]];
    const x = row[xi];
    const y = row[yi];
    if (typeof x !== "number" || typeof y !== "number") return null;
    xs[k] = x;
    ys[k] = y;
    if (k > 0 && x < xs[k - 1]) sorted = false;
  }
  let ks = Array.from({ length: n }, (_, k) => k);
  if (!sorted) ks = ks.sort((a, b) => xs[a] - xs[b]);
  const round = (/** @type {number} */ v) => Math.round(v * 1000) / 1000;
  let d = "";
  for (let j = 0; j < n; j += 1) {
    const k = ks[j];
    d += `${j ? "L" : "M"}${round(xScale(xs[k]))},${round(yScale(ys[k]))}`;
  }
  return n ? d : null;
}

/**
 * The colours of the page (its CSS variables) for the chart's axes and text.
 * @param {HTMLElement} el
 * @returns {{text: string, muted: string, border: string, font: string, primary: string}}
 */
function pageColours(el) {
  const style = getComputedStyle(el);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--rillet-text", "currentColor"),
    muted: read("--rillet-muted", "gray"),
    border: read("--rillet-border", "lightgray"),
    font: read("--rillet-font", "sans-serif"),
    primary: read("--rillet-primary", "steelblue"),
  };
}

/**
 * A scale domain from Gradio's `[min, max]` limits (a null end stays free).
 * @param {any} lim
 * @param {boolean} [dates] the ends are times in milliseconds: given as expressions, since
 *   Vega-Lite would read a number there as a year
 * @returns {Object|undefined}
 */
function limits(lim, dates = false) {
  if (!Array.isArray(lim) || lim.length !== 2) return undefined;
  /** @type {Record<string, any>} */
  const scale = {};
  const end = (/** @type {any} */ v) => (dates ? { expr: String(Number(v)) } : v);
  if (lim[0] !== null && lim[0] !== undefined) scale.domainMin = end(lim[0]);
  if (lim[1] !== null && lim[1] !== undefined) scale.domainMax = end(lim[1]);
  return scale;
}

/**
 * Gradio's `x_lim` in the data's units: for dates it is in seconds (a gr.DateTime's
 * timestamps), and dates travel in milliseconds.
 * @param {any} lim
 * @param {string} xType
 * @returns {any}
 */
export function xRange(lim, xType) {
  if (!Array.isArray(lim) || xType !== "temporal") return lim;
  return lim.map((v) => (v === null || v === undefined ? v : Number(v) * 1000));
}

/**
 * The Vega-Lite spec of a plot: props say what to draw, the payload's datatypes how.
 * @param {Object} p props
 * @param {{columns: Array<string>, datatypes: Record<string, string>, mark: string}} value
 * @param {{text: string, muted: string, border: string, font: string, primary: string}} colours
 * @param {number} width
 * @param {Array<number>|null} zoom an x range brushed into (overrides x_lim)
 * @param {Array<Object>} [rows] the data's tuples
 * @param {{x: any, y: any}|null} [domains] the x and y domains the page computes (see
 *   `ownAxes`): the scales read them from two signals instead of from the data
 * @returns {Object}
 */
export function buildSpec(p, value, colours, width, zoom, rows = [], domains = null) {
  const types = value.datatypes || {};
  const mark = value.mark;
  const x = p.x ?? value.columns[0];
  const y = p.y ?? value.columns[1];
  const xType = types[x] || "quantitative";
  const yType = types[y] || "quantitative";
  /** @type {Array<Object>} */
  const transform = [];
  let xField = fieldName(x);
  /** @type {any} */
  let xBin;
  if (p.x_bin !== null && p.x_bin !== undefined) {
    const ms = xType === "temporal" ? binMs(p.x_bin) : null;
    if (ms) {
      transform.push({ calculate: `floor(datum[${JSON.stringify(x)}] / ${ms}) * ${ms}`, as: "__x_bin" });
      xField = "__x_bin";
    } else if (typeof p.x_bin === "number") {
      xBin = { step: p.x_bin };
    }
  }
  const aggregating = p.y_aggregate != null || (p.x_bin != null && p.x_bin !== "");
  const aggregate = aggregating ? (AGGREGATES.includes(p.y_aggregate) ? p.y_aggregate : "sum") : undefined;
  const xLim = limits(zoom || xRange(p.x_lim, xType), xType === "temporal");
  const own = domains ? ownAxes(p, value) : { x: false, y: false };
  const xDomain = own.x ? { domain: { expr: X_DOMAIN } } : {};
  const yDomain = own.y ? { domain: { expr: Y_DOMAIN } } : {};
  const xSort = p.sort === "x" ? "ascending" : p.sort === "-x" ? "descending"
    : p.sort === "y" || p.sort === "-y" ? p.sort : Array.isArray(p.sort) ? p.sort : undefined;
  /** @type {Record<string, any>} */
  const encoding = {
    x: {
      field: xField, type: xType, bin: xBin, sort: xSort,
      title: p.x_title ?? x,
      scale: xType === "quantitative" ? { zero: false, ...xDomain, ...xLim } : { ...xDomain, ...xLim },
      axis: {
        labelAngle: p.x_label_angle || 0,
        format: p.x_axis_format ?? undefined,
        labels: p.x_axis_labels_visible === true,
      },
    },
    y: {
      field: fieldName(y), type: yType, aggregate,
      title: p.y_title ?? y,
      scale: { zero: false, ...yDomain, ...limits(p.y_lim) },
      axis: { labelAngle: p.y_label_angle || 0, format: p.y_axis_format ?? undefined },
    },
  };
  if (p.color) {
    /** @type {Record<string, any>} */
    const color = { field: fieldName(p.color), type: types[p.color] || "nominal", title: p.color_title ?? p.color };
    if (color.type === "nominal") {
      // as Gradio: the series in the order they first appear (Vega-Lite would sort them),
      // coloured from the scheme in that order, or from color_map (a series it leaves out
      // gets no colour, as in Gradio)
      const domain = [...seriesOf(value, p.color)];
      const map = p.color_map && typeof p.color_map === "object" ? p.color_map : null;
      color.scale = map ? { domain, range: domain.map((v) => map[v]) } : { domain };
    }
    if (Array.isArray(p.colors_in_legend)) {
      color.legend = p.colors_in_legend.length === 0 ? null : { values: p.colors_in_legend };
    }
    encoding.color = color;
  }
  const tooltip = tooltipFields(p, value, x, y, xField, aggregate);
  if (tooltip.length) encoding.tooltip = tooltip;
  // as Gradio: a range of x is brushed only when the app listens to .select
  const brushable = Boolean(p._selectable) && (mark !== "bar" || xType !== "nominal");
  /** @type {Record<string, any>} */
  const layer = {
    // a line is one path: no per-point description for screen readers (each would be
    // recomputed on every update of a streamed line)
    mark: mark === "line" ? { type: "line", clip: true, aria: false } : mark === "point"
      ? { type: "point", clip: true } : { type: "bar", clip: true },
    encoding,
  };
  /** @type {Array<Object>} */
  const params = [];
  if (own.x) params.push({ name: X_DOMAIN, value: domains?.x ?? null });
  if (own.y) params.push({ name: Y_DOMAIN, value: domains?.y ?? null });
  if (brushable) params.push({ name: BRUSH, select: { type: "interval", encodings: ["x"] } });
  if (params.length) layer.params = params;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: p.title || undefined,
    width: Math.max(60, width),
    height: p.height ?? DEFAULT_HEIGHT,
    autosize: { type: "fit-x", contains: "padding" },
    background: "transparent",
    data: { name: DATA },
    datasets: { [DATA]: rows },
    transform,
    ...layer,
    config: {
      font: colours.font,
      axis: {
        labelColor: colours.muted, titleColor: colours.text, domainColor: colours.border,
        tickColor: colours.border, gridColor: colours.border, gridOpacity: 0.6,
        titleFontWeight: "normal",
      },
      legend: {
        labelColor: colours.text, titleColor: colours.text, titleFontWeight: "normal", orient: "bottom",
        columns: Math.max(1, Math.floor(width / 90)),
      },
      title: { color: colours.text, fontWeight: "normal" },
      view: { stroke: null },
      range: { category: { scheme: "tableau10" } },
      mark: { color: colours.primary },
    },
  };
}

/**
 * The tooltip's fields: Gradio's "axis" (x, y and colour), "all" columns, "none", or a list.
 * @returns {Array<Object>}
 */
function tooltipFields(p, value, x, y, xField, aggregate) {
  const types = value.datatypes || {};
  const of = (/** @type {string} */ c) => ({ field: fieldName(c), type: types[c] || "nominal", title: c });
  if (p.tooltip === "none") return [];
  if (aggregate) {
    const fields = [{ field: xField, type: types[x] || "quantitative", title: x },
      { field: fieldName(y), type: "quantitative", aggregate, title: y }];
    if (p.color) fields.push(of(p.color));
    return fields;
  }
  if (p.tooltip === "all") return value.columns.map(of);
  if (Array.isArray(p.tooltip)) return p.tooltip.map(of);
  return [x, y, p.color].filter(Boolean).map(of);
}

class NativePlot {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    /** @type {any} the payload shown */
    this.value = props.value ?? null;
    /** @type {any} the Vega view drawn (null until embedded) */
    this.view = null;
    /** @type {Array<number>|null} the x range zoomed into by a brush */
    this.zoom = null;
    /** counts embeds, so a slow one that a newer one overtook is dropped */
    this.generation = 0;
    /** whether an embed is under way (updates wait for it) */
    this.drawing = false;
    /** how many of the payload's rows the drawn view has taken into account */
    this.shownRows = 0;
    /** @type {LineReducer|null} a long line's reduced rows, when the chart draws them */
    this.reducer = null;
    /** @type {Map<number, Object>} the view's tuples of a reduced line, by row index */
    this.tupleOf = new Map();
    /** @type {"append"|"refill"|null} what the next animation frame does to the view */
    this.pending = null;
    /** when the view last took updates (performance.now()) */
    this.flushed = -Infinity;
    /** @type {{x: boolean, y: boolean}} the axes whose domain the page sets (`ownAxes`) */
    this.own = { x: false, y: false };
    /** @type {{x: any, y: any}} the domains the page set */
    this.domains = { x: null, y: null };
    /** @type {{x: any, y: any}} the extents of the rows drawn, whose domains those are */
    this.extents = { x: null, y: null };
    /** @type {Set<any>|null} the series drawn (a nominal colour's values), in order */
    this.series = null;
    this.imageUrl = null;
    /** @type {{insert: Set<Object>, remove: Set<Object>}|null} rows of a long line drawn on
     * its path by the page (`drawPath`) and not yet given to the Vega view */
    this.unsynced = null;
    /** @type {any} the payload those rows are of */
    this.unsyncedValue = null;
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this.syncTimer = undefined;
    el.classList.add("rillet-nativeplot");
    // Gradio shows a plot's label whenever it has one (its show_label is false by default)
    this.label = makeLabel({ ...this.props, show_label: true }, null);
    this.area = h("div", { class: "rillet-plot-area", "data-testid": "plot" });
    this.caption = h("div", { class: "rillet-plot-caption" });
    this.bar = toolbar((props.buttons || []).map((b) => (b === "export" ? "download" : b)), {
      fullscreen: () => this.el,
      download: () => this.imageUrl,
      downloadName: () => "plot.png",
    });
    el.append(this.bar.el, this.label.el, this.area, this.caption);
    applyCommon(el, this.props);
    this.texts();
    this.width = 0;
    // tooltips and brushing read the view's data: it takes the rows the page drew first
    for (const type of ["pointerenter", "pointerdown", "focusin"]) {
      this.area.addEventListener(type, () => this.sync(), { capture: true });
    }
    this.observer = new ResizeObserver(() => this.resized());
    this.observer.observe(this.area);
    this.draw();
  }

  /** @returns {any} the payload */
  get() {
    return this.value;
  }

  /**
   * @param {any} value a payload
   * @param {Array} [edits] the edits that made it from the last one (streaming)
   */
  set(value, edits) {
    const old = this.value;
    const added = old && Array.isArray(old.data) ? appendedCount(edits, old.data.length) : null;
    this.value = value ?? null;
    if (this.view && samePayload(old, value)) return; // a run's final value, as streamed
    if (!this.view && this.drawing && value && Array.isArray(value.data) && sameShape(old, value)) {
      // the first embed is under way: it takes these rows when it ends (a fast stream would
      // otherwise start it again on every update, and never show the chart)
      this.ctx.emit("change");
      return;
    }
    if (added !== null && this.view && value && Array.isArray(value.data)) {
      this.schedule("append");
    } else if (this.view && value && Array.isArray(value.data) && sameShape(old, value)) {
      this.schedule("refill"); // new rows, same chart
    } else {
      this.draw();
    }
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const { value, ...rest } = props;
    // what changes the chart itself (an update often repeats x, y, title... as they are)
    const redraw = Object.keys(rest).some((k) => JSON.stringify(rest[k]) !== JSON.stringify(this.props[k]));
    Object.assign(this.props, props);
    this.label.update({ label: this.props.label, show_label: true });
    applyCommon(this.el, props);
    this.texts();
    if ("x_lim" in props && redraw) this.zoom = null;
    if (!("value" in props)) {
      if (redraw) this.draw();
      return;
    }
    const old = this.value;
    this.value = value ?? null;
    this.ctx.emit("change");
    if (redraw || !this.view || !this.value || !sameShape(old, this.value)) this.draw();
    else if (!samePayload(old, this.value)) this.schedule("refill");
  }

  texts() {
    const { caption } = this.props;
    this.caption.textContent = caption ?? "";
    this.caption.hidden = !caption;
  }

  resized() {
    const width = Math.floor(this.area.clientWidth);
    if (width > 0 && Math.abs(width - this.width) > 1) {
      this.width = width;
      this.draw();
    }
  }

  /**
   * Update the drawn view at the next animation frame, once for all the updates that came
   * before it (a page that falls behind draws only the latest rows; a hidden one, none). A
   * long line's rows appended are drawn at most every LONG_LINE_EVERY ms.
   * @param {"append"|"refill"} kind rows added at the end, or a new frame
   */
  schedule(kind) {
    if (this.pending === null) {
      const wait = this.reducer && kind === "append" ? this.flushed + LONG_LINE_EVERY - performance.now() : 0;
      const frame = () => requestAnimationFrame(() => this.flush());
      if (wait > 0) setTimeout(frame, wait);
      else frame();
    }
    if (this.pending !== "refill") this.pending = kind;
  }

  flush() {
    this.flushed = performance.now();
    const kind = this.pending;
    this.pending = null;
    const value = this.value;
    // an embed under way draws the newest value, or schedules what it missed
    if (!this.view || this.drawing || !value || !Array.isArray(value.data)) return;
    if (kind === "append") this.append(value);
    else this.refill(value);
  }

  /**
   * The rows added at the end of `value` since the view last took it: inserted into the
   * view's data (Vega then recomputes only their marks). For a long line, only the rows
   * that join its reduced set are inserted and those that leave it removed: a few per
   * update, since its slices stay where they are while it grows.
   * @param {any} value
   */
  append(value) {
    const rows = value.data;
    const from = this.shownRows;
    if (rows.length <= from) return;
    if (this.series) {
      const before = this.series.size;
      seriesOf(value, this.props.color, from, this.series);
      if (this.series.size !== before) {
        this.draw(); // a new series: its colour and legend entry
        return;
      }
    }
    if (this.reduces(value)) {
      const change = this.reducer ? this.reducer.extend(rows, from) : null;
      if (!change) {
        this.refill(value); // it crossed REDUCE_AFTER, or outgrew its slices
        return;
      }
      if (!change.added.length && !change.removed.length) {
        this.shownRows = rows.length; // the new rows changed no slice's ends: nothing to draw
        return;
      }
      /** @type {Array<Object>} */
      const removed = [];
      for (const i of change.removed) {
        const tuple = this.tupleOf.get(i);
        this.tupleOf.delete(i);
        if (tuple) removed.push(tuple);
      }
      this.note(removed, change.added.map((i) => this.tupleAt(value, i)));
      const ends = this.atEnds(value, change.removed);
      this.shownRows = rows.length;
      const added = ends ? null : change.added.map((i) => rows[i]);
      if (this.drawPath(value, added)) return;
      this.run(this.unsyncedChanges(), value, added);
      return;
    }
    const changes = this.unsyncedChanges();
    changes.insert(tuples(value.columns, rows.slice(from)));
    this.shownRows = rows.length;
    this.run(changes, value, rows.slice(from));
  }

  /**
   * The view's data replaced by that of `value` (a long line: its reduced set; a new frame
   * of the same columns), in the drawn view: the chart is not embedded again.
   * @param {any} value
   */
  refill(value) {
    if (this.series) {
      const series = seriesOf(value, this.props.color);
      const drawn = [...this.series];
      if (series.size !== drawn.length || [...series].some((v, i) => v !== drawn[i])) {
        this.draw(); // other series: their colours and legend
        return;
      }
    }
    const vega = /** @type {any} */ (globalThis).vega;
    this.dropUnsynced(); // all the view's rows are replaced
    const rows = this.drawnTuples(value);
    this.shownRows = value.data.length;
    this.run(vega.changeset().remove(() => true).insert(rows), value);
  }

  /**
   * Note rows that left and joined a long line's drawn set, for the view's data: given to
   * Vega with the next update it runs (see `drawPath`).
   * @param {Array<Object>} removed tuples
   * @param {Array<Object>} inserted tuples
   */
  note(removed, inserted) {
    const u = (this.unsynced ||= { insert: new Set(), remove: new Set() });
    for (const tuple of removed) {
      if (!u.insert.delete(tuple)) u.remove.add(tuple);
    }
    for (const tuple of inserted) u.insert.add(tuple);
  }

  /**
   * A Vega changeset of the rows noted and not yet given to the view (then forgotten).
   * @returns {any}
   */
  unsyncedChanges() {
    const vega = /** @type {any} */ (globalThis).vega;
    const changes = vega.changeset();
    const u = this.unsynced;
    this.dropUnsynced();
    if (u) changes.remove([...u.remove]).insert([...u.insert]);
    return changes;
  }

  /** Forget the rows noted for the view (its data is about to be replaced). */
  dropUnsynced() {
    this.unsynced = null;
    this.unsyncedValue = null;
    clearTimeout(this.syncTimer);
  }

  /**
   * A long line's update drawn on its path by the page, Vega left out, when the line is all
   * it changes: one series (no legend), on axes whose domains the page sets, and those
   * domains unchanged. Each Vega update of a chart lays its axes and title out again and
   * writes the whole path (some milliseconds); this writes the path only. The view's data
   * takes the rows noted (`note`) when the stream pauses (SYNC_DELAY), when the pointer
   * comes onto the chart (tooltips and brushing read it), or with the next update Vega runs.
   * @param {any} value the payload drawn
   * @param {Array<Array<any>>|null} added the rows that joined (null: the extents are
   *   taken again over the drawn rows)
   * @returns {boolean} whether the path was drawn (else the caller runs Vega)
   */
  drawPath(value, added) {
    if (!this.reducer || this.series || this.props.color || !this.own.x || !this.own.y) return false;
    const paths = this.area.querySelectorAll("g.mark-line path");
    if (paths.length !== 1) return false;
    const { domains, extents } = this.domainsOf(value, added);
    if (!sameDomain(domains.x, this.domains.x) || !sameDomain(domains.y, this.domains.y)) return false;
    const columns = value.columns;
    const xi = columns.indexOf(this.props.x ?? columns[0]);
    const yi = columns.indexOf(this.props.y ?? columns[1]);
    const d = linePath(value.data, [...this.tupleOf.keys()], xi, yi, this.view.scale("x"), this.view.scale("y"));
    if (d === null) return false;
    this.extents = extents;
    paths[0].setAttribute("d", d);
    this.unsyncedValue = value;
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => this.sync(), SYNC_DELAY);
    return true;
  }

  /** Give the view the rows noted by `drawPath` (Vega then draws the path itself). */
  sync() {
    const value = this.unsyncedValue;
    if (!this.unsynced || !value || !this.view) return;
    const path = /** @type {any} */ (this.area.querySelector("g.mark-line path"));
    // Vega writes an attribute only when it differs from the value it wrote last
    if (path && path.__values__) delete path.__values__.d;
    this.run(this.unsyncedChanges(), value);
  }

  /**
   * Apply `changes` to the view's data, and the domains of `value` when they changed; then
   * let Vega redraw.
   * @param {any} changes a Vega changeset
   * @param {any} value the payload the view now shows
   */
  run(changes, value, added = null) {
    const view = this.view;
    view.change(DATA, changes);
    const { domains, extents } = this.domainsOf(value, added);
    if (this.own.x && !sameDomain(domains.x, this.domains.x)) view.signal(X_DOMAIN, domains.x);
    if (this.own.y && !sameDomain(domains.y, this.domains.y)) view.signal(Y_DOMAIN, domains.y);
    this.domains = domains;
    this.extents = extents;
    view.runAsync().then(() => this.snapshot()).catch((e) => console.error(e));
  }

  /**
   * The x and y domains of the rows the chart draws, for the axes the page sets: from the
   * extents of those rows, widened by `added` rows only when given (rows that joined, none
   * that left at an end), else taken over all of them.
   * @param {any} value
   * @param {Array<Array<any>>|null} [added]
   * @returns {{domains: {x: any, y: any}, extents: {x: any, y: any}}}
   */
  domainsOf(value, added = null) {
    const p = this.props;
    const columns = value.columns;
    const x = p.x ?? columns[0];
    const y = p.y ?? columns[1];
    const xType = (value.datatypes || {})[x];
    const own = ownAxes(p, value);
    const free = (/** @type {any} */ lim) => !lim || (!("domainMin" in lim) && !("domainMax" in lim));
    const rows = value.data || [];
    const drawn = added ?? (this.reducer ? [...this.tupleOf.keys()].map((i) => rows[i]) : rows);
    const from = added ? this.extents : { x: null, y: null };
    const extents = {
      x: own.x ? widen(from.x, drawn, columns.indexOf(x)) : null,
      y: own.y ? widen(from.y, drawn, columns.indexOf(y)) : null,
    };
    const xFree = free(limits(this.zoom || xRange(p.x_lim, xType)));
    const domains = {
      x: extents.x === this.extents.x ? this.domains.x : domainOf(extents.x, xType === "quantitative" && xFree),
      y: extents.y === this.extents.y ? this.domains.y : domainOf(extents.y, free(limits(p.y_lim))),
    };
    return { domains, extents };
  }

  /**
   * Whether any of the rows `removed` from the drawn ones held an end of an extent (the
   * extents must then be taken again over the rows drawn).
   * @param {any} value
   * @param {Array<number>} removed row indices
   * @returns {boolean}
   */
  atEnds(value, removed) {
    if (!removed.length) return false;
    const columns = value.columns;
    const xi = columns.indexOf(this.props.x ?? columns[0]);
    const yi = columns.indexOf(this.props.y ?? columns[1]);
    const { x, y } = this.extents;
    return removed.some((i) => {
      const row = value.data[i];
      return (x && (row[xi] === x[0] || row[xi] === x[1])) || (y && (row[yi] === y[0] || row[yi] === y[1]));
    });
  }

  /**
   * Whether the chart draws a reduced set of the payload's rows: a line of REDUCE_AFTER
   * rows or more, neither binned nor aggregated, along numbers or dates (Gradio's rule).
   * @param {any} value
   */
  reduces(value) {
    const p = this.props;
    const x = p.x ?? value.columns[0];
    return value.mark === "line" && (value.data || []).length >= REDUCE_AFTER && p.x_bin == null
      && p.y_aggregate == null && (value.datatypes || {})[x] !== "nominal";
  }

  /**
   * The tuples the chart draws: all the rows, or for a long line the reduced set of the x
   * range shown (the zoom, else x_lim, else all); the reduction is kept for appends.
   * @param {any} value
   * @returns {Array<Object>}
   */
  drawnTuples(value) {
    const rows = value.data || [];
    this.reducer = null;
    this.tupleOf = new Map();
    if (!this.reduces(value)) return tuples(value.columns, rows);
    const p = this.props;
    const columns = value.columns;
    const x = p.x ?? columns[0];
    const y = p.y ?? columns[1];
    const range = this.zoom || xRange(p.x_lim, (value.datatypes || {})[x]) || null;
    const ci = p.color ? columns.indexOf(p.color) : -1;
    const reducer = new LineReducer(columns.indexOf(x), columns.indexOf(y), ci, range);
    const keep = reducer.build(rows);
    if (!keep) return tuples(columns, rows);
    this.reducer = reducer;
    return keep.map((i) => this.tupleAt(value, i));
  }

  /**
   * Row `i` of `value` as a tuple, noted as drawn (so it can be removed by its row).
   * @param {any} value
   * @param {number} i
   * @returns {Object}
   */
  tupleAt(value, i) {
    const tuple = tuples(value.columns, [value.data[i]])[0];
    this.tupleOf.set(i, tuple);
    return tuple;
  }

  /** Embed the chart again (props or a replaced frame). */
  async draw() {
    const generation = ++this.generation;
    const value = this.value;
    this.dropUnsynced(); // the embed takes all the rows
    if (!value || !Array.isArray(value.columns) || !this.width) {
      this.drawing = false;
      this.clear();
      if (!value) this.area.replaceChildren(h("div", { class: "rillet-plot-empty", text: "Empty" }));
      return;
    }
    this.drawing = true;
    const embed = await loadVegaEmbed();
    if (generation !== this.generation) return;
    const rows = this.drawnTuples(value);
    const { domains, extents } = this.domainsOf(value);
    const spec = buildSpec(this.props, value, pageColours(this.el), this.width, this.zoom, rows, domains);
    const target = h("div");
    let result;
    try {
      result = await embed(target, spec, { renderer: "svg", actions: false, ast: true, tooltip: true });
    } catch (error) {
      if (generation === this.generation) this.drawing = false;
      throw error;
    }
    if (generation !== this.generation) {
      result.finalize();
      return;
    }
    this.drawing = false;
    this.shownRows = (value.data || []).length;
    this.own = ownAxes(this.props, value);
    this.domains = domains;
    this.extents = extents;
    const colour = this.props.color;
    this.series = colour && (value.datatypes || {})[colour] === "nominal" ? seriesOf(value, colour) : null;
    // it changed while the chart was embedded (same columns: what changes them draws again)
    if (this.value !== value && sameShape(value, this.value)) this.schedule("refill");
    this.clear();
    this.area.replaceChildren(target);
    this.view = result.view;
    this.result = result;
    /** @type {any} */ (this.el).rilletView = result.view; // the drawn Vega view, for tests
    this.listen();
    this.snapshot();
  }

  clear() {
    if (this.result) this.result.finalize();
    this.result = null;
    this.view = null;
  }

  /**
   * Double click: "double_click" (and zoom out of a brushed range). When the app listens to
   * .select, releasing a brushed range of x emits "select" and zooms into it.
   */
  listen() {
    const view = this.view;
    const target = this.area.querySelector("svg") || this.area;
    target.addEventListener("dblclick", () => {
      this.ctx.emit("double_click");
      if (this.zoom) {
        this.zoom = null;
        this.draw();
      }
    });
    let brushed = /** @type {Array<number>|null} */ (null);
    try {
      view.addSignalListener(BRUSH, (_name, range) => {
        const xs = range && Object.values(range)[0];
        brushed = Array.isArray(xs) && xs.length === 2 ? xs.map(Number) : null;
      });
    } catch {
      return; // no brush on this chart (no .select listener, or bars of categories)
    }
    target.addEventListener("pointerup", () => {
      if (!brushed) return;
      const range = [Math.min(...brushed), Math.max(...brushed)];
      brushed = null;
      // Gradio's SelectData: dates in seconds (what x_lim and gr.DateTime take)
      const shown = this.temporal() ? range.map((v) => v / 1000) : range;
      this.ctx.emit("select", { index: shown, value: shown, selected: true });
      this.zoom = range;
      this.draw();
    });
  }

  /** Whether x holds dates. */
  temporal() {
    const value = this.value;
    if (!value || !Array.isArray(value.columns)) return false;
    const x = this.props.x ?? value.columns[0];
    return (value.datatypes || {})[x] === "temporal";
  }

  /** A PNG of the chart for the "export" button. */
  snapshot() {
    if (!this.view || !(this.props.buttons || []).includes("export")) return;
    const view = this.view;
    view.toImageURL("png", 2).then((url) => {
      if (view === this.view) {
        this.imageUrl = url;
        this.bar.update();
      }
    }).catch(() => {});
  }
}
