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
const AGGREGATES = ["sum", "mean", "median", "min", "max", "count"];
/** A line of this many rows or more is drawn from a reduced set of its rows (as Gradio does). */
const REDUCE_AFTER = 1000;
/** The reduced line keeps each series' lowest and highest row in this many slices of x. */
const SLICES = 250;

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
 * slice of x (SLICES of the shown range), only the rows of the lowest and highest y, which
 * look the same at any width a page has, plus each series' nearest row outside the range
 * on either side (so lines run to the edges). Rows keep their order.
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
  let lo = range && range[0] != null ? Number(range[0]) : Infinity;
  let hi = range && range[1] != null ? Number(range[1]) : -Infinity;
  if (!range || range[0] == null || range[1] == null) {
    for (const row of rows) {
      const x = row[xi];
      if (typeof x !== "number") continue;
      if (!range || range[0] == null) lo = Math.min(lo, x);
      if (!range || range[1] == null) hi = Math.max(hi, x);
    }
  }
  if (!(hi > lo)) return null;
  const width = (hi - lo) / SLICES;
  /** @type {Map<any, {slices: Map<number, Array<number>>, before: number, after: number}>} */
  const series = new Map();
  rows.forEach((row, i) => {
    const x = row[xi];
    const y = row[yi];
    if (typeof x !== "number" || typeof y !== "number") return;
    const key = ci >= 0 ? row[ci] : null;
    let s = series.get(key);
    if (!s) series.set(key, (s = { slices: new Map(), before: -1, after: -1 }));
    if (x < lo) {
      if (s.before < 0 || x > rows[s.before][xi]) s.before = i;
      return;
    }
    if (x > hi) {
      if (s.after < 0 || x < rows[s.after][xi]) s.after = i;
      return;
    }
    const k = Math.min(SLICES - 1, Math.floor((x - lo) / width));
    const slot = s.slices.get(k);
    if (!slot) s.slices.set(k, [i, i]);
    else {
      if (y < rows[slot[0]][yi]) slot[0] = i;
      if (y > rows[slot[1]][yi]) slot[1] = i;
    }
  });
  /** @type {Array<number>} */
  const keep = [];
  for (const s of series.values()) {
    if (s.before >= 0) keep.push(s.before);
    if (s.after >= 0) keep.push(s.after);
    for (const [a, b] of s.slices.values()) {
      keep.push(a);
      if (b !== a) keep.push(b);
    }
  }
  keep.sort((a, b) => a - b);
  return keep;
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
 * @returns {Object}
 */
