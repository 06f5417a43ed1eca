/**
 * Number. Payload: a number, or null when the box is empty.
 * Typing emits "input" and "change"; Enter emits "submit".
 */

import { applyCommon, h, makeInfo, makeLabel, uid } from "rillet/block.js";

/**
 * Mount a number box into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, minimum, maximum, step, precision, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): number|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new NumberBox(el, props, ctx);
}

class NumberBox {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    const id = uid("number");
    this.label = makeLabel(this.props, id);
    this.info = makeInfo(this.props);
    this.input = h("input", { id, type: "number", class: "rillet-input", "data-testid": "number-input" });
    this.input.addEventListener("input", () => this.onInput());
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.ctx.emit("submit");
    });
    this.input.addEventListener("blur", () => this.ctx.emit("blur"));
    this.input.addEventListener("focus", () => this.ctx.emit("focus"));
    el.classList.add("rillet-number");
    el.append(this.label.el, this.info.el, this.input);
    this.value = toNumber(props.value);
    this.input.value = this.value === null ? "" : String(this.value);
    this.apply(this.props);
  }

  /** @returns {number|null} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const num = toNumber(value);
    if (num === this.value) return;
    this.value = num;
    this.input.value = num === null ? "" : String(num);
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
    this.label.update(props);
    this.info.update(props);
    if ("minimum" in props) setAttr(this.input, "min", props.minimum);
    if ("maximum" in props) setAttr(this.input, "max", props.maximum);
    if ("step" in props) setAttr(this.input, "step", props.step ?? "any");
    if ("placeholder" in props) setAttr(this.input, "placeholder", props.placeholder);
    if ("interactive" in props) this.input.readOnly = props.interactive === false;
  }

  onInput() {
    const text = this.input.value;
    this.value = text === "" ? null : toNumber(text);
    this.ctx.emit("input");
    this.ctx.emit("change");
  }
}

function toNumber(value) {
  if (value === null || value === undefined || value === "") return null;
  const num = Number(value);
  return Number.isFinite(num) ? num : null;
}

function setAttr(node, name, value) {
  if (value === null || value === undefined) node.removeAttribute(name);
  else node.setAttribute(name, String(value));
}
