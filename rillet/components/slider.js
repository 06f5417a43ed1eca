/**
 * Slider: a range input plus a number box. Payload: a number.
 * Dragging emits "input" and "change"; letting go emits "release".
 *
 * As in Gradio 6, the minimum and maximum are written at either end of the track
 * (`data-testid="min-value"`, `"max-value"`), and a reset button (↺,
 * `data-testid="reset-button"`) beside the number box brings back the value the slider
 * started with; it shows unless `buttons` is a list without "reset".
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, uid } from "rillet/block.js";

/**
 * Mount a slider into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, minimum, maximum, step, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): number, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Slider(el, props, ctx);
}

class Slider {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { minimum: 0, maximum: 100, step: 1, ...props };
    const id = uid("slider");
    this.label = makeLabel(this.props, id);
    this.info = makeInfo(this.props);
    this.range = h("input", { id, type: "range", class: "rillet-range", "data-testid": "slider" });
    this.box = h("input", { type: "number", class: "rillet-input rillet-slider-number",
      "aria-label": `${this.props.label || "value"} (number)`, "data-testid": "number-input" });
    this.minText = h("span", { class: "rillet-slider-bound", "data-testid": "min-value" });
    this.maxText = h("span", { class: "rillet-slider-bound", "data-testid": "max-value" });
    this.reset = h("button", { type: "button", class: "rillet-slider-reset", text: "↺",
      "aria-label": "Reset to default value", title: "Reset to default value", "data-testid": "reset-button" });
    this.reset.addEventListener("click", () => {
      this.onUser(this.initial);
      this.ctx.emit("release");
    });
    this.range.addEventListener("input", () => this.onUser(this.range.value));
    this.range.addEventListener("change", () => this.ctx.emit("release"));
    this.box.addEventListener("change", () => {
      this.onUser(this.box.value);
      this.ctx.emit("release");
    });
    addStyles("slider", CSS);
    el.classList.add("rillet-slider");
    el.append(
      h("div", { class: "rillet-slider-head" }, [this.label.el, h("div", { class: "rillet-slider-controls" }, [this.box, this.reset])]),
      this.info.el,
      h("div", { class: "rillet-slider-track" }, [this.minText, this.range, this.maxText]),
    );
    this.apply(this.props);
    this.value = this.clamp(props.value ?? this.props.minimum);
    /** The value the slider started with: what reset brings back. */
    this.initial = this.value;
    this.show();
  }

  /** @returns {number} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const num = this.clamp(value ?? this.props.minimum);
    if (num === this.value) return;
    this.value = num;
    this.show();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.apply(props);
    if ("value" in props) this.set(props.value);
    else this.show();
  }

  apply(props) {
    applyCommon(this.el, props);
    this.label.update(props);
    this.info.update(props);
    if ("minimum" in props) this.minText.textContent = String(props.minimum);
    if ("maximum" in props) this.maxText.textContent = String(props.maximum);
    if ("buttons" in props) this.reset.hidden = Array.isArray(props.buttons) && !props.buttons.includes("reset");
    if ("interactive" in props) this.reset.disabled = props.interactive === false;
    for (const node of [this.range, this.box]) {
      if ("minimum" in props) node.min = String(props.minimum);
      if ("maximum" in props) node.max = String(props.maximum);
      if ("step" in props) node.step = props.step ? String(props.step) : "any";
      if ("interactive" in props) node.disabled = props.interactive === false;
    }
  }

  onUser(text) {
    const num = this.clamp(text);
    this.value = num;
    this.show();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  show() {
    const text = String(this.value);
    if (this.range.value !== text) this.range.value = text;
    if (this.box.value !== text) this.box.value = text;
    const { minimum: lo, maximum: hi } = this.props;
    const frac = hi > lo ? (this.value - lo) / (hi - lo) : 0;
    this.range.style.setProperty("--rillet-fill", `${Math.max(0, Math.min(1, frac)) * 100}%`);
  }

  clamp(value) {
    let num = Number(value);
    if (!Number.isFinite(num)) num = Number(this.props.minimum) || 0;
    const { minimum: lo, maximum: hi } = this.props;
    if (typeof lo === "number") num = Math.max(lo, num);
    if (typeof hi === "number") num = Math.min(hi, num);
    return num;
  }
}

const CSS = `
.rillet-slider-controls { display: flex; align-items: center; gap: 4px; }
.rillet-slider-reset { display: inline-flex; align-items: center; justify-content: center; width: 28px; height: 28px;
  padding: 0; border: 1px solid var(--rillet-border); border-radius: 6px; background: var(--rillet-bg);
  color: var(--rillet-muted); font: inherit; font-size: 15px; cursor: pointer; }
.rillet-slider-reset:hover:not(:disabled) { color: var(--rillet-text); }
.rillet-slider-reset:disabled { cursor: default; opacity: 0.5; }
.rillet-slider-reset[hidden] { display: none; }
.rillet-slider-track { display: flex; align-items: center; gap: 8px; }
.rillet-slider-track .rillet-range { flex: 1; min-width: 0; }
.rillet-slider-bound { font-size: 12px; color: var(--rillet-muted); font-variant-numeric: tabular-nums; }
`;