export function buildSpec(p, value, colours, width, zoom, rows = []) {
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
  const xSort = p.sort === "x" ? "ascending" : p.sort === "-x" ? "descending"
    : p.sort === "y" || p.sort === "-y" ? p.sort : Array.isArray(p.sort) ? p.sort : undefined;
  /** @type {Record<string, any>} */
  const encoding = {
    x: {
      field: xField, type: xType, bin: xBin, sort: xSort,
      title: p.x_title ?? x,
      scale: xType === "quantitative" ? { zero: false, ...xLim } : xLim,
      axis: {
        labelAngle: p.x_label_angle || 0,
        format: p.x_axis_format ?? undefined,
        labels: p.x_axis_labels_visible === true,
      },
    },
    y: {
      field: fieldName(y), type: yType, aggregate,
      title: p.y_title ?? y,
      scale: { zero: false, ...limits(p.y_lim) },
      axis: { labelAngle: p.y_label_angle || 0, format: p.y_axis_format ?? undefined },
    },
  };
  if (p.color) {
    /** @type {Record<string, any>} */
    const color = { field: fieldName(p.color), type: types[p.color] || "nominal", title: p.color_title ?? p.color };
    if (p.color_map && typeof p.color_map === "object") {
      color.scale = { domain: Object.keys(p.color_map), range: Object.values(p.color_map) };
    }
    if (Array.isArray(p.colors_in_legend)) color.legend = { values: p.colors_in_legend };
    encoding.color = color;
  }
  const tooltip = tooltipFields(p, value, x, y, xField, aggregate);
  if (tooltip.length) encoding.tooltip = tooltip;
  const brushable = mark !== "bar" || xType !== "nominal";
  /** @type {Record<string, any>} */
  const layer = {
    // a line is one path: no per-point description for screen readers (each would be
    // recomputed on every update of a streamed line)
    mark: mark === "line" ? { type: "line", clip: true, aria: false } : mark === "point"
      ? { type: "point", clip: true } : { type: "bar", clip: true },
    encoding,
  };
  if (brushable) layer.params = [{ name: BRUSH, select: { type: "interval", encodings: ["x"] } }];
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
    this.imageUrl = null;
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
    if (added !== null && this.view && value && Array.isArray(value.data)) {
      if (this.reduces(value)) this.refill(value);
      else this.insert(value.columns, value.data.slice(value.data.length - added));
    } else if (this.view && value && Array.isArray(value.data) && sameShape(old, value)) {
      this.refill(value); // new rows, same chart
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
    else if (!samePayload(old, this.value)) this.refill(this.value);
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
   * New rows at the end: into the view's data, which recomputes its marks.
   * @param {Array<string>} columns
   * @param {Array<Array<any>>} rows
   */
  insert(columns, rows) {
    const view = this.view;
    const vega = /** @type {any} */ (globalThis).vega;
    view.change(DATA, vega.changeset().insert(tuples(columns, rows)));
    view.runAsync().then(() => this.snapshot()).catch((e) => console.error(e));
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
   * The indices of the rows the chart draws: null for all of them, or for a long line the
   * reduced set of the x range shown (the zoom, else x_lim, else all).
   * @param {any} value
   * @returns {Array<number>|null}
   */
  drawnIndices(value) {
    if (!this.reduces(value)) return null;
    const p = this.props;
    const columns = value.columns;
    const x = p.x ?? columns[0];
    const y = p.y ?? columns[1];
    const range = this.zoom || xRange(p.x_lim, (value.datatypes || {})[x]) || null;
    const ci = p.color ? columns.indexOf(p.color) : -1;
    return reduceIndices(value.data || [], columns.indexOf(x), columns.indexOf(y), ci, range);
  }

  /**
   * The tuples the chart draws.
   * @param {any} value
   * @returns {Array<Object>}
   */
  drawnTuples(value) {
    const keep = this.drawnIndices(value);
    const rows = value.data || [];
    return tuples(value.columns, keep ? keep.map((i) => rows[i]) : rows);
  }

  /**
   * The view's data replaced by that of `value` (a long line that grew: its new reduced set;
   * a new frame of the same columns), in the drawn view: the chart is not embedded again.
   * Replacing the whole reduced set measured faster than removing and inserting only the
   * tuples that left or joined it (Vega then re-sorts and re-links the line piecewise).
   * @param {any} value
   */
  refill(value) {
    const view = this.view;
    const vega = /** @type {any} */ (globalThis).vega;
    view.change(DATA, vega.changeset().remove(() => true).insert(this.drawnTuples(value)));
    view.runAsync().then(() => this.snapshot()).catch((e) => console.error(e));
  }

  /** Embed the chart again (props or a replaced frame). */
  async draw() {
    const generation = ++this.generation;
    const value = this.value;
    if (!value || !Array.isArray(value.columns) || !this.width) {
      this.clear();
      if (!value) this.area.replaceChildren(h("div", { class: "rillet-plot-empty", text: "Empty" }));
      return;
    }
    const embed = await loadVegaEmbed();
    if (generation !== this.generation) return;
    const rows = this.drawnTuples(value);
    const spec = buildSpec(this.props, value, pageColours(this.el), this.width, this.zoom, rows);
    const target = h("div");
    const result = await embed(target, spec, { renderer: "svg", actions: false, ast: true, tooltip: true });
    if (generation !== this.generation) {
      result.finalize();
      return;
    }
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

  /** Brush release: "select" and zoom in; double click: "double_click" and zoom out. */
  listen() {
    const view = this.view;
    const svg = this.area.querySelector("svg");
    let brushed = /** @type {Array<number>|null} */ (null);
    try {
      view.addSignalListener(BRUSH, (_name, range) => {
        const xs = range && Object.values(range)[0];
        brushed = Array.isArray(xs) && xs.length === 2 ? xs.map(Number) : null;
      });
    } catch {
      return; // no brush on this chart (bars of categories)
    }
    const release = () => {
      if (!brushed) return;
      const range = [Math.min(...brushed), Math.max(...brushed)];
      brushed = null;
      // Gradio's SelectData: dates in seconds (what x_lim and gr.DateTime take)
      const shown = this.temporal() ? range.map((v) => v / 1000) : range;
      this.ctx.emit("select", { index: shown, value: shown, selected: true });
      this.zoom = range;
      this.draw();
    };
    (svg || this.area).addEventListener("pointerup", release);
    (svg || this.area).addEventListener("dblclick", () => {
      this.ctx.emit("double_click");
      if (this.zoom) {
        this.zoom = null;
        this.draw();
      }
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
