/**
 * Button. Payload: its value (the button text). Clicking emits "click".
 * Props: value, variant ("primary" | "secondary" | "stop" | "huggingface"), size
 * ("sm" | "md" | "lg"), interactive, visible, link (opens the URL in a new tab).
 */

import { addStyles, applyCommon, h } from "rillet/block.js";

/* Hugging Face's own buttons (Duplicate, Login): black with white text, in both themes. */
const CSS = `
.rillet-btn-huggingface { background: #000; border-color: #000; color: #fff; }
.rillet-btn-huggingface:hover { background: #333; border-color: #333; }
`;

/**
 * Mount a button into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Button(el, props, ctx);
}

class Button {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    addStyles("button", CSS);
    this.props = { variant: "secondary", size: "lg", ...props };
    this.button = h("button", { type: "button", class: "rillet-btn" });
    this.button.addEventListener("click", () => this.onClick());
    el.classList.add("rillet-button");
    el.append(this.button);
    this.apply(this.props);
  }

  /** @returns {string} */
  get() {
    return this.props.value ?? "";
  }

  /** @param {any} value new button text */
  set(value) {
    this.setProps({ value });
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.apply(props);
  }

  apply(props) {
    applyCommon(this.el, props);
    const b = this.button;
    if ("value" in props) b.textContent = props.value ?? "";
    if ("variant" in props || "size" in props) {
      b.className = `rillet-btn rillet-btn-${this.props.variant || "secondary"} rillet-btn-${this.props.size || "lg"}`;
    }
    if ("interactive" in props) b.disabled = props.interactive === false;
  }

  onClick() {
    const { link, link_target: target = "_self" } = this.props;
    if (link && target === "_self") window.location.assign(link);
    else if (link) window.open(link, target, "noopener");
    this.ctx.emit("click");
  }
}
