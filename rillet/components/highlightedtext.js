/**
 * HighlightedText. Payload: [{token, class_or_confidence}] or null. Spans with a category
 * get its colour (from `color_map`, else a palette, one colour per category in order of
 * appearance) and, with `show_inline_category` and no legend, its name (Gradio's rule); spans with a number get a red
 * (positive) or blue (negative) background as strong as the number's size, as Gradio.
 * A click on a span emits "select" ({index, value: [token, class_or_confidence]}).
 */

import { addStyles, applyCommon, h, makeLabel, sameValue } from "rillet/block.js";

/** Category colours, in the order Gradio hands them out (data colours, not theme ones). */
const PALETTE = ["#ef4444", "#22c55e", "#3b82f6", "#eab308", "#a855f7", "#14b8a6", "#f97316",
  "#06b6d4", "#84cc16", "#ec4899"];
/** Score colours: positive and negative, as Gradio draws them. */
const POSITIVE = "239 68 60";
const NEGATIVE = "128 90 213";

const CSS = `
.rillet-ht-legend { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
.rillet-ht-legend-item { font-size: 12px; font-weight: 600; padding: 2px 8px;
  border-radius: var(--rillet-radius); color: var(--rillet-text); cursor: default; }
.rillet-ht-scale { display: flex; justify-content: space-between; font-size: 13px; font-weight: 700; color: var(--rillet-text);
  padding: 2px 6px; border-radius: var(--rillet-radius); margin-bottom: 8px;
  background: linear-gradient(to right, rgb(${NEGATIVE}), transparent, rgb(${POSITIVE})); }
.rillet-ht-text { line-height: 2; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--rillet-text); }
.rillet-ht-text[dir="rtl"] { text-align: right; }
.rillet-ht-span { border-radius: 4px; padding: 2px 3px; margin: 0 1px; color: var(--rillet-text);
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.rillet-ht-span[data-selectable] { cursor: pointer; }
.rillet-ht-category { display: inline-block; margin-left: 4px; padding: 0 5px; border-radius: 3px;
  font-size: 11px; font-weight: 700; line-height: 1.5; text-transform: uppercase; vertical-align: 1px;
  color: var(--rillet-bg); background: var(--rillet-text); opacity: 0.75; }
.rillet-ht-dim .rillet-ht-span:not(.rillet-ht-hot) { opacity: 0.35; }
`;

/**
 * Mount a highlighted text display into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, color_map, show_legend, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): Array|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("highlightedtext", CSS);
  return new HighlightedText(el, props, ctx);
}

class HighlightedText {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.label = makeLabel(this.props, null);
    this.legend = h("div", { class: "rillet-ht-legend", "data-testid": "highlighted-text-legend" });
    this.text = h("div", { class: "rillet-ht-text", "data-testid": "highlighted-text" });
    el.classList.add("rillet-highlightedtext");
    el.append(this.label.el, this.legend, this.text);
    applyCommon(el, this.props);
    this.value = normalise(props.value);
    this.show();
  }

  /** @returns {Array|null} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const next = normalise(value);
    if (sameValue(next, this.value)) return;
    this.value = next;
    this.show();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("value" in props) this.set(props.value);
    this.show();
  }

  show() {
    const tokens = this.value || [];
    const scores = tokens.some((t) => typeof t.class_or_confidence === "number");
    const colours = scores ? new Map() : categoryColours(tokens, this.props.color_map);
    this.text.setAttribute("dir", this.props.rtl ? "rtl" : "auto");
    this.text.replaceChildren(...tokens.map((t, i) => this.span(t, i, scores, colours)));
    this.drawLegend(scores, colours);
  }

  span(token, index, scores, colours) {
    const label = token.class_or_confidence;
    const text = String(token.token ?? "");
    if (label === null || label === undefined) return document.createTextNode(text);
    const span = h("span", { class: "rillet-ht-span", "data-selectable": "",
      "data-category": scores ? null : String(label) }, [text]);
    if (scores) {
      const score = Math.max(-1, Math.min(1, Number(label)));
      span.style.background = `rgb(${score < 0 ? NEGATIVE : POSITIVE} / ${Math.abs(score)})`;
      span.title = String(label);
    } else {
      span.style.background = tint(colours.get(String(label)));
      if (this.props.show_inline_category !== false && this.props.show_legend !== true) {
        span.append(h("span", { class: "rillet-ht-category", text: String(label) }));
      }
    }
    span.addEventListener("click", () => this.ctx.emit("select", { index, value: [text, label] }));
    return span;
  }

  drawLegend(scores, colours) {
    const show = this.props.show_legend === true && (this.value || []).length > 0;
    this.legend.hidden = !show;
    if (!show) return;
    if (scores) {
      this.legend.replaceChildren(h("div", { class: "rillet-ht-scale", style: "flex: 1" },
        [h("span", { text: "-1" }), h("span", { text: "0" }), h("span", { text: "+1" })]));
      return;
    }
    const items = [...colours].map(([name, colour]) => {
      const item = h("span", { class: "rillet-ht-legend-item", text: name });
      item.style.background = tint(colour);
      item.addEventListener("mouseenter", () => this.focus(name));
      item.addEventListener("mouseleave", () => this.focus(null));
      return item;
    });
    this.legend.replaceChildren(...items);
  }

  /** Hovering a legend entry dims every span of another category. */
  focus(name) {
    this.text.classList.toggle("rillet-ht-dim", name !== null);
    for (const span of this.text.querySelectorAll(".rillet-ht-span")) {
      if (span instanceof HTMLElement) span.classList.toggle("rillet-ht-hot", span.dataset.category === name);
    }
  }
}

/** A category's colour as a see-through background, readable in light and dark themes. */
function tint(colour) {
  return `color-mix(in srgb, ${colour || "transparent"} 38%, transparent)`;
}

/** One colour per category: `color_map`'s, else the palette's next. */
function categoryColours(tokens, colorMap) {
  const map = new Map();
  const given = colorMap || {};
  let next = 0;
  for (const name of Object.keys(given)) map.set(name, String(given[name]).trim());
  for (const t of tokens) {
    const label = t.class_or_confidence;
    if (label === null || label === undefined || map.has(String(label))) continue;
    map.set(String(label), PALETTE[next % PALETTE.length]);
    next += 1;
  }
  return map;
}

/** Accept Gradio's token dicts and plain [text, label] pairs; anything else is null. */
function normalise(value) {
  if (!Array.isArray(value)) return null;
  return value.map((item) => Array.isArray(item)
    ? { token: String(item[0] ?? ""), class_or_confidence: item[1] ?? null }
    : { token: String(item?.token ?? ""), class_or_confidence: item?.class_or_confidence ?? null });
}
