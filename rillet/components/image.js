/**
 * Image. Payload: a FileData ({path, url, orig_name, mime_type, size, meta}) or null.
 *
 * Output: an `<img>` that is replaced only once the next image has decoded, so a stream
 * of frames never flashes blank; when frames come faster than they decode, the latest
 * wins. Input (interactive): a drop zone / file picker that uploads through
 * `ctx.upload` and keeps the returned FileData; emits "upload" and "change", and
 * "clear" when the image is removed. The "webcam" source (`../webcam.js`) shows the
 * camera: Capture takes a snapshot (uploaded like a file); a streaming input
 * (`streaming=True` or a `.stream()` listener) sends frames to its live event while
 * "● Stream" is on. The "clipboard" source is not implemented.
 *
 * Chrome (`buttons`): download and fullscreen in the top-right corner while there is an
 * image (`../toolbar.js`). Empty: an upload input shows an icon and "Drop Image Here - or -
 * Click to Upload" (the whole frame picks a file); a webcam-only input "Click to Access
 * Webcam" (opens the camera); an output a faint image icon (or its `placeholder`).
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";
import { emptyState, fileName, toolbar } from "rillet/toolbar.js";
import { WebcamInput } from "rillet/webcam.js";

/**
 * Mount an image view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, interactive, sources, height, width, ...)
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new ImageView(el, props, ctx);
}

class ImageView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    this.shownUrl = null;
    this.token = 0;
    this.inputId = uid("image");
    this.label = makeLabel(this.props, null);
    addStyles("image", CSS);
    this.frame = h("div", { class: "rillet-image-frame rillet-fullscreen-target", "data-testid": "image" });
    this.tools = h("div", { class: "rillet-image-tools" });
    this.bar = toolbar(this.props.buttons, {
      download: () => this.urlOf(this.value),
      downloadName: () => fileName(this.value, "image"),
      fullscreen: () => (this.urlOf(this.value) ? this.frame : null),
    });
    el.classList.add("rillet-image");
    el.append(h("div", { class: "rillet-image-head" }, [this.label.el, this.tools]), this.frame);
    applyCommon(el, this.props);
    this.applySize();
    this.webcam = (this.props.sources || []).includes("webcam") ? new WebcamInput(this) : null;
    this.listenForDrops();
    this.render();
  }

  /** A live event answered the last webcam frame. */
  streamAnswered() {
    if (this.webcam) this.webcam.answeredOne();
  }

  /** A live event fed by the webcam ended by itself. */
  streamEnded() {
    if (this.webcam) this.webcam.ended();
  }

  /** A streamed webcam frame is the value (the preview keeps showing the camera). */
  setFrame(payload) {
    this.value = payload;
  }

  /** A webcam snapshot: uploaded as the new value. */
  captured(file) {
    return this.uploadFile(file);
  }

  /** @returns {Object|null} */
  get() {
    return this.value;
  }

  /** @param {Object|null} value FileData */
  set(value) {
    const next = value ?? null;
    if (this.urlOf(next) === this.urlOf(this.value)) {
      this.value = next;
      return;
    }
    this.value = next;
    this.show();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const rebuild = "interactive" in props && props.interactive !== this.props.interactive;
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("height" in props || "width" in props) this.applySize();
    if (rebuild) this.render();
    if ("value" in props) this.set(props.value);
  }

  urlOf(value) {
    return value ? this.ctx.url(value) : null;
  }

  applySize() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.frame.style.height = css(this.props.height);
    this.frame.style.width = css(this.props.width);
  }

  render() {
    this.tools.replaceChildren(this.bar.el);
    this.clearButton = null;
    this.frame.classList.toggle("rillet-dropzone", this.interactive);
    if (this.interactive) this.renderInput();
    this.shownUrl = null;
    this.show();
  }

  get interactive() {
    return this.props.interactive === true;
  }

  renderInput() {
    if (this.webcam) this.tools.append(this.webcam.control());
    if (!(this.props.sources || ["upload"]).includes("upload")) return;
    const picker = h("input", { id: this.inputId, type: "file", accept: "image/*", class: "rillet-file-input",
      "aria-label": `Upload ${this.props.label || "image"}` });
    picker.addEventListener("change", () => {
      if (picker.files && picker.files[0]) this.uploadFile(picker.files[0]);
      picker.value = "";
    });
    const clear = h("button", { type: "button", class: "rillet-icon-btn", "aria-label": "Remove image", text: "×" });
    clear.addEventListener("click", () => this.clear());
    this.clearButton = clear;
    this.tools.append(picker, clear);
  }

  listenForDrops() {
    for (const type of ["dragenter", "dragover"]) {
      this.frame.addEventListener(type, (e) => this.onDrag(e, true));
    }
    this.frame.addEventListener("dragleave", (e) => this.onDrag(e, false));
    this.frame.addEventListener("drop", (e) => this.onDrop(e));
  }

  onDrag(event, over) {
    if (!this.interactive) return;
    event.preventDefault();
    this.frame.classList.toggle("rillet-dragover", over);
  }

  onDrop(event) {
    if (!this.interactive) return;
    event.preventDefault();
    this.frame.classList.remove("rillet-dragover");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) this.uploadFile(file);
  }

  async uploadFile(file) {
    if (!file.type.startsWith("image/")) {
      this.ctx.toast?.({ level: "warning", message: `${file.name} is not an image.` });
      return;
    }
    const token = ++this.token;
    this.showPreview(URL.createObjectURL(file));
    this.el.classList.add("rillet-uploading");
    try {
      const [data] = await this.ctx.upload([file]);
      if (token !== this.token) return;
      this.value = data;
      this.ctx.emit("upload");
      this.ctx.emit("change");
    } catch (err) {
      if (token !== this.token) return;
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
      this.value = null;
      this.show();
    } finally {
      this.el.classList.remove("rillet-uploading");
    }
  }

  clear() {
    if (this.value === null) return;
    this.token += 1;
    this.value = null;
    this.show();
    this.ctx.emit("clear");
    this.ctx.emit("change");
  }

  /** Show the current value; the old image stays until the new one has decoded. */
  async show() {
    if (this.webcam && this.webcam.media) return; // the camera's preview stays
    const url = this.urlOf(this.value);
    if (this.clearButton) this.clearButton.hidden = !url;
    this.bar.update();
    if (!url) {
      this.showEmpty();
      return;
    }
    if (url === this.shownUrl) return;
    const token = ++this.token;
    const img = new Image();
    img.alt = this.props.label || "image";
    img.src = url;
    try {
      await img.decode();
    } catch {
      // Broken or undecodable: show it anyway (the browser draws its broken-image icon).
    }
    if (token !== this.token) return;
    this.shownUrl = url;
    this.frame.replaceChildren(img);
  }

  /** The empty state, whatever the value (a streaming webcam that stopped). */
  showEmpty() {
    ++this.token;
    this.shownUrl = null;
    this.frame.replaceChildren(this.placeholder());
  }

  showPreview(objectUrl) {
    const img = h("img", { src: objectUrl, alt: this.props.label || "image" });
    img.addEventListener("load", () => URL.revokeObjectURL(objectUrl), { once: true });
    this.shownUrl = objectUrl;
    this.frame.replaceChildren(img);
    if (this.clearButton) this.clearButton.hidden = false;
  }

  get uploads() {
    return (this.props.sources || ["upload"]).includes("upload");
  }

  /** What an empty frame shows: the drop hint, the webcam's, or a faint icon. */
  placeholder() {
    const text = this.props.placeholder;
    if (this.interactive && this.uploads) {
      return emptyState({ icon: "upload", lines: text ? [text] : ["Drop Image Here", "- or -", "Click to Upload"],
        for: this.inputId, testid: "image-drop" });
    }
    if (this.interactive && this.webcam) {
      return emptyState({ icon: "webcam", lines: ["Click to Access Webcam"], testid: "image-webcam",
        onclick: () => this.webcam.toggle() });
    }
    return emptyState({ icon: "image", lines: text ? [text] : [], testid: "image-empty" });
  }
}

const CSS = `
.rillet-image-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.rillet-image-head > .rillet-image-tools { position: static; display: flex; align-items: center; gap: 4px;
  margin: -4px -4px 4px auto; }
.rillet-image-tools .rillet-toolbar { position: static; }
.rillet-image-frame { min-height: 200px; }
.rillet-image-frame > .rillet-empty-state { min-height: 200px; }
`;
