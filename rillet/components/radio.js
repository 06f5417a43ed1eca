/**
 * Radio. `choices` is a list of [label, value] pairs (plain values work too).
 * Payload: the chosen value (null when none). A user choice emits "input", "change"
 * and "select" ({index, value, selected}).
 */

import { applyCommon, h, makeInfo, makeLabel, normChoices, sameValue, uid } from "rillet/block.js";

/**
 * Mount a radio group into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (choices, value, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Radio(el, props, ctx);
}

class Radio {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.name = uid("radio");
    this.label = makeLabel(this.props, null);
    this.info = makeInfo(this.props);
    this.group = h("div", { class: "rillet-radio-group", role: "radiogroup", "aria-labelledby": this.label.id });
    el.classList.add("rillet-radio");
    el.append(this.label.el, this.info.el, this.group);
    applyCommon(el, this.props);
    this.value = props.value ?? null;
    this.render();
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
    this.info.update(props);
    if ("choices" in props || "interactive" in props) this.render();
    if ("value" in props) this.set(props.value);
  }

  render() {
    const disabled = this.props.interactive === false;
    this.choices = normChoices(this.props.choices);
    this.inputs = this.choices.map(([label, value], i) => {
      const input = h("input", { type: "radio", name: this.name, value: String(i), disabled });
      input.addEventListener("change", () => {
        if (input.checked) this.onUser(value, i);
      });
      return { input, node: h("label", { class: "rillet-chip" }, [input, h("span", { text: label })]) };
    });
    this.group.replaceChildren(...this.inputs.map((x) => x.node));
    this.show();
  }

  show() {
    const i = this.choices.findIndex(([, v]) => sameValue(v, this.value));
    this.inputs.forEach(({ input }, j) => { input.checked = j === i; });
  }

  onUser(value, i) {
    this.value = value;
    this.ctx.emit("input");
    this.ctx.emit("change");
    this.ctx.emit("select", { index: i, value, selected: true });
  }
}
