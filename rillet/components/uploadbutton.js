/**
 * UploadButton. Payload: the FileData of the files it uploaded last (a list for
 * `file_count` "multiple" or "directory"), or null.
 *
 * A button (label, variant, size, icon) that emits "click" and opens the file picker
 * (`file_types` sets what it offers and takes; a folder for "directory"). The chosen
 * files upload with their progress shown on the button, become the value, and emit
 * "upload" and "change". `interactive: false` disables it.
 */

import { addStyles, applyCommon, h, uid } from "rillet/block.js";
import { acceptOf, refusedOf, uploadFiles } from "rillet/components/file.js";

/**
 * Mount an upload button into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("uploadbutton", CSS);
  return new UploadButton(el, props, ctx);
}

class UploadButton {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { variant: "secondary", size: "lg", file_count: "single", ...props };
    this.value = props.value ?? null;
    this.busy = false;
    this.picker = h("input", { id: uid("uploadbutton"), type: "file", class: "rillet-file-input",
      tabindex: "-1", "aria-hidden": "true" });
    this.picker.addEventListener("change", () => {
      const files = [...(this.picker.files || [])];
      this.picker.value = "";
      if (files.length) this.upload(files);
    });
    this.button = h("button", { type: "button", class: "rillet-btn", "data-testid": "upload-button" });
    this.button.addEventListener("click", () => this.onClick());
    el.classList.add("rillet-button", "rillet-uploadbutton");
    el.append(this.button, this.picker);
    this.apply(this.props);
  }

  /** @returns {any} */
  get() {
    return this.value;
  }

  /** @param {any} value FileData, a list of them, or null */
  set(value) {
    const next = value ?? null;
    const same = JSON.stringify(next) === JSON.stringify(this.value);
    this.value = next;
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
    if ("label" in props || "icon" in props) this.showLabel(p.label ?? "");
    if ("interactive" in props) this.button.disabled = p.interactive === false || this.busy;
    this.picker.multiple = p.file_count === "multiple" || p.file_count === "directory";
    this.picker.toggleAttribute("webkitdirectory", p.file_count === "directory");
    const accept = acceptOf(p.file_types);
    if (accept && p.file_count !== "directory") this.picker.accept = accept;
    else this.picker.removeAttribute("accept");
  }

  showLabel(text) {
    const icon = this.props.icon ? h("img", { class: "rillet-button-icon", src: this.props.icon, alt: "" }) : null;
    this.button.replaceChildren(...[icon, text].filter((x) => x !== null && x !== ""));
  }

  onClick() {
    if (this.busy || this.props.interactive === false) return;
    this.ctx.emit("click");
    this.picker.click();
  }

  /** @param {File[]} files */
  async upload(files) {
    const types = this.props.file_count === "directory" ? null : this.props.file_types;
    const refused = refusedOf(files, types);
    if (refused.length) {
      this.ctx.toast?.({ level: "warning", title: "Invalid file type",
        message: `${refused.map((f) => f.name).join(", ")}: not one of ${types.join(", ")}.` });
    }
    const wanted = files.filter((f) => !refused.includes(f));
    if (!wanted.length) return;
    this.busy = true;
    this.button.disabled = true;
    this.el.classList.add("rillet-uploading");
    this.button.textContent = "Uploading… 0%";
    try {
      const data = await uploadFiles(this.ctx, wanted, (f) => {
        this.button.textContent = `Uploading… ${Math.round(f * 100)}%`;
      });
      this.value = this.picker.multiple ? data : data[0];
      this.ctx.emit("upload");
      this.ctx.emit("change");
    } catch (err) {
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
    } finally {
      this.busy = false;
      this.el.classList.remove("rillet-uploading");
      this.button.disabled = this.props.interactive === false;
      this.showLabel(this.props.label ?? "");
    }
  }
}

const CSS = `
.rillet-uploadbutton .rillet-btn { display: inline-flex; align-items: center; justify-content: center; gap: 8px; }
.rillet-uploadbutton .rillet-button-icon { width: 1.2em; height: 1.2em; object-fit: contain; }
`;
