/**
 * gr.Plot: a PlotData payload ({type, plot}). A matplotlib figure is an image data URL,
 * shown as an <img>; an altair chart is a Vega-Lite spec (JSON text), drawn by vega-embed;
 * a plotly figure is its JSON text, drawn by plotly.js. Each library is loaded only when a
 * figure of its kind is first shown. Bokeh figures are not drawn: a note says so.
 *
 * A plotly figure that follows another on the same plot is drawn with `Plotly.react`, which
 * changes the drawn figure in place (a generator's frames do not flicker). The figure fills
 * the component's width and follows it; a figure left with plotly's default look takes the
 * page's colours (see `pageLook`). The plot is purged when the component leaves the page.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { loadVegaEmbed } from "rillet/vegaloader.js";
import { emptyState } from "rillet/toolbar.js";

/** plotly.js's strict bundle (the page's import map; the server's vendor route). */
const PLOTLY = "rillet/vendor/plotly.js";
/** A plotly figure's height when it sets none (plotly's own default). */
const PLOTLY_HEIGHT = 450;
/** Below this width (px) the margins a figure leaves unset shrink from plotly's 80-100 px
 * to these, so a phone's plot keeps most of its width (axes push them out as they need). */
const NARROW = 600;
const NARROW_MARGIN = { l: 48, r: 16, t: 56, b: 40 };
/** The plot background of plotly.py's default template ("plotly"): how it is recognised. */
const PLOTLY_TEMPLATE_PLOT_BG = "#e5ecf6";
const CLEAR = "rgba(0,0,0,0)";

const CSS = `
.rillet-plot { position: relative; }
.rillet-plot-figure { display: flex; justify-content: center; min-height: 60px; }
.rillet-plot-figure img { max-width: 100%; height: auto; display: block; }
.rillet-plot-figure .vega-embed { width: 100%; }
.rillet-plot-figure .vega-embed summary { display: none; }
.rillet-plot-plotly { width: 100%; min-width: 0; overflow-x: auto; }
.rillet-plot-note { color: var(--rillet-muted); padding: 24px; text-align: center; }
.rillet-plot-error { color: var(--rillet-error); padding: 24px; text-align: center; overflow-wrap: anywhere; }
`;

/** @type {Promise<any>|null} plotly.js's `Plotly`, once asked for */
let plotlyLoading = null;

/**
 * plotly.js, loaded once, on the first plotly figure. Its bundle is UMD: evaluated as a
 * module (served by the app itself, as the page's policy requires) it sets `Plotly` on the
 * window. A failed load is tried again by the next figure.
 * @returns {Promise<any>}
 */
function loadPlotly() {
  if (!plotlyLoading) {
    plotlyLoading = import(PLOTLY).then(
      () => /** @type {any} */ (globalThis).Plotly,
      (err) => {
        plotlyLoading = null;
        throw err;
      },
    );
  }
  return plotlyLoading;
}

