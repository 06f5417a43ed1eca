/**
 * JSON. Payload: any JSON value, shown pretty-printed in a `<pre>`.
 */

import { applyCommon, h, makeLabel, sameValue } from "rillet/block.js";

/**
 * Mount a JSON display into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Json(el, props, ctx);
}

class Json {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.label = makeLabel(this.props, null);
    this.pre = h("pre", { class: "rillet-json-view", "data-testid": "json", tabindex: "0",
      "aria-labelledby": this.label.id });
    el.classList.add("rillet-json");
    el.append(this.label.el, this.pre);
    applyCommon(el, this.props);
    this.value = props.value ?? null;
    this.show();
  }

  /** @returns {any} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const next = value ?? null;
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
  }

  show() {
    let text = "";
    if (this.value !== null) {
      try {
        text = JSON.stringify(this.value, null, 2);
      } catch {
        text = String(this.value);
      }
    }
    this.pre.textContent = text;
    this.pre.classList.toggle("rillet-empty", text === "");
  }
}
