/**
 * Gallery. Payload: a list of `{image: FileData, caption}` or `{video: FileData, caption}`.
 *
 * A grid of tiles (`columns`, `rows`/`height`, `object_fit`); a click selects a tile
 * ("select" with `{index, value}`) and, with `allow_preview`, opens the preview: the item
 * large, previous/next (buttons, arrow keys), a strip of thumbnails, close (button,
 * Escape) ("preview_open"/"preview_close"). A streamed gallery that grew (edits that only
 * `add` items at its end) appends the new tiles and leaves the others as they are (so
 * does any new list: tiles of unchanged items are kept).
 * Interactive: upload (picker or drop) appends the files ("upload", "change"); a tile's ×
 * removes it ("delete" with `{index, value}`, "change").
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";
import { toolbar } from "rillet/toolbar.js";

/**
 * @typedef {{image?: Object, video?: Object, caption?: (string|null)}} GalleryItem
 */

/**
 * Mount a gallery into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, columns, rows, height, allow_preview, ...)
 * @param {Object} ctx {emit, upload, url, toast}
 * @returns {{get(): Array<GalleryItem>, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("gallery", CSS);
  return new GalleryView(el, props, ctx);
}

class GalleryView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    /** @type {Array<GalleryItem>} */
    this.value = Array.isArray(props.value) ? props.value : [];
    /** @type {number|null} */
    this.selected = null;
    this.inputId = uid("gallery");
    this.label = makeLabel(this.props, null);
    this.grid = h("div", { class: "rillet-gallery-grid", "data-testid": "gallery" });
    this.empty = h("div", { class: "rillet-gallery-empty" });
    this.preview = h("div", { class: "rillet-gallery-preview", "data-testid": "gallery-preview", tabindex: "-1" });
    this.preview.hidden = true;
    this.frame = h("div", { class: "rillet-gallery-frame" }, [this.preview, this.grid, this.empty]);
    this.tools = toolbar(this.props.buttons, {
      download: () => this.downloadUrl(),
      downloadName: () => this.fileOf(this.current())?.orig_name || null,
      fullscreen: () => this.frame,
    });
    this.frame.append(this.tools.el);
    this.inputBar = h("div", { class: "rillet-gallery-input" });
    el.classList.add("rillet-gallery");
    el.append(this.label.el, this.frame, this.inputBar);
    applyCommon(el, this.props);
    this.preview.addEventListener("keydown", (e) => this.onKey(e));
    this.listenForDrops();
    this.applyLayout();
    this.renderInput();
    this.renderAll();
    if (this.props.selected_index != null) this.select(this.props.selected_index, false);
    else if (this.props.preview && this.value.length) this.select(0, false);
  }

  /** @returns {Array<GalleryItem>} */
  get() {
    return this.value;
  }

  /**
   * Show a new list. Tiles of items that stay the same (same file, same caption, same
   * place) are kept as they are, so a streamed gallery that grew only adds the new tiles,
   * whether it came as edits or whole (the last message of a stream).
   * @param {any} value the new list
   */
  set(value) {
    const next = Array.isArray(value) ? value : [];
    const old = this.value;
    this.value = next;
    const tiles = Array.from(this.grid.children);
    if (tiles.length !== old.length) {
      this.renderAll();
    } else {
      for (let i = 0; i < Math.min(old.length, next.length); i++) {
        if (!this.sameItem(old[i], next[i])) tiles[i].replaceWith(this.tile(next[i], i));
      }
      for (let i = next.length; i < tiles.length; i++) tiles[i].remove();
      for (let i = old.length; i < next.length; i++) this.grid.append(this.tile(next[i], i));
      this.empty.hidden = next.length > 0;
      this.inputBar.hidden = !this.interactive || next.length === 0;
      if (old.length !== next.length) this.applyLayout();
    }
    if (this.selected !== null && this.selected >= next.length) this.closePreview(false);
    if (this.selected !== null) this.renderPreview();
    this.tools.update();
    this.ctx.emit("change");
  }

  /**
   * @param {GalleryItem} a
   * @param {GalleryItem} b
   */
  sameItem(a, b) {
    const fa = this.fileOf(a);
    const fb = this.fileOf(b);
    return Boolean(a && b && fa && fb) && Boolean(a.video) === Boolean(b.video)
      && (a.caption ?? null) === (b.caption ?? null) && this.ctx.url(fa) === this.ctx.url(fb);
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if (["columns", "rows", "height", "object_fit", "fit_columns"].some((k) => k in props)) this.applyLayout();
    if ("interactive" in props) this.renderInput();
    if ("value" in props) this.set(props.value);
    if ("selected_index" in props) {
      if (props.selected_index == null) this.closePreview(false);
      else this.select(props.selected_index, false);
    }
  }

  // ---- layout ----

  applyLayout() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    const cols = this.props.columns;
    let count = Math.max(1, Number(Array.isArray(cols) ? cols[cols.length - 1] : cols) || 2);
    // fit_columns: fewer items than columns share the width (as in Gradio).
    if (this.props.fit_columns !== false && this.value.length) count = Math.min(count, this.value.length);
    this.grid.style.gridTemplateColumns = `repeat(${count}, minmax(0, 1fr))`;
    this.frame.style.height = this.props.height === "auto" ? "" : css(this.props.height);
    this.frame.classList.toggle("rillet-gallery-fixed", this.props.height != null && this.props.height !== "auto");
    const rows = Number(this.props.rows);
    this.grid.style.gridAutoRows = "";
    if (rows > 0 && this.props.height != null && this.props.height !== "auto") {
      this.grid.style.gridAutoRows = `calc((100% - ${rows - 1} * 6px) / ${rows})`;
    }
    this.el.style.setProperty("--rillet-gallery-fit", this.props.object_fit || "cover");
  }

  renderAll() {
    this.applyLayout();
    this.grid.replaceChildren(...this.value.map((item, i) => this.tile(item, i)));
    this.empty.replaceChildren(...(this.interactive
      ? [h("label", { class: "rillet-drop-hint", for: this.inputId },
        [h("span", { text: "Drop images here" }), h("span", { class: "rillet-muted", text: "- or -" }),
          h("span", { text: "Click to upload" })])]
      : [h("span", { text: "No images" })]));
    this.empty.hidden = this.value.length > 0;
    this.inputBar.hidden = !this.interactive || this.value.length === 0; // empty: the drop zone
    if (this.selected !== null) this.renderPreview();
  }

  /**
   * @param {GalleryItem} item
   * @param {number} index
   */
  tile(item, index) {
    const button = h("button", { type: "button", class: "rillet-gallery-tile", "data-index": String(index),
      "aria-label": item.caption || `Item ${index + 1}` });
    button.append(this.media(item, true));
    if (item.caption) button.append(h("span", { class: "rillet-gallery-caption", text: item.caption }));
    button.addEventListener("click", () => this.select(Number(button.dataset.index), true));
    if (!this.interactive) return button;
    const remove = h("span", { class: "rillet-gallery-remove", role: "button", "aria-label": "Remove", text: "×" });
    remove.addEventListener("click", (e) => {
      e.stopPropagation();
      this.remove(Number(button.dataset.index));
    });
    button.append(remove);
    return button;
  }

  /**
   * @param {GalleryItem} item
   * @param {boolean} thumb a tile's thumbnail (videos muted, no controls)
   */
  media(item, thumb) {
    const file = this.fileOf(item);
    const src = file ? this.ctx.url(file) : "";
    if (item.video) {
      const video = h("video", { src, muted: true, playsinline: true, preload: "metadata",
        controls: !thumb, class: "rillet-gallery-media" });
      video.muted = true;
      return video;
    }
    return h("img", { src, alt: item.caption || file?.orig_name || "", loading: thumb ? "lazy" : null,
      class: "rillet-gallery-media" });
  }

  /** @param {GalleryItem|null|undefined} item */
  fileOf(item) {
    return item ? item.image || item.video || null : null;
  }

  current() {
    return this.value[this.selected ?? 0] ?? null;
  }

  downloadUrl() {
    const file = this.fileOf(this.current());
    return file ? this.ctx.url(file) : null;
  }

  // ---- selection and preview ----

  /**
   * Select item `index` (the preview shows it when allowed).
   * @param {number} index
   * @param {boolean} byUser a click: emits "select" (and "preview_open")
   */
  select(index, byUser) {
    if (!this.value.length) return;
    const i = ((index % this.value.length) + this.value.length) % this.value.length;
    const opening = this.selected === null;
    this.selected = i;
    for (const t of this.grid.children) t.classList.toggle("rillet-selected", Number(t.getAttribute("data-index")) === i);
    if (this.props.allow_preview !== false) {
      this.renderPreview();
      if (byUser) this.preview.focus({ preventScroll: true }); // arrow keys and Escape work
      if (opening && byUser) this.ctx.emit("preview_open");
    }
    if (byUser) this.ctx.emit("select", { index: i, value: this.value[i], selected: true });
  }

  /** @param {boolean} byUser */
  closePreview(byUser) {
    const wasOpen = !this.preview.hidden;
    this.selected = null;
    this.preview.hidden = true;
    this.grid.hidden = false;
    for (const t of this.grid.children) t.classList.remove("rillet-selected");
    if (wasOpen && byUser) this.ctx.emit("preview_close");
  }

  renderPreview() {
    if (this.props.allow_preview === false || this.selected === null) return;
    const item = this.value[this.selected];
    if (!item) return;
    const i = this.selected;
    const close = h("button", { type: "button", class: "rillet-gallery-close", "aria-label": "Close preview", text: "×" });
    close.addEventListener("click", () => this.closePreview(true));
    const prev = h("button", { type: "button", class: "rillet-gallery-nav rillet-gallery-prev", "aria-label": "Previous", text: "‹" });
    const next = h("button", { type: "button", class: "rillet-gallery-nav rillet-gallery-next", "aria-label": "Next", text: "›" });
    prev.addEventListener("click", () => this.select(i - 1, true));
    next.addEventListener("click", () => this.select(i + 1, true));
    const main = h("div", { class: "rillet-gallery-large" }, [this.media(item, false)]);
    const caption = item.caption ? h("div", { class: "rillet-gallery-large-caption", text: item.caption }) : null;
    const strip = h("div", { class: "rillet-gallery-strip" });
    this.value.forEach((it, j) => {
      const thumb = h("button", { type: "button", class: "rillet-gallery-thumb", "aria-label": it.caption || `Item ${j + 1}` });
      thumb.classList.toggle("rillet-selected", j === i);
      thumb.append(this.media(it, true));
      thumb.addEventListener("click", () => this.select(j, true));
      strip.append(thumb);
    });
    this.preview.replaceChildren(close, prev, main, next, ...(caption ? [caption] : []), strip);
    this.preview.hidden = false;
    this.grid.hidden = true;
    this.empty.hidden = true;
    strip.children[i]?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    this.tools.update();
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    if (this.selected === null) return;
    if (e.key === "ArrowLeft") this.select(this.selected - 1, true);
    else if (e.key === "ArrowRight") this.select(this.selected + 1, true);
    else if (e.key === "Escape") this.closePreview(true);
    else return;
    e.preventDefault();
  }

  // ---- input ----

  get interactive() {
    return this.props.interactive === true;
  }

  renderInput() {
    this.inputBar.replaceChildren();
    this.inputBar.hidden = !this.interactive;
    this.frame.classList.toggle("rillet-dropzone", this.interactive);
    if (!this.interactive) return;
    const accept = (this.props.file_types || ["image", "video"])
      .map((t) => (t.startsWith(".") ? t : `${t}/*`)).join(",");
    const picker = h("input", { id: this.inputId, type: "file", multiple: true, accept,
      class: "rillet-file-input", "aria-label": `Upload to ${this.props.label || "gallery"}` });
    picker.addEventListener("change", () => {
      if (picker.files && picker.files.length) this.uploadFiles(Array.from(picker.files));
      picker.value = "";
    });
    this.inputBar.append(h("label", { class: "rillet-gallery-upload", for: this.inputId, text: "Add images" }), picker);
    this.renderAll();
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
      const files = e.dataTransfer ? Array.from(e.dataTransfer.files) : [];
      if (files.length) this.uploadFiles(files);
    });
  }

  /** @param {Array<File>} files */
  async uploadFiles(files) {
    const media = files.filter((f) => f.type.startsWith("image/") || f.type.startsWith("video/"));
    if (media.length < files.length) {
      this.ctx.toast?.({ level: "warning", message: "Only images and videos can be added." });
    }
    if (!media.length) return;
    this.el.classList.add("rillet-uploading");
    try {
      const data = await this.ctx.upload(media);
      const added = data.map((file, i) => (media[i].type.startsWith("video/")
        ? { video: file, caption: null } : { image: file, caption: null }));
      this.value = [...this.value, ...added];
      this.renderAll();
      this.tools.update();
      this.ctx.emit("upload");
      this.ctx.emit("change");
    } catch (err) {
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
    } finally {
      this.el.classList.remove("rillet-uploading");
    }
  }

  /** @param {number} index */
  remove(index) {
    const item = this.value[index];
    if (!item) return;
    this.value = this.value.filter((_, i) => i !== index);
    if (this.selected !== null) this.closePreview(false);
    this.renderAll();
    this.tools.update();
    this.ctx.emit("delete", { index, value: item });
    this.ctx.emit("change");
  }
}

