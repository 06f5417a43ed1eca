/**
 * ImageSlider. Payload: `[FileData|null, FileData|null]` or null.
 *
 * The second image fills the frame; the first is drawn over it, cut at the divider, so the
 * first shows on the left and the second on the right. Drag anywhere on the images (or use
 * the arrow keys on the divider) to move it; `slider_position` (0 to 100) sets it. A click
 * that does not drag emits "select" with the pixel clicked, `{index: [x, y]}`.
 * Interactive: an image uploaded (picker or drop) becomes the first of a new pair
 * ("upload", "input", "change"); × clears it ("clear", "input", "change").
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";
import { toolbar } from "rillet/toolbar.js";

/** Pixels a pointer may move between press and release and still count as a click. */
const CLICK_SLOP = 4;

/**
 * Mount an image slider into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, slider_position, max_height, height, ...)
 * @param {Object} ctx {emit, upload, url, toast}
 * @returns {{get(): Array|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("imageslider", CSS);
  return new SliderView(el, props, ctx);
}

class SliderView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    this.position = clamp(Number(props.slider_position ?? 50));
    this.inputId = uid("imageslider");
    this.label = makeLabel(this.props, null);
    this.under = h("img", { class: "rillet-slider-img rillet-slider-under", alt: "" });
    this.over = h("img", { class: "rillet-slider-img rillet-slider-over", alt: "" });
    this.handle = h("div", { class: "rillet-slider-divider", role: "slider", tabindex: "0",
      "aria-label": "Divider position", "aria-valuemin": "0", "aria-valuemax": "100" },
    [h("span", { class: "rillet-slider-knob" })]);
    this.stack = h("div", { class: "rillet-slider-stack", "data-testid": "imageslider" },
      [this.under, this.over, this.handle]);
    this.empty = h("div", { class: "rillet-slider-empty" });
    this.frame = h("div", { class: "rillet-slider-frame" }, [this.stack, this.empty]);
    this.tools = toolbar(this.props.buttons, {
      download: () => this.downloadUrl(),
      downloadName: () => this.shownFile()?.orig_name || null,
      fullscreen: () => this.frame,
    });
    this.frame.append(this.tools.el);
    this.inputBar = h("div", { class: "rillet-slider-input" });
    el.classList.add("rillet-imageslider");
    el.append(this.label.el, this.frame, this.inputBar);
    applyCommon(el, this.props);
    this.applySize();
    this.listenForDrags();
    this.listenForDrops();
    this.renderInput();
    this.show();
  }

  /** @returns {Array|null} */
  get() {
    return this.value;
  }

  /** @param {Array|null} value */
  set(value) {
    this.value = Array.isArray(value) ? value : null;
    this.show();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("height" in props || "width" in props || "max_height" in props) this.applySize();
    if ("slider_position" in props) this.move(Number(props.slider_position));
    if ("interactive" in props) this.renderInput();
    if ("value" in props) this.set(props.value);
  }

  applySize() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.frame.style.height = css(this.props.height);
    this.frame.style.width = css(this.props.width);
    this.frame.style.maxHeight = css(this.props.max_height);
    this.frame.classList.toggle("rillet-slider-fixed", this.props.height != null);
  }

  /** @param {number} position 0 (all second image) to 100 (all first image) */
  move(position) {
    this.position = clamp(position);
    this.over.style.clipPath = `inset(0 ${100 - this.position}% 0 0)`;
    this.handle.style.left = `${this.position}%`;
    this.handle.setAttribute("aria-valuenow", String(Math.round(this.position)));
  }

  show() {
    const [first, second] = this.value || [null, null];
    const has = Boolean(first || second);
    this.stack.hidden = !has;
    this.empty.hidden = has;
    this.empty.replaceChildren(this.placeholder());
    // One image alone fills the frame (no divider) until its pair arrives.
    const base = second || first;
    const top = second ? first : null;
    this.under.src = base ? this.ctx.url(base) : "";
    this.under.hidden = !base;
    this.over.hidden = !top;
    this.handle.hidden = !top;
    if (top) this.over.src = this.ctx.url(top);
    else this.over.removeAttribute("src");
    if (!base) this.under.removeAttribute("src");
    this.move(this.position);
    if (this.clearButton) this.clearButton.hidden = !has;
    this.tools.update();
  }

  shownFile() {
    const [first, second] = this.value || [null, null];
    return second || first || null;
  }

  downloadUrl() {
    const file = this.shownFile();
    return file ? this.ctx.url(file) : null;
  }

  listenForDrags() {
    /** @type {{x: number, y: number, moved: boolean}|null} */
    let press = null;
    const at = (/** @type {PointerEvent} */ e) => {
      const box = this.stack.getBoundingClientRect();
      return box.width ? ((e.clientX - box.left) / box.width) * 100 : this.position;
    };
    this.stack.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      press = { x: e.clientX, y: e.clientY, moved: false };
      this.stack.setPointerCapture?.(e.pointerId);
    });
    this.stack.addEventListener("pointermove", (e) => {
      if (!press) return;
      if (Math.abs(e.clientX - press.x) + Math.abs(e.clientY - press.y) > CLICK_SLOP) press.moved = true;
      if (press.moved) this.move(at(e));
    });
    const release = (/** @type {PointerEvent} */ e) => {
      if (!press) return;
      const wasClick = !press.moved;
      press = null;
      if (wasClick && e.type === "pointerup") this.clicked(e);
    };
    this.stack.addEventListener("pointerup", release);
    this.stack.addEventListener("pointercancel", release);
    this.handle.addEventListener("keydown", (e) => {
      const step = e.shiftKey ? 10 : 1;
      if (e.key === "ArrowLeft") this.move(this.position - step);
      else if (e.key === "ArrowRight") this.move(this.position + step);
      else return;
      e.preventDefault();
    });
  }

  /** A click on the images: "select" with the pixel of the image under it. @param {PointerEvent} e */
  clicked(e) {
    const box = this.under.getBoundingClientRect();
    if (!box.width || !box.height) return;
    const x = Math.round(((e.clientX - box.left) / box.width) * (this.under.naturalWidth || box.width));
    const y = Math.round(((e.clientY - box.top) / box.height) * (this.under.naturalHeight || box.height));
    this.ctx.emit("select", { index: [x, y], value: null, selected: true });
  }

  // ---- input ----

  get interactive() {
    return this.props.interactive === true;
  }

  renderInput() {
    this.inputBar.replaceChildren();
    this.clearButton = null;
    this.inputBar.hidden = !this.interactive;
    this.frame.classList.toggle("rillet-dropzone", this.interactive);
    if (this.interactive) {
      const picker = h("input", { id: this.inputId, type: "file", accept: "image/*", class: "rillet-file-input",
        "aria-label": `Upload ${this.props.label || "image"}` });
      picker.addEventListener("change", () => {
        if (picker.files && picker.files[0]) this.uploadFile(picker.files[0]);
        picker.value = "";
      });
      const clear = h("button", { type: "button", class: "rillet-icon-btn", "aria-label": "Remove image", text: "×" });
      clear.addEventListener("click", () => this.clear());
      this.clearButton = clear;
      this.inputBar.append(picker, clear);
    }
    this.show();
  }

  placeholder() {
    if (!this.interactive) return h("span", { text: "No images" });
    return h("label", { class: "rillet-drop-hint", for: this.inputId },
      [h("span", { text: "Drop image here" }), h("span", { class: "rillet-muted", text: "- or -" }),
        h("span", { text: "Click to upload" })]);
  }

  listenForDrops() {
    for (const type of ["dragenter", "dragover"]) {
      this.frame.addEventListener(type, (e) => {
        if (!this.interactive) return;
        e.preventDefault();
        this.frame.classList.add("rillet-dragover");
      });
    }
    this.frame.addEventListener("dragleave", () => this.frame.classList.remove("rillet-dragover"));
    this.frame.addEventListener("drop", (e) => {
      if (!this.interactive) return;
      e.preventDefault();
      this.frame.classList.remove("rillet-dragover");
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) this.uploadFile(file);
    });
  }

  /** @param {File} file */
  async uploadFile(file) {
    if (!file.type.startsWith("image/")) {
      this.ctx.toast?.({ level: "warning", message: `${file.name} is not an image.` });
      return;
    }
    this.el.classList.add("rillet-uploading");
    try {
      const [data] = await this.ctx.upload([file]);
      this.value = [data, null];
      this.show();
      this.ctx.emit("upload");
      this.ctx.emit("input");
      this.ctx.emit("change");
    } catch (err) {
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
    } finally {
      this.el.classList.remove("rillet-uploading");
    }
  }

  clear() {
    if (this.value === null) return;
    this.value = null;
    this.show();
    this.ctx.emit("clear");
    this.ctx.emit("input");
    this.ctx.emit("change");
  }
}

