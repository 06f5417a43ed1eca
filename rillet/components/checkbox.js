/**
 * Checkbox. Payload: a boolean. Toggling emits "input", "change" and "select".
 */

import { applyCommon, h, makeInfo, uid } from "rillet/block.js";

/**
 * Mount a checkbox into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, info, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): boolean, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Checkbox(el, props, ctx);
}

class Checkbox {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    const id = uid("checkbox");
    this.box = h("input", { id, type: "checkbox", "data-testid": "checkbox" });
    this.text = h("span", { class: "rillet-checkbox-text" });
    this.info = makeInfo(this.props);
    this.box.addEventListener("change", () => this.onUser());
    el.classList.add("rillet-checkbox");
    el.append(this.info.el, h("label", { class: "rillet-label rillet-checkbox-label", for: id }, [this.box, this.text]));
    this.value = Boolean(props.value);
    this.box.checked = this.value;
    this.apply(this.props);
  }

  /** @returns {boolean} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const on = Boolean(value);
    if (on === this.value) return;
    this.value = on;
    this.box.checked = on;
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.apply(props);
    if ("value" in props) this.set(props.value);
  }

  apply(props) {
    applyCommon(this.el, props);
    this.info.update(props);
    if ("label" in props || "show_label" in props) {
      this.text.textContent = this.props.label ?? "";
      this.text.hidden = this.props.show_label === false;
      if (this.text.hidden) this.box.setAttribute("aria-label", String(this.props.label ?? ""));
    }
    if ("interactive" in props) this.box.disabled = props.interactive === false;
  }

  onUser() {
    this.value = this.box.checked;
    this.ctx.emit("input");
    this.ctx.emit("change");
    this.ctx.emit("select", { index: null, value: this.props.label ?? null, selected: this.value });
  }
}