const CSS = `
.rillet-gallery-frame { position: relative; border: 1px solid var(--rillet-border);
  border-radius: var(--rillet-radius); background: var(--rillet-subtle); min-height: 200px;
  overflow: auto; padding: 6px; box-sizing: border-box; }
.rillet-gallery.rillet-bare .rillet-gallery-frame { border: none; padding: 0; }
.rillet-gallery-grid { display: grid; gap: 6px; }
.rillet-gallery-grid[hidden] { display: none; }
.rillet-gallery-fixed .rillet-gallery-grid { height: 100%; }
.rillet-gallery-tile { position: relative; display: block; padding: 0; margin: 0; aspect-ratio: 1;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); overflow: hidden;
  background: var(--rillet-bg); cursor: pointer; min-height: 0; }
.rillet-gallery-fixed .rillet-gallery-grid[style*="grid-auto-rows: calc"] .rillet-gallery-tile { aspect-ratio: auto; }
.rillet-gallery-tile:hover, .rillet-gallery-tile.rillet-selected { border-color: var(--rillet-primary); }
.rillet-gallery-tile .rillet-gallery-media { width: 100%; height: 100%; display: block;
  object-fit: var(--rillet-gallery-fit, cover); }
.rillet-gallery-caption { position: absolute; right: 6px; bottom: 6px; max-width: calc(100% - 12px); box-sizing: border-box; padding: 2px 8px;
  border-radius: 4px; background: var(--rillet-bg); color: var(--rillet-text); font-size: 12px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; opacity: 0.92; }
.rillet-gallery-remove { position: absolute; top: 4px; right: 4px; width: 22px; height: 22px;
  line-height: 20px; text-align: center; border-radius: 50%; background: var(--rillet-bg);
  color: var(--rillet-text); border: 1px solid var(--rillet-border); }
.rillet-gallery-empty { display: flex; align-items: center; justify-content: center; min-height: 188px;
  color: var(--rillet-muted); }
.rillet-gallery-empty[hidden] { display: none; }
.rillet-gallery-preview { position: relative; display: flex; flex-direction: column; align-items: center;
  gap: 6px; height: 100%; min-height: 320px; outline: none; }
.rillet-gallery-preview[hidden] { display: none; }
.rillet-gallery-large { flex: 1; min-height: 0; width: 100%; height: min(60vh, 480px); display: flex;
  align-items: center; justify-content: center; }
.rillet-gallery-fixed .rillet-gallery-large { height: auto; }
.rillet-gallery-large .rillet-gallery-media { width: 100%; height: 100%; object-fit: contain; }
.rillet-gallery-large-caption { color: var(--rillet-text); font-size: 14px; }
.rillet-gallery-strip { display: flex; gap: 6px; overflow-x: auto; max-width: 100%; padding: 2px; }
.rillet-gallery-thumb { flex: 0 0 auto; width: 56px; height: 56px; padding: 0;
  border: 2px solid transparent; border-radius: 6px; overflow: hidden; background: var(--rillet-bg);
  cursor: pointer; }
.rillet-gallery-thumb.rillet-selected { border-color: var(--rillet-primary); }
.rillet-gallery-thumb .rillet-gallery-media { width: 100%; height: 100%; object-fit: cover; }
.rillet-gallery-close, .rillet-gallery-nav { position: absolute; z-index: 4; border: 1px solid var(--rillet-border);
  background: var(--rillet-bg); color: var(--rillet-text); border-radius: 6px; cursor: pointer;
  font-size: 20px; line-height: 1; width: 32px; height: 32px; padding: 0; }
.rillet-gallery-close { top: 0; left: 0; }
.rillet-gallery-nav { top: 40%; }
.rillet-gallery-prev { left: 0; }
.rillet-gallery-next { right: 0; }
.rillet-gallery-close:hover, .rillet-gallery-nav:hover { border-color: var(--rillet-primary); }
.rillet-gallery-input { margin-top: 6px; }
.rillet-gallery-input[hidden] { display: none; }
.rillet-gallery-upload { display: inline-block; padding: 4px 10px; border: 1px solid var(--rillet-input-border);
  border-radius: var(--rillet-radius); background: var(--rillet-bg); color: var(--rillet-text); cursor: pointer; }
.rillet-gallery .rillet-file-input { position: absolute; width: 1px; height: 1px; opacity: 0; }
.rillet-gallery-frame.rillet-dragover { border-color: var(--rillet-primary); }
.rillet-gallery-frame:fullscreen { background: var(--rillet-bg); }
`;
