/**
 * HTML. Payload: an HTML string, inserted as it is (the app author's markup: this is
 * the one component that does not escape).
 */

import { applyCommon, h, makeLabel } from "rillet/block.js";

/**
 * Mount an HTML display into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, show_label, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Html(el, props, ctx);
}

class Html {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { show_label: false, ...props };
    this.label = makeLabel(this.props, null);
    this.body = h("div", { class: "rillet-html-body", "data-testid": "html" });
    el.classList.add("rillet-html");
    el.append(this.label.el, this.body);
    applyCommon(el, this.props);
    this.value = toText(props.value);
    this.body.innerHTML = this.value;
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const text = toText(value);
    if (text === this.value) return;
    this.value = text;
    this.body.innerHTML = text;
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("value" in props) this.set(props.value);
  }
}

function toText(value) {
  if (value === null || value === undefined) return "";
  return String(value);
}
