/**
 * ImageEditor (also Sketchpad, Paint, ImageMask). Payload: {background, layers, composite,
 * id} with a FileData (or null) per image, or null.
 *
 * A canvas of `canvas_size` (or the background's size unless `fixed_canvas`) shows the
 * background under the layers. Interactive: Upload (or drop) a background; draw with the
 * brush (colours from `brush.colors`, a free picker when `color_mode` is "defaults", an
 * opacity per colour), erase, pick or add a layer (`layers`), undo a stroke, clear. After
 * each stroke the composite and the layers are uploaded as PNGs through `ctx.upload` and
 * become the value; only then "input" and "change" are emitted, so a listener reads the
 * drawing. An uploaded background emits "upload" and "change"; clearing "clear" and
 * "change". Crop and resize tools, the webcam and the clipboard are not offered.
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";
import { fileName, toolbar } from "rillet/toolbar.js";

/**
 * Mount an image editor into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, brush, eraser, layers, canvas_size, ...)
 * @param {Object} ctx {emit, upload, url, toast}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new ImageEditorView(el, props, ctx);
}

/** @typedef {{name: string, canvas: HTMLCanvasElement}} Layer */

class ImageEditorView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    this.token = 0;
    /** @type {HTMLCanvasElement|null} */
    this.background = null;
    this.backgroundData = null;
    /** @type {Layer[]} */
    this.layers = [];
    this.active = 0;
    this.tool = "brush";
    this.w = 1;
    this.h = 1;
    /** @type {string} */
    this.color = "#000000";
    /** @type {number} */
    this.opacity = 1;
    /** @type {{index: number, data: ImageData}[]} */
    this.undoStack = [];
    this.points = null;
    /** @type {{el: HTMLElement, update(): void}|null} */
    this.buttons = null;
    this.inputId = uid("imageeditor");
    addStyles("imageeditor", CSS);
    this.label = makeLabel(this.props, null);
    this.bar = h("div", { class: "rillet-editor-bar" });
    this.display = h("canvas", { class: "rillet-editor-canvas", "data-testid": "imageeditor-canvas" });
    this.stroke = h("canvas");
    this.hint = h("div", { class: "rillet-editor-hint" });
    this.frame = h("div", { class: "rillet-editor-frame rillet-fullscreen-target" }, [this.display, this.hint]);
    this.renderButtons();
    el.classList.add("rillet-imageeditor");
    el.append(this.label.el, this.bar, this.frame);
    applyCommon(el, this.props);
    this.resetCanvas(this.canvasSize());
    this.listen();
    this.renderBar();
    this.applySize();
    this.load(this.value);
  }

  /** @returns {Object|null} */
  get() {
    return this.value;
  }

  /** @param {Object|null} value {background, layers, composite} of FileData */
  set(value) {
    const next = value ?? null;
    if (JSON.stringify(next) === JSON.stringify(this.value)) return;
    this.value = next;
    this.buttons?.update();
    this.load(next);
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if (["brush", "eraser", "layers", "interactive", "sources"].some((k) => k in props)) {
      if ("layers" in props) this.nameLayers();
      this.renderBar();
    }
    if ("buttons" in props) this.renderButtons();
    if ("height" in props || "width" in props) this.applySize();
    if ("value" in props) this.set(props.value);
  }

  get interactive() {
    return this.props.interactive !== false;
  }

  get uploads() {
    return (this.props.sources || []).includes("upload");
  }

  /** @returns {[number, number]} */
  canvasSize() {
    const size = this.props.canvas_size || [800, 800];
    return [Math.max(1, Math.round(size[0])), Math.max(1, Math.round(size[1]))];
  }

  layerNames() {
    const opts = this.props.layers || {};
    const names = opts.disabled ? [] : opts.layers || [];
    return names.length ? [...names] : ["Layer 1"];
  }

  /** Empty layers (named per `layers`) of `size`; no background. */
  resetCanvas(size) {
    [this.w, this.h] = size;
    this.display.width = this.stroke.width = this.w;
    this.display.height = this.stroke.height = this.h;
    this.applySize();
    this.layers = this.layerNames().map((name) => ({ name, canvas: blank(this.w, this.h) }));
    this.active = 0;
    this.background = null;
    this.backgroundData = null;
    this.undoStack = [];
    this.redraw();
  }

  nameLayers() {
    const names = this.layerNames();
    this.layers.forEach((layer, i) => { if (names[i]) layer.name = names[i]; });
  }

  /** The canvas fills the frame's width, up to `height` (480px by default), keeping the
   * image's proportions; small images are scaled up, as in Gradio. */
  applySize() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    const height = css(this.props.height) || "480px";
    this.display.style.width = `min(100%, calc(${height} * ${this.w / this.h}))`;
    this.frame.style.width = css(this.props.width);
  }

  /** `buttons` (none unless asked for, as in Gradio): download the composite, fullscreen. */
  renderButtons() {
    if (this.buttons) this.buttons.el.remove();
    const names = Array.isArray(this.props.buttons) ? this.props.buttons : [];
    const composite = () => (this.value && this.value.composite ? this.ctx.url(this.value.composite) : null);
    this.buttons = toolbar(names, {
      download: composite,
      downloadName: () => fileName(this.value && this.value.composite, "image.png"),
      fullscreen: () => this.frame,
    });
    this.frame.append(this.buttons.el);
  }

  // ---- the toolbar -------------------------------------------------------------------

  renderBar() {
    this.bar.replaceChildren();
    this.bar.hidden = !this.interactive;
    if (!this.interactive) return;
    const brush = this.props.brush;
    const eraser = this.props.eraser;
    if (this.uploads) this.bar.append(this.uploadControl());
    if (brush) this.bar.append(this.toolButton("brush", "Brush", "✎"));
    if (eraser) this.bar.append(this.toolButton("eraser", "Eraser", "⌫"));
    if (!brush && eraser) this.tool = "eraser";
    this.sizeInput = h("input", { type: "range", min: "1", max: "100", class: "rillet-editor-size",
      "aria-label": "Brush size" });
    this.sizeInput.value = String(this.defaultSize());
    if (brush || eraser) this.bar.append(this.sizeInput);
    if (brush) this.bar.append(this.swatches(brush));
    const layers = this.props.layers || {};
    if (!layers.disabled) this.bar.append(this.layerControl(layers));
    this.bar.append(h("span", { class: "rillet-editor-end" }, [
      h("button", { type: "button", class: "rillet-btn rillet-btn-sm", text: "↶ Undo", "data-testid": "imageeditor-undo",
        onclick: () => this.undo() }),
      h("button", { type: "button", class: "rillet-icon-btn", text: "×", "aria-label": "Clear",
        "data-testid": "imageeditor-clear", onclick: () => this.clear() }),
    ]));
    this.updateHint();
  }

  uploadControl() {
    const picker = h("input", { id: this.inputId, type: "file", accept: "image/*", class: "rillet-file-input",
      "aria-label": `Upload ${this.props.label || "image"}` });
    picker.addEventListener("change", () => {
      if (picker.files && picker.files[0]) this.uploadBackground(picker.files[0]);
      picker.value = "";
    });
    return h("label", { for: this.inputId, class: "rillet-btn rillet-btn-sm" }, [picker, "Upload"]);
  }

  toolButton(tool, text, glyph) {
    const button = h("button", { type: "button", class: "rillet-btn rillet-btn-sm rillet-editor-tool",
      "aria-pressed": String(this.tool === tool), "data-testid": `imageeditor-${tool}`, text: `${glyph} ${text}` });
    button.addEventListener("click", () => {
      this.tool = tool;
      this.sizeInput.value = String(this.defaultSize());
      for (const b of this.bar.querySelectorAll(".rillet-editor-tool")) {
        b.setAttribute("aria-pressed", String(b === button));
      }
    });
    return button;
  }

  /** The size the current tool starts with ("auto": from the canvas size). */
  defaultSize() {
    const opts = this.tool === "eraser" ? this.props.eraser : this.props.brush;
    const size = opts && opts.default_size;
    if (typeof size === "number" && size > 0) return size;
    return Math.max(2, Math.round(Math.min(this.w, this.h) / 40));
  }

  swatches(brush) {
    const colors = [].concat(brush.colors || []).filter((c) => c !== null);
    const wrap = h("span", { class: "rillet-editor-swatches" });
    const pick = (color) => {
      const [css, alpha] = parseColor(color);
      this.color = css;
      this.opacity = alpha;
      for (const s of wrap.querySelectorAll("button")) s.setAttribute("aria-pressed", String(s.dataset.color === css));
    };
    const list = colors.length && (typeof colors[0] === "string" || Array.isArray(colors[0])) ? colors : [colors];
    for (const color of list) {
      const [css, alpha] = parseColor(color);
      const swatch = h("button", { type: "button", class: "rillet-editor-swatch", "aria-label": `Colour ${css}`,
        dataset: { color: css }, onclick: () => pick(color) });
      swatch.style.background = css;
      swatch.style.opacity = String(alpha);
      wrap.append(swatch);
    }
    if (brush.color_mode !== "fixed") {
      const free = h("input", { type: "color", class: "rillet-editor-picker", "aria-label": "Brush colour" });
      free.addEventListener("input", () => { this.color = free.value; this.opacity = 1; });
      wrap.append(free);
    }
    pick(brush.default_color ?? list[0] ?? "#000000");
    return wrap;
  }

  layerControl(opts) {
    const select = h("select", { class: "rillet-editor-layers", "aria-label": "Layer" });
    const fill = () => {
      select.replaceChildren(...this.layers.map((l, i) => h("option", { value: String(i), text: l.name })));
      select.value = String(this.active);
    };
    select.addEventListener("change", () => { this.active = Number(select.value); });
    this.fillLayers = fill;
    fill();
    /** @type {HTMLElement[]} */
    const parts = [select];
    if (opts.allow_additional_layers !== false) {
      parts.push(h("button", { type: "button", class: "rillet-icon-btn", text: "+", "aria-label": "Add layer",
        onclick: () => {
          this.layers.push({ name: `Layer ${this.layers.length + 1}`, canvas: blank(this.w, this.h) });
          this.active = this.layers.length - 1;
          fill();
        } }));
    }
    return h("span", { class: "rillet-editor-layerbox" }, parts);
  }

  updateHint() {
    const empty = !this.background && this.undoStack.length === 0 && !this.value;
    const text = this.props.placeholder || (this.uploads ? "Upload an image or draw here" : "Draw here");
    this.hint.textContent = this.interactive && empty ? text : "";
  }

  // ---- drawing -----------------------------------------------------------------------

  listen() {
    const c = this.display;
    c.addEventListener("pointerdown", (e) => this.startStroke(e));
    c.addEventListener("pointermove", (e) => this.moveStroke(e));
    c.addEventListener("pointerup", (e) => this.endStroke(e));
    c.addEventListener("pointercancel", (e) => this.endStroke(e));
    this.frame.addEventListener("dragover", (e) => { if (this.interactive && this.uploads) e.preventDefault(); });
    this.frame.addEventListener("drop", (e) => {
      if (!this.interactive || !this.uploads) return;
      e.preventDefault();
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) this.uploadBackground(file);
    });
  }

  point(event) {
    const rect = this.display.getBoundingClientRect();
    return [(event.clientX - rect.left) * (this.w / rect.width), (event.clientY - rect.top) * (this.h / rect.height)];
  }

  startStroke(event) {
    if (!this.interactive || !(this.props.brush || this.props.eraser) || event.button !== 0) return;
    event.preventDefault();
    this.display.setPointerCapture(event.pointerId);
    const layer = this.layers[this.active];
    this.undoStack.push({ index: this.active, data: ctx2d(layer.canvas).getImageData(0, 0, this.w, this.h) });
    this.points = [this.point(event)];
    this.drawStroke();
  }

  moveStroke(event) {
    if (!this.points) return;
    this.points.push(this.point(event));
    this.drawStroke();
  }

  endStroke(event) {
    if (!this.points) return;
    if (this.display.hasPointerCapture(event.pointerId)) this.display.releasePointerCapture(event.pointerId);
    const layer = ctx2d(this.layers[this.active].canvas);
    if (this.tool === "brush") {
      layer.globalAlpha = this.opacity;
      layer.drawImage(this.stroke, 0, 0);
      layer.globalAlpha = 1;
    }
    ctx2d(this.stroke).clearRect(0, 0, this.w, this.h);
    this.points = null;
    this.redraw();
    this.updateHint();
    this.commit([]);
  }

  /** The stroke so far: the brush on its own canvas (one path, so a translucent colour
   * does not darken where it overlaps itself); the eraser straight on the layer. */
  drawStroke() {
    const points = this.points || [];
    const eraser = this.tool === "eraser";
    const target = eraser ? ctx2d(this.layers[this.active].canvas) : ctx2d(this.stroke);
    if (!eraser) target.clearRect(0, 0, this.w, this.h);
    target.save();
    target.globalCompositeOperation = eraser ? "destination-out" : "source-over";
    target.strokeStyle = target.fillStyle = eraser ? "#000" : this.color;
    target.lineWidth = Number(this.sizeInput ? this.sizeInput.value : this.defaultSize());
    target.lineCap = target.lineJoin = "round";
    const from = eraser ? Math.max(0, points.length - 2) : 0;
    target.beginPath();
    target.moveTo(points[from][0], points[from][1]);
    for (const [x, y] of points.slice(from + 1)) target.lineTo(x, y);
    if (points.length - from === 1) target.lineTo(points[from][0] + 0.01, points[from][1]);
    target.stroke();
    target.restore();
    this.redraw();
  }

  /** Paint the background, the layers and the stroke in progress on the visible canvas. */
  redraw() {
    const out = ctx2d(this.display);
    out.clearRect(0, 0, this.w, this.h);
    this.compose(out, true);
  }

  compose(out, withStroke) {
    if (this.background) out.drawImage(this.background, 0, 0);
    this.layers.forEach((layer, i) => {
      out.drawImage(layer.canvas, 0, 0);
      if (withStroke && i === this.active && this.points && this.tool === "brush") {
        out.globalAlpha = this.opacity;
        out.drawImage(this.stroke, 0, 0);
        out.globalAlpha = 1;
      }
    });
  }

  undo() {
    const step = this.undoStack.pop();
    if (!step || !this.layers[step.index]) return;
    ctx2d(this.layers[step.index].canvas).putImageData(step.data, 0, 0);
    this.redraw();
    this.updateHint();
    this.commit([]);
  }

  clear() {
    this.token += 1;
    this.resetCanvas(this.canvasSize());
    if (this.fillLayers) this.fillLayers();
    const had = this.value !== null;
    this.value = null;
    this.buttons?.update();
    this.updateHint();
    if (had) {
      this.ctx.emit("clear");
      this.ctx.emit("change");
    }
  }

  // ---- values in and out -------------------------------------------------------------

  /** Upload the composite and the layers (and the background when `withBackground`) as
   * PNGs; then they are the value and `events`, "input" and "change" are emitted. */
  async commit(events, withBackground = false) {
    const token = ++this.token;
    const full = blank(this.w, this.h);
    this.compose(ctx2d(full), false);
    const canvases = [full, ...this.layers.map((l) => l.canvas)];
    if (withBackground && this.background) canvases.push(this.background);
    this.el.classList.add("rillet-uploading");
    try {
      const files = await Promise.all(canvases.map((c, i) => pngFile(c, i === 0 ? "composite" : `layer_${i - 1}`)));
      if (withBackground && this.background) files[files.length - 1] = rename(files[files.length - 1], "background");
      const uploaded = await this.ctx.upload(files);
      if (token !== this.token) return;
      if (withBackground && this.background) this.backgroundData = uploaded.pop();
      this.value = { background: this.backgroundData, layers: uploaded.slice(1), composite: uploaded[0], id: null };
      this.buttons?.update();
      for (const name of [...events, "input", "change"]) this.ctx.emit(name);
    } catch (err) {
      if (token === this.token) this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
    } finally {
      if (token === this.token) this.el.classList.remove("rillet-uploading");
    }
  }

  async uploadBackground(file) {
    if (!file.type.startsWith("image/")) {
      this.ctx.toast?.({ level: "warning", message: `${file.name} is not an image.` });
      return;
    }
    const url = URL.createObjectURL(file);
    try {
      const img = await loadImage(url);
      this.placeBackground(img);
    } catch {
      this.ctx.toast?.({ level: "warning", message: `${file.name} could not be read as an image.` });
      return;
    } finally {
      URL.revokeObjectURL(url);
    }
    await this.commit(["upload"], true);
  }

  /** A new background: the canvas takes its size (or fits it when `fixed_canvas`); the
   * layers start empty. */
  placeBackground(img) {
    const fixed = this.props.fixed_canvas;
    this.resetCanvas(fixed ? this.canvasSize() : [img.naturalWidth || img.width, img.naturalHeight || img.height]);
    const bg = blank(this.w, this.h);
    const scale = fixed ? Math.min(this.w / img.naturalWidth, this.h / img.naturalHeight) : 1;
    const dw = img.naturalWidth * scale;
    const dh = img.naturalHeight * scale;
    ctx2d(bg).drawImage(img, (this.w - dw) / 2, (this.h - dh) / 2, dw, dh);
    this.background = bg;
    if (this.fillLayers) this.fillLayers();
    this.redraw();
    this.updateHint();
  }

  /** Show a value from the server: its background (or composite) and its layers. */
  async load(value) {
    const token = ++this.token;
    if (!value) {
      this.resetCanvas(this.canvasSize());
      this.updateHint();
      return;
    }
    const base = value.background || ((value.layers || []).length ? null : value.composite);
    try {
      const bg = base ? await loadImage(this.ctx.url(base)) : null;
      const layers = await Promise.all((value.layers || []).map((l) => loadImage(this.ctx.url(l))));
      if (token !== this.token) return;
      const first = bg || layers[0];
      this.resetCanvas(first && !this.props.fixed_canvas ? [first.naturalWidth, first.naturalHeight] : this.canvasSize());
      if (bg) this.placeBackground(bg);
      this.backgroundData = value.background || null;
      layers.forEach((img, i) => {
        if (!this.layers[i]) this.layers.push({ name: `Layer ${i + 1}`, canvas: blank(this.w, this.h) });
        ctx2d(this.layers[i].canvas).drawImage(img, 0, 0, this.w, this.h);
      });
      if (this.fillLayers) this.fillLayers();
      this.redraw();
      this.updateHint();
    } catch {
      if (token === this.token) this.ctx.toast?.({ level: "warning", message: "An image of the editor could not be shown." });
    }
  }
}

