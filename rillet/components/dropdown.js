/**
 * Dropdown. `choices` is a list of [label, value] pairs (plain values work too).
 * Payload: the chosen value, or a list of values when `multiselect`.
 *
 * Single choice: a native `<select>` (or a text input with suggestions when
 * `allow_custom_value`). Multiselect: a list of checkboxes (respects `max_choices`).
 * A user choice emits "input", "change" and "select" ({index, value, selected}).
 */

import { applyCommon, h, makeInfo, makeLabel, normChoices, sameValue, uid } from "rillet/block.js";

/**
 * Mount a dropdown into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (choices, value, multiselect, allow_custom_value, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Dropdown(el, props, ctx);
}

/**
 * The rendered control: a `<select>`, a text input with suggestions, or checkboxes.
 * @typedef {{kind: "select", node: HTMLSelectElement}} SelectControl
 * @typedef {{kind: "custom", node: HTMLInputElement}} CustomControl
 * @typedef {{kind: "multi", node: HTMLDivElement, boxes: HTMLInputElement[]}} MultiControl
 * @typedef {SelectControl | CustomControl | MultiControl} Control
 */

class Dropdown {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.controlId = uid("dropdown");
    this.label = makeLabel(this.props, this.props.multiselect ? null : this.controlId);
    this.info = makeInfo(this.props);
    this.wrap = h("div", { class: "rillet-dropdown-wrap" });
    el.classList.add("rillet-dropdown");
    el.append(this.label.el, this.info.el, this.wrap);
    applyCommon(el, this.props);
    this.value = this.norm(props.value);
    this.render();
  }

  /** @returns {any} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const next = this.norm(value);
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
    if (["choices", "multiselect", "allow_custom_value", "interactive", "max_choices"].some((k) => k in props)) {
      this.render();
    }
    if ("value" in props) this.set(props.value);
  }

  get choices() {
    return normChoices(this.props.choices);
  }

  norm(value) {
    if (!this.props.multiselect) return value ?? null;
    if (value === null || value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  render() {
    this.wrap.replaceChildren();
    const disabled = this.props.interactive === false;
    if (this.props.multiselect) this.control = this.renderMulti(disabled);
    else if (this.props.allow_custom_value) this.control = this.renderCustom(disabled);
    else this.control = this.renderSelect(disabled);
    this.show();
  }

  /** @param {boolean} disabled @returns {SelectControl} */
  renderSelect(disabled) {
    const select = h("select", { id: this.controlId, class: "rillet-input", disabled, "data-testid": "dropdown" });
    select.append(h("option", { value: "", text: "", class: "rillet-empty-option" }));
    this.choices.forEach(([label], i) => select.append(h("option", { value: String(i), text: label })));
    select.addEventListener("change", () => {
      const i = select.value === "" ? -1 : Number(select.value);
      this.onUser(i >= 0 ? this.choices[i][1] : null, i);
    });
    this.wrap.append(select);
    return { kind: "select", node: select };
  }

  /** @param {boolean} disabled @returns {CustomControl} */
  renderCustom(disabled) {
    const listId = uid("choices");
    const input = h("input", { id: this.controlId, class: "rillet-input", list: listId, disabled,
      "data-testid": "dropdown" });
    const list = h("datalist", { id: listId });
    for (const [label] of this.choices) list.append(h("option", { value: label }));
    input.addEventListener("change", () => {
      const i = this.choices.findIndex(([label]) => label === input.value);
      this.onUser(i >= 0 ? this.choices[i][1] : input.value, i);
    });
    this.wrap.append(input, list);
    return { kind: "custom", node: input };
  }

  /** @param {boolean} disabled @returns {MultiControl} */
  renderMulti(disabled) {
    const group = h("div", { class: "rillet-multi", role: "group", "aria-labelledby": this.label.id,
      "data-testid": "dropdown" });
    const boxes = this.choices.map(([label, value], i) => {
      const box = h("input", { type: "checkbox", disabled });
      box.addEventListener("change", () => this.onToggle(value, i, box.checked));
      group.append(h("label", { class: "rillet-chip" }, [box, h("span", { text: label })]));
      return box;
    });
    this.wrap.append(group);
    return { kind: "multi", node: group, boxes };
  }

  show() {
    const control = this.control;
    const index = (value) => this.choices.findIndex(([, v]) => sameValue(v, value));
    if (control.kind === "select") {
      const i = index(this.value);
      control.node.value = i >= 0 ? String(i) : "";
    } else if (control.kind === "custom") {
      const i = index(this.value);
      control.node.value = i >= 0 ? this.choices[i][0] : (this.value ?? "");
    } else {
      const chosen = new Set(this.value.map(index));
      control.boxes.forEach((box, i) => { box.checked = chosen.has(i); });
      this.limitChoices();
    }
  }

  limitChoices() {
    const max = this.props.max_choices;
    const { boxes } = /** @type {MultiControl} */ (this.control);
    const full = typeof max === "number" && this.value.length >= max;
    for (const box of boxes) box.disabled = this.props.interactive === false || (full && !box.checked);
  }

  onToggle(value, i, checked) {
    const rest = this.value.filter((v) => !sameValue(v, value));
    this.value = checked ? [...rest, value] : rest;
    this.limitChoices();
    this.emitUser(value, i, checked);
  }

  onUser(value, i) {
    this.value = value;
    this.emitUser(value, i, true);
  }

  emitUser(value, index, selected) {
    this.ctx.emit("input");
    this.ctx.emit("change");
    this.ctx.emit("select", { index, value, selected });
  }
}
