/**
 * Label (classification result). Payload: {"label": str, "confidences": [{label,
 * confidence}]} or null. Shows the top label and one bar per confidence.
 */

import { applyCommon, h, makeLabel, sameValue } from "rillet/block.js";

/**
 * Mount a label display into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, show_heading, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new LabelView(el, props, ctx);
}

class LabelView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.label = makeLabel(this.props, null);
    this.heading = h("div", { class: "rillet-label-top", "data-testid": "label-output-value" });
    this.bars = h("div", { class: "rillet-confidences" });
    el.classList.add("rillet-labelbox");
    el.append(this.label.el, this.heading, this.bars);
    applyCommon(el, this.props);
    this.value = normalise(props.value);
    this.show();
  }

  /** @returns {Object|null} */
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
    if ("show_heading" in props) this.show();
    if ("value" in props) this.set(props.value);
  }

  show() {
    const value = this.value;
    const top = value && value.label !== undefined && value.label !== null ? String(value.label) : "";
    this.heading.textContent = top;
    this.heading.hidden = top === "" || this.props.show_heading === false;
    const rows = (value && value.confidences) || [];
    this.bars.replaceChildren(...rows.map(bar));
  }
}

function bar({ label, confidence }) {
  const pct = Math.max(0, Math.min(1, Number(confidence) || 0)) * 100;
  const fill = h("div", { class: "rillet-confidence-fill" });
  fill.style.width = `${pct}%`;
  return h("div", { class: "rillet-confidence", "data-testid": `${label}-confidence-set` }, [
    h("div", { class: "rillet-confidence-text" }, [
      h("span", { class: "rillet-confidence-name", text: label }),
      h("span", { class: "rillet-confidence-pct", text: `${Math.round(pct)}%` }),
    ]),
    h("div", { class: "rillet-confidence-track" }, [fill]),
  ]);
}

function normalise(value) {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return { label: value };
  return value;
}
