/**
 * CheckboxGroup. `choices` is a list of [label, value] pairs (plain values work too).
 * Payload: the list of ticked values, in the order they were ticked. A user tick emits
 * "input", "change" and "select" ({index, value, selected}); `show_select_all` adds a
 * box that ticks every choice or none.
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, normChoices, sameValue } from "rillet/block.js";

const CSS = `
.rillet-checkboxgroup-head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.rillet-checkboxgroup-head .rillet-label { margin-bottom: 0; }
.rillet-checkboxgroup-all { display: inline-flex; align-items: center; gap: 6px; cursor: pointer;
  font-size: 13px; font-weight: 500; color: var(--rillet-muted); }
.rillet-checkboxgroup-all input { accent-color: var(--rillet-primary); width: 16px; height: 16px; margin: 0; }
.rillet-checkboxgroup-choices { display: flex; flex-wrap: wrap; gap: 8px; }
.rillet-checkboxgroup-choices .rillet-chip { cursor: pointer; }
.rillet-checkboxgroup-choices .rillet-chip:has(input:disabled) { cursor: default; opacity: 0.75; }
`;

/**
 * Mount a group of tick boxes into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (choices, value, show_select_all, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): Array<any>, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("checkboxgroup", CSS);
  return new CheckboxGroup(el, props, ctx);
}

class CheckboxGroup {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.label = makeLabel(this.props, null);
    this.info = makeInfo(this.props);
    this.all = h("input", { type: "checkbox", title: "Select/Deselect All", "data-testid": "checkboxgroup-all" });
    this.all.addEventListener("change", () => this.onAll());
    this.allText = h("span");
    this.allBox = h("label", { class: "rillet-checkboxgroup-all" }, [this.all, this.allText]);
    this.head = h("div", { class: "rillet-checkboxgroup-head" }, [this.allBox, this.label.el]);
    this.group = h("div", { class: "rillet-checkboxgroup-choices", role: "group",
      "aria-labelledby": this.label.id, "data-testid": "checkbox-group" });
    el.classList.add("rillet-checkboxgroup");
    el.append(this.head, this.info.el, this.group);
    applyCommon(el, this.props);
    this.value = toList(props.value);
    this.render();
  }

  /** @returns {Array<any>} */
  get() {
    return this.value.slice();
  }

  /** @param {any} value */
  set(value) {
    const next = toList(value);
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
    if ("choices" in props || "interactive" in props || "show_select_all" in props || "show_label" in props) {
      this.render();
    }
    this.refreshHead();
    if ("value" in props) this.set(props.value);
  }

  render() {
    const disabled = this.props.interactive === false;
    this.choices = normChoices(this.props.choices);
    this.boxes = this.choices.map(([label, value], i) => {
      const input = h("input", { type: "checkbox", value: String(i), disabled, title: String(value) });
      input.addEventListener("change", () => this.onUser(i, input.checked));
      return h("label", { class: "rillet-chip" }, [input, h("span", { text: label })]);
    }).map((node) => ({ node, input: /** @type {HTMLInputElement} */ (node.firstChild) }));
    this.group.replaceChildren(...this.boxes.map((x) => x.node));
    this.refreshHead();
    this.show();
  }

  /** The label row: the label, and the select-all box when asked for and editable. */
  refreshHead() {
    const selectAll = Boolean(this.props.show_select_all) && this.props.interactive !== false;
    this.allBox.hidden = !selectAll;
    // The box names itself when the label is hidden (Gradio's "Select All").
    this.allText.textContent = this.props.show_label === false ? "Select All" : "";
    this.allText.hidden = this.props.show_label !== false;
    this.head.hidden = !selectAll && this.label.el.hidden;
  }

  show() {
    this.boxes.forEach(({ input }, i) => {
      input.checked = this.value.some((v) => sameValue(v, this.choices[i][1]));
    });
    const ticked = this.boxes.filter(({ input }) => input.checked).length;
    this.all.checked = ticked > 0 && ticked === this.boxes.length;
    this.all.indeterminate = ticked > 0 && ticked < this.boxes.length;
  }

  onUser(i, checked) {
    const value = this.choices[i][1];
    const others = this.value.filter((v) => !sameValue(v, value));
    this.value = checked ? [...others, value] : others;
    this.show();
    this.ctx.emit("input");
    this.ctx.emit("select", { index: i, value, selected: checked });
    this.ctx.emit("change");
  }

  onAll() {
    const values = this.choices.map(([, v]) => v);
    this.value = this.value.length === values.length ? [] : values;
    this.show();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }
}

/** A payload as a list of values (null is none, a single value is one). */
function toList(value) {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.slice() : [value];
}
