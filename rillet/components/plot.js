/**
 * gr.Plot: a PlotData payload ({type, plot}). A matplotlib figure is an image data URL,
 * shown as an <img>; an altair chart is a Vega-Lite spec (JSON text), drawn by vega-embed
 * (loaded only then). Plotly and bokeh figures are not drawn: a note says so.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { loadVegaEmbed } from "rillet/vegaloader.js";
import { emptyState } from "rillet/toolbar.js";

const CSS = `
.rillet-plot { position: relative; }
.rillet-plot-figure { display: flex; justify-content: center; min-height: 60px; }
.rillet-plot-figure img { max-width: 100%; height: auto; display: block; }
.rillet-plot-figure .vega-embed { width: 100%; }
.rillet-plot-figure .vega-embed summary { display: none; }
.rillet-plot-note { color: var(--rillet-muted); padding: 24px; text-align: center; }
`;

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
    this.generation = 0;
    el.classList.add("rillet-plot");
    this.label = makeLabel(this.props, null);
    this.figure = h("div", { class: "rillet-plot-figure", "data-testid": "plot" });
    el.append(this.label.el, this.figure);
    applyCommon(el, this.props);
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

  async show() {
    const generation = ++this.generation;
    const value = this.value;
    if (this.embedded) this.embedded.finalize();
    this.embedded = null;
    if (!value || typeof value.plot !== "string") {
      this.figure.replaceChildren(emptyState({ icon: "image" }));
      return;
    }
    if (value.type === "matplotlib") {
      this.figure.replaceChildren(h("img", { src: value.plot, alt: this.props.label || "plot" }));
      return;
    }
    if (value.type === "altair") {
      const embed = await loadVegaEmbed();
      if (generation !== this.generation) return;
      const target = h("div");
      this.figure.replaceChildren(target);
      const spec = JSON.parse(value.plot);
      const result = await embed(target, spec, { renderer: "svg", actions: false, ast: true });
      if (generation !== this.generation) result.finalize();
      else this.embedded = result;
      return;
    }
    this.figure.replaceChildren(h("div", {
      class: "rillet-plot-note",
      text: `This ${value.type} figure cannot be shown here (rillet draws matplotlib and altair plots).`,
    }));
  }
}
