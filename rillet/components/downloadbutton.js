/**
 * DownloadButton. Payload: the FileData of the file it downloads, or null.
 *
 * A button (label, variant, size, icon): a click downloads the value under its name and
 * emits "click". With no value a click only emits "click" (as in Gradio, whose button
 * stays enabled: a listener may give it the file to download next); `interactive: false`
 * disables it. `data-has-file` on the button says whether it holds a file.
 */

import { addStyles, applyCommon, h } from "rillet/block.js";

/**
 * Mount a download button into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("downloadbutton", CSS);
  return new DownloadButton(el, props, ctx);
}

class DownloadButton {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { variant: "secondary", size: "lg", ...props };
    this.value = props.value ?? null;
    this.button = h("button", { type: "button", class: "rillet-btn", "data-testid": "download-button" });
    this.button.addEventListener("click", () => this.onClick());
    el.classList.add("rillet-button", "rillet-downloadbutton");
    el.append(this.button);
    this.apply(this.props);
  }

  /** @returns {any} */
  get() {
    return this.value;
  }

  /** @param {any} value FileData or null */
  set(value) {
    const next = value ?? null;
    const same = JSON.stringify(next) === JSON.stringify(this.value);
    this.value = next;
    this.enable();
    if (!same) this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.apply(props);
    if ("value" in props) this.set(props.value);
  }

  apply(props) {
    applyCommon(this.el, props);
    const p = this.props;
    if ("variant" in props || "size" in props) {
      this.button.className = `rillet-btn rillet-btn-${p.variant || "secondary"} rillet-btn-${p.size || "lg"}`;
    }
    if ("label" in props || "icon" in props) {
      const icon = p.icon ? h("img", { class: "rillet-button-icon", src: p.icon, alt: "" }) : null;
      this.button.replaceChildren(...[icon, p.label ?? ""].filter((x) => x !== null && x !== ""));
    }
    this.enable();
  }

  enable() {
    this.button.disabled = this.props.interactive === false;
    this.button.dataset.hasFile = this.value ? "1" : "0";
  }

  onClick() {
    const file = this.value;
    if (this.props.interactive === false) return;
    if (file) this.download(file);
    this.ctx.emit("click");
  }

  download(file) {
    const url = this.ctx.url(file);
    const name = file.orig_name || String(file.path || "").split("/").pop() || "file";
    const a = h("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
  }
}

const CSS = `
.rillet-downloadbutton .rillet-btn { display: inline-flex; align-items: center; justify-content: center; gap: 8px; }
.rillet-downloadbutton .rillet-button-icon { width: 1.2em; height: 1.2em; object-fit: contain; }
`;
