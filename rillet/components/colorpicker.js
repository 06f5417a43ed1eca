/**
 * ColorPicker. Payload: a hex colour string ("#rrggbb"); none shows (and sends) black,
 * as Gradio does. A swatch opens the browser's colour picker and a text box takes a hex
 * code. Picking emits "input" and "change" as the colour moves and "release" when the
 * picker is closed on a colour; Enter in the text box emits "submit"; "focus" and "blur"
 * fire when focus enters or leaves the component.
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, uid } from "rillet/block.js";

const BLACK = "#000000";
const CSS = `
.rillet-colorpicker-row { display: flex; align-items: center; gap: 8px; }
.rillet-colorpicker-swatch { flex: none; width: 44px; height: 36px; padding: 2px; cursor: pointer;
  border: 1px solid var(--rillet-input-border); border-radius: var(--rillet-radius, 6px);
  background: var(--rillet-bg); }
.rillet-colorpicker-swatch:disabled { cursor: default; }
.rillet-colorpicker-swatch::-webkit-color-swatch-wrapper { padding: 0; }
.rillet-colorpicker-swatch::-webkit-color-swatch { border: none; border-radius: 4px; }
.rillet-colorpicker-swatch::-moz-color-swatch { border: none; border-radius: 4px; }
.rillet-colorpicker-hex { width: 9em; font-family: var(--rillet-mono); }
.rillet-colorpicker-hex.rillet-invalid { border-color: var(--rillet-stop, red); }
`;

/**
 * Mount a colour picker into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, info, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("colorpicker", CSS);
  return new ColorPicker(el, props, ctx);
}

class ColorPicker {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    const id = uid("colorpicker");
    this.label = makeLabel(this.props, id);
    this.info = makeInfo(this.props);
    this.swatch = h("input", { id, type: "color", class: "rillet-colorpicker-swatch", "data-testid": "colorpicker-swatch" });
    this.hex = h("input", { type: "text", class: "rillet-input rillet-colorpicker-hex", spellcheck: "false",
      maxlength: "9", "aria-label": "Hex code", "data-testid": "colorpicker-hex" });
    this.swatch.addEventListener("input", () => this.onPick());
    this.swatch.addEventListener("change", () => this.onRelease());
    this.hex.addEventListener("change", () => this.onTyped());
    this.hex.addEventListener("input", () => this.hex.classList.toggle("rillet-invalid", toHex(this.hex.value) === null));
    this.hex.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      this.onTyped();
      this.ctx.emit("submit");
    });
    el.addEventListener("focusin", (e) => {
      if (!el.contains(/** @type {Node|null} */ (e.relatedTarget))) this.ctx.emit("focus");
    });
    el.addEventListener("focusout", (e) => {
      if (!el.contains(/** @type {Node|null} */ (e.relatedTarget))) this.ctx.emit("blur");
    });
    el.classList.add("rillet-colorpicker");
    el.append(this.label.el, this.info.el, h("div", { class: "rillet-colorpicker-row" }, [this.swatch, this.hex]));
    this.value = shown(props.value);
    this.show();
    this.apply(this.props);
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const next = shown(value);
    if (next === this.value) return;
    this.value = next;
    this.show();
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
    if ("interactive" in props) {
      this.swatch.disabled = props.interactive === false;
      this.hex.readOnly = props.interactive === false;
    }
  }

  show() {
    this.swatch.value = toHex(this.value) ?? BLACK;
    this.hex.value = this.value;
    this.hex.classList.remove("rillet-invalid");
  }

  /** The picker moved: the colour is the value now. */
  onPick() {
    this.value = this.swatch.value;
    this.hex.value = this.value;
    this.hex.classList.remove("rillet-invalid");
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  onRelease() {
    if (this.swatch.value !== this.value) this.onPick();
    this.ctx.emit("release");
  }

  /** A hex code typed in: taken when it is one, else the box goes back to the value. */
  onTyped() {
    const hex = toHex(this.hex.value);
    if (hex === null) {
      this.show();
      return;
    }
    if (hex === this.value) {
      this.hex.value = hex;
      return;
    }
    this.value = hex;
    this.show();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }
}

/** The value shown for a payload: black for none. */
function shown(value) {
  return value === null || value === undefined || value === "" ? BLACK : String(value);
}

/**
 * "#rgb" or "#rrggbb" (the "#" optional) as lower-case "#rrggbb"; null for anything else.
 * @param {string} text
 * @returns {string|null}
 */
function toHex(text) {
  const m = /^\s*#?([0-9a-f]{3}|[0-9a-f]{6})\s*$/i.exec(String(text));
  if (!m) return null;
  const digits = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return `#${digits.toLowerCase()}`;
}
