/**
 * AnnotatedImage. Payload: `{image: FileData, annotations: [{image: FileData, label}]}` or
 * null; each annotation's image is a transparent overlay as large as the base image.
 *
 * The overlays are stacked over the image; the legend (`show_legend`) has a button per
 * annotation in its label's colour (`color_map`, else red as the overlay). Hovering a label
 * (or focusing it) shows its region alone, the others faded; a click emits "select" with
 * `{index, value: label}`.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { toolbar } from "rillet/toolbar.js";

/** The colour of a label missing from `color_map` (the overlay's colour, made by the server). */
const DEFAULT_COLOR = "rgb(255, 0, 0)";

/**
 * Mount an annotated image into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, show_legend, height, width, color_map, ...)
 * @param {Object} ctx {emit, url}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("annotatedimage", CSS);
  return new AnnotatedImageView(el, props, ctx);
}

class AnnotatedImageView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    this.label = makeLabel(this.props, null);
    this.stack = h("div", { class: "rillet-annotated-stack", "data-testid": "annotated-image" });
    this.frame = h("div", { class: "rillet-annotated-frame" }, [this.stack]);
    this.tools = toolbar(this.props.buttons, { fullscreen: () => this.frame });
    this.frame.append(this.tools.el);
    this.legend = h("div", { class: "rillet-annotated-legend", role: "list" });
    el.classList.add("rillet-annotatedimage");
    el.append(this.label.el, this.frame, this.legend);
    applyCommon(el, this.props);
    this.applySize();
    this.render();
  }

  /** @returns {Object|null} */
  get() {
    return this.value;
  }

  /** @param {Object|null} value */
  set(value) {
    this.value = value ?? null;
    this.render();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("height" in props || "width" in props) this.applySize();
    if ("value" in props) this.set(props.value);
    else if ("show_legend" in props || "color_map" in props) this.render();
  }

  applySize() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.frame.style.height = css(this.props.height);
    this.frame.style.width = css(this.props.width);
    this.frame.classList.toggle("rillet-annotated-fixed", this.props.height != null);
  }

  render() {
    this.stack.replaceChildren();
    this.legend.replaceChildren();
    const value = this.value;
    if (!value || !value.image) {
      this.stack.append(h("div", { class: "rillet-annotated-empty", text: "No image" }));
      this.legend.hidden = true;
      return;
    }
    this.stack.append(h("img", { class: "rillet-annotated-base", src: this.ctx.url(value.image),
      alt: this.props.label || "image" }));
    const annotations = Array.isArray(value.annotations) ? value.annotations : [];
    annotations.forEach((a, i) => {
      this.stack.append(h("img", { class: "rillet-annotated-mask", src: this.ctx.url(a.image),
        alt: a.label, "data-index": String(i) }));
    });
    this.legend.hidden = this.props.show_legend === false || annotations.length === 0;
    annotations.forEach((a, i) => this.legend.append(this.legendItem(a.label, i)));
  }

  /**
   * @param {string} label
   * @param {number} index
   */
  legendItem(label, index) {
    const color = (this.props.color_map || {})[label] || DEFAULT_COLOR;
    const item = h("button", { type: "button", class: "rillet-annotated-label", role: "listitem",
      "data-index": String(index) }, [h("span", { class: "rillet-annotated-swatch" }), label]);
    item.style.setProperty("--rillet-annotation-color", color);
    const on = () => this.highlight(index);
    const off = () => this.highlight(null);
    item.addEventListener("mouseenter", on);
    item.addEventListener("focus", on);
    item.addEventListener("mouseleave", off);
    item.addEventListener("blur", off);
    item.addEventListener("click", () => this.ctx.emit("select", { index, value: label, selected: true }));
    return item;
  }

  /** Show annotation `index` alone (null: all of them). @param {number|null} index */
  highlight(index) {
    this.stack.classList.toggle("rillet-annotated-focus", index !== null);
    for (const mask of this.stack.querySelectorAll(".rillet-annotated-mask")) {
      mask.classList.toggle("rillet-active", index !== null && Number(mask.getAttribute("data-index")) === index);
    }
  }
}

const CSS = `
.rillet-annotated-frame { position: relative; display: flex; align-items: center; justify-content: center;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); background: var(--rillet-subtle);
  min-height: 200px; overflow: hidden; }
.rillet-annotatedimage.rillet-bare .rillet-annotated-frame { border: none; }
.rillet-annotated-frame:fullscreen { background: var(--rillet-bg); }
.rillet-annotated-stack { position: relative; width: 100%; height: 100%; line-height: 0; }
.rillet-annotated-base { display: block; width: 100%; height: auto; max-height: 60vh; object-fit: contain; }
.rillet-annotated-fixed .rillet-annotated-base { height: 100%; max-height: none; }
.rillet-annotated-mask { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain;
  opacity: 0.8; pointer-events: none; transition: opacity 0.15s; }
.rillet-annotated-focus .rillet-annotated-mask { opacity: 0.08; }
.rillet-annotated-focus .rillet-annotated-mask.rillet-active { opacity: 1; }
.rillet-annotated-empty { color: var(--rillet-muted); line-height: normal; padding: 24px; }
.rillet-annotated-legend { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.rillet-annotated-legend[hidden] { display: none; }
.rillet-annotated-label { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); background: var(--rillet-bg);
  color: var(--rillet-text); font: inherit; font-size: 13px; cursor: pointer; }
.rillet-annotated-label:hover, .rillet-annotated-label:focus-visible { border-color: var(--rillet-annotation-color); }
.rillet-annotated-swatch { width: 12px; height: 12px; border-radius: 3px; background: var(--rillet-annotation-color); }
`;