/**
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, format, ...)
 * @param {{emit(name: string, data?: any): void}} ctx
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("plot", CSS);
  return new PlotView(el, props, ctx);
}

class PlotView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    /** @type {any} vega-embed's result for an altair chart */
    this.embedded = null;
    /** @type {any} the element plotly draws in (its "graph div"), while a plotly figure is shown */
    this.graph = null;
    /** @type {any} plotly.js, once loaded */
    this.Plotly = null;
    /** @type {any} the plotly figure drawn in `graph` */
    this.shown = null;
    /** the width the plotly figure was last sized to */
    this.width = 0;
    /** @type {boolean|null} whether it was laid out as narrow (null: at no width, unseen) */
    this.narrow = null;
    /** whether the plotly figure was purged as the component left the page */
    this.purged = false;
    this.generation = 0;
    el.classList.add("rillet-plot");
    this.label = makeLabel(this.props, null);
    this.figure = h("div", { class: "rillet-plot-figure", "data-testid": "plot" });
    el.append(this.label.el, this.figure);
    applyCommon(el, this.props);
    this.observer = new ResizeObserver(() => this.resized());
    this.observer.observe(this.figure);
    this.show();
  }

  /** @returns {any} the payload */
  get() {
    return this.value;
  }

  /** @param {any} value a PlotData payload */
  set(value) {
    this.value = value ?? null;
    this.show();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.label.update(props);
    applyCommon(this.el, props);
    if ("value" in props) this.set(props.value);
  }

  /** Show the current value; a figure that cannot be drawn shows why instead. */
  async show() {
    const generation = ++this.generation;
    const value = this.value;
    if (this.embedded) this.embedded.finalize();
    this.embedded = null;
    if (value?.type !== "plotly") this.dropGraph();
    try {
      await this.draw(value, generation);
    } catch (err) {
      if (generation !== this.generation) return;
      console.warn("rillet: gr.Plot could not draw its figure", err);
      this.dropGraph();
      const why = err instanceof Error ? err.message : String(err);
      this.figure.replaceChildren(h("div", {
        class: "rillet-plot-error",
        role: "alert",
        text: `This ${value?.type ?? "plot"} figure could not be drawn: ${why}`,
      }));
    }
  }

  /**
   * @param {any} value a PlotData payload
   * @param {number} generation this draw's number (a later value ends it)
   */
  async draw(value, generation) {
    if (!value || typeof value.plot !== "string") {
      this.figure.replaceChildren(emptyState({ icon: "image" }));
      return;
    }
    if (value.type === "matplotlib") {
      this.figure.replaceChildren(h("img", { src: value.plot, alt: this.props.label || "plot" }));
      return;
    }
    if (value.type === "altair") {
      const spec = JSON.parse(value.plot);
      const embed = await loadVegaEmbed();
      if (generation !== this.generation) return;
      const target = h("div");
      this.figure.replaceChildren(target);
      const result = await embed(target, spec, { renderer: "svg", actions: false, ast: true });
      if (generation !== this.generation) result.finalize();
      else this.embedded = result;
      return;
    }
    if (value.type === "plotly") {
      await this.drawPlotly(parseFigure(value.plot), generation);
      return;
    }
    this.figure.replaceChildren(h("div", {
      class: "rillet-plot-note",
      text: `This ${value.type} figure cannot be shown here (rillet draws matplotlib, altair and plotly figures).`,
    }));
  }

  /**
   * Draw a plotly figure: `Plotly.react` on the plot's graph element, made on the first one.
   * @param {any} figure the figure's JSON ({data, layout, config?, frames?})
   * @param {number} generation
   */
  async drawPlotly(figure, generation) {
    const Plotly = await loadPlotly();
    if (generation !== this.generation) return;
    this.Plotly = Plotly;
    if (!this.graph) {
      this.graph = h("div", { class: "rillet-plot-plotly", "data-testid": "plotly" });
      this.figure.replaceChildren(this.graph);
    }
    this.shown = figure;
    await this.react();
  }

  /**
   * (Re)draw the figure shown, laid out for the component's width now. Its frames go too
   * (a figure's animation buttons play them).
   */
  async react() {
    const figure = this.shown;
    const width = Math.floor(this.figure.clientWidth);
    this.width = width;
    this.narrow = width > 0 ? width < NARROW : null;
    const own = figure.layout ?? {};
    const layout = {
      ...pageLook(own, this.el),
      autosize: true,
      height: own.height ?? PLOTLY_HEIGHT,
      margin: this.narrow ? { ...NARROW_MARGIN, ...(own.margin ?? {}) } : own.margin,
    };
    const config = { ...(figure.config ?? {}), responsive: false };
    await this.Plotly.react(this.graph, { data: figure.data ?? [], layout, config, frames: figure.frames });
  }

  /** Purge the plotly figure, if one is drawn (its listeners and WebGL contexts go too). */
  dropGraph() {
    if (!this.graph) return;
    this.Plotly?.purge(this.graph);
    this.graph.remove();
    this.graph = null;
    this.shown = null;
  }

  /**
   * The figure's box changed: a plotly figure follows its width. The component leaving
   * the page purges the figure; coming back draws it again.
   */
  resized() {
    if (!this.el.isConnected) {
      this.purged ||= Boolean(this.graph);
      this.dropGraph();
      return;
    }
    if (this.purged) {
      this.purged = false;
      this.show();
      return;
    }
    const width = Math.floor(this.figure.clientWidth);
    if (!this.shown || width === 0 || width === this.width) return;
    const failed = (err) => console.warn("rillet: resizing a plotly figure failed", err);
    if (width < NARROW !== this.narrow) this.react().catch(failed);
    else {
      this.width = width;
      this.Plotly.Plots.resize(this.graph).catch(failed);
    }
  }
}

/**
 * A plotly figure from its JSON text; a readable error when it is not one.
 * @param {string} text
 * @returns {any}
 */