/** @returns {HTMLCanvasElement} */
function blank(width, height) {
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  return c;
}

/** @param {HTMLCanvasElement} canvas @returns {CanvasRenderingContext2D} */
function ctx2d(canvas) {
  return /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d", { willReadFrequently: true }));
}

/**
 * A brush colour: "css" or [css, opacity] -> [css, opacity].
 * @param {any} color
 * @returns {[string, number]}
 */
function parseColor(color) {
  if (Array.isArray(color)) return [String(color[0]), Number(color[1] ?? 1)];
  return [String(color), 1];
}

/** @returns {Promise<HTMLImageElement>} */
async function loadImage(url) {
  const img = new Image();
  img.crossOrigin = "anonymous";
  img.src = url;
  await img.decode();
  return img;
}

/** @returns {Promise<File>} */
function pngFile(canvas, name) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(new File([blob], `${name}.png`, { type: "image/png" }))
      : reject(new Error("the canvas could not be exported"))), "image/png");
  });
}

function rename(file, name) {
  return new File([file], `${name}.png`, { type: "image/png" });
}

const CSS = `
.rillet-editor-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 6px; }
.rillet-editor-bar[hidden] { display: none; }
.rillet-editor-bar .rillet-btn { width: auto; flex: 0 0 auto; }
.rillet-editor-bar label.rillet-btn { position: relative; }
.rillet-editor-bar .rillet-editor-end { margin-left: auto; display: inline-flex; gap: 6px; }
.rillet-editor-tool[aria-pressed="true"] { border-color: var(--rillet-primary); color: var(--rillet-primary); }
.rillet-editor-size { width: 90px; accent-color: var(--rillet-primary); }
.rillet-editor-swatches { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; }
.rillet-editor-swatch { width: 20px; height: 20px; padding: 0; border: 1px solid var(--rillet-border);
  border-radius: 50%; cursor: pointer; }
.rillet-editor-swatch[aria-pressed="true"] { outline: 2px solid var(--rillet-primary); outline-offset: 1px; }
.rillet-editor-picker { width: 26px; height: 24px; padding: 0; border: 1px solid var(--rillet-border);
  border-radius: var(--rillet-radius); background: var(--rillet-bg); cursor: pointer; }
.rillet-editor-layerbox { display: inline-flex; align-items: center; gap: 2px; }
.rillet-editor-layers { font: inherit; color: var(--rillet-text); background: var(--rillet-bg);
  border: 1px solid var(--rillet-input-border); border-radius: var(--rillet-radius); padding: 2px 4px; }
.rillet-editor-frame { position: relative; display: flex; justify-content: center; align-items: center;
  min-height: 200px; border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius);
  background: var(--rillet-subtle); overflow: hidden; }
.rillet-editor-canvas { display: block; height: auto; background: var(--rillet-bg);
  touch-action: none; cursor: crosshair; }
.rillet-editor-hint { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  pointer-events: none; color: var(--rillet-muted); }
.rillet-editor-hint:empty { display: none; }
`;