/** @param {number} v */
function clamp(v) {
  return Number.isFinite(v) ? Math.min(100, Math.max(0, v)) : 50;
}

const CSS = `
.rillet-slider-frame { position: relative; display: flex; align-items: center; justify-content: center;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); background: var(--rillet-subtle);
  min-height: 200px; overflow: hidden; }
.rillet-imageslider.rillet-bare .rillet-slider-frame { border: none; }
.rillet-slider-frame:fullscreen { background: var(--rillet-bg); max-height: none !important; }
.rillet-slider-stack { position: relative; line-height: 0; width: 100%; max-height: inherit;
  touch-action: none; user-select: none; cursor: ew-resize; }
.rillet-slider-stack[hidden] { display: none; }
.rillet-slider-img { display: block; width: 100%; height: auto; max-height: inherit; object-fit: contain;
  pointer-events: none; -webkit-user-drag: none; }
.rillet-slider-fixed .rillet-slider-stack, .rillet-slider-fixed .rillet-slider-under { height: 100%; }
.rillet-slider-over { position: absolute; inset: 0; width: 100%; height: 100%; }
.rillet-slider-img[hidden] { display: none; }
.rillet-slider-divider { position: absolute; top: 0; bottom: 0; width: 2px; margin-left: -1px;
  background: var(--rillet-primary); outline: none; }
.rillet-slider-divider[hidden] { display: none; }
.rillet-slider-knob { position: absolute; top: 50%; left: 50%; width: 26px; height: 26px;
  transform: translate(-50%, -50%); border-radius: 50%; background: var(--rillet-primary);
  border: 2px solid var(--rillet-bg); box-sizing: border-box; }
.rillet-slider-divider:focus-visible .rillet-slider-knob { border-width: 3px; }
.rillet-slider-empty { color: var(--rillet-muted); padding: 24px; text-align: center; }
.rillet-slider-empty[hidden] { display: none; }
.rillet-slider-input { display: flex; justify-content: flex-end; gap: 6px; margin-top: 4px; }
.rillet-slider-input[hidden] { display: none; }
.rillet-imageslider .rillet-file-input { position: absolute; width: 1px; height: 1px; opacity: 0; }
.rillet-slider-frame.rillet-dragover { border-color: var(--rillet-primary); }
`;