function parseFigure(text) {
  let figure;
  try {
    figure = JSON.parse(text);
  } catch (err) {
    throw new Error(`its JSON does not parse (${err instanceof Error ? err.message : err})`);
  }
  if (!isPlain(figure)) throw new Error("its JSON is not a figure (an object with data and layout)");
  if (figure.data !== undefined && !Array.isArray(figure.data)) {
    throw new Error("its data is not a list of traces");
  }
  return figure;
}

/**
 * A figure's layout with the page's colours where it keeps plotly's default look: the
 * default template of plotly.py ("plotly") or none at all. The page's colours go into the
 * template, so whatever the figure's own layout sets still wins; a figure with another
 * template (plotly_dark, simple_white, ...) is left as it is.
 * @param {any} layout
 * @param {HTMLElement} el the component (its CSS variables hold the page's colours)
 * @returns {any}
 */
function pageLook(layout, el) {
  const template = layout.template;
  const templateBg = String(template?.layout?.plot_bgcolor ?? "").toLowerCase();
  if (template !== undefined && templateBg !== PLOTLY_TEMPLATE_PLOT_BG) return layout;
  const style = getComputedStyle(el);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const text = read("--rillet-text", "#444");
  const grid = read("--rillet-border", "#eee");
  const line = read("--rillet-input-border", "#ccc");
  const card = read("--rillet-bg", "white");
  const muted = read("--rillet-muted", "#888");
  const secondary = read("--rillet-secondary", "#f3f4f6");
  const subtle = read("--rillet-subtle", "#f9fafb");
  // the template's colours for traces (bar outlines, tables, carpets), as the page's
  const swaps = {
    "#2a3f5f": () => text,
    "#e5ecf6": () => card,
    "#ebf0f8": () => subtle,
    "#c8d4e3": () => secondary,
    white: (key) => (key.endsWith("gridcolor") || key === "linecolor" ? grid : card),
  };
  const axis = { gridcolor: grid, linecolor: line, zerolinecolor: line };
  const sceneAxis = { ...axis, backgroundcolor: subtle };
  const look = {
    paper_bgcolor: CLEAR,
    plot_bgcolor: CLEAR,
    font: { color: text, family: read("--rillet-font", "sans-serif") },
    xaxis: axis,
    yaxis: axis,
    polar: { bgcolor: CLEAR, angularaxis: axis, radialaxis: axis },
    ternary: { bgcolor: CLEAR, aaxis: axis, baxis: axis, caxis: axis },
    scene: { xaxis: sceneAxis, yaxis: sceneAxis, zaxis: sceneAxis },
    geo: { bgcolor: CLEAR },
    annotationdefaults: { arrowcolor: text },
    shapedefaults: { line: { color: text } },
    modebar: { bgcolor: CLEAR, color: muted, activecolor: text },
    // an animation's play buttons and frame slider
    updatemenudefaults: { bgcolor: secondary, bordercolor: line },
    sliderdefaults: { bgcolor: secondary, activebgcolor: line, bordercolor: line, tickcolor: muted },
  };
  return {
    ...layout,
    template: {
      ...(template ?? {}),
      data: recoloured(template?.data ?? {}, "", swaps),
      layout: merged(template?.layout ?? {}, look),
    },
  };
}

/**
 * `value` with each colour named in `swaps` (a `...color` key's string) replaced by what
 * its swap gives for that key; colour scales are left as they are.
 * @param {any} value
 * @param {string} key the key `value` is under
 * @param {Object<string, (key: string) => string>} swaps by lower-case colour
 * @returns {any}
 */
function recoloured(value, key, swaps) {
  if (Array.isArray(value)) {
    return key.endsWith("colorscale") ? value : value.map((item) => recoloured(item, key, swaps));
  }
  if (isPlain(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recoloured(v, k, swaps)]));
  }
  const colour = typeof value === "string" && key.endsWith("color") ? value.toLowerCase() : null;
  return colour !== null && Object.hasOwn(swaps, colour) ? swaps[colour](key) : value;
}

/**
 * `base` with `over`'s values put in, objects merged key by key (`over` wins).
 * @param {any} base
 * @param {any} over
 * @returns {any}
 */
function merged(base, over) {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const mine = out[key];
    const both = isPlain(mine) && isPlain(value);
    out[key] = both ? merged(mine, value) : value;
  }
  return out;
}

/** @param {any} x @returns {boolean} */
function isPlain(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}
