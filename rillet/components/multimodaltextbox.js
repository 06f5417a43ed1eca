/**
 * MultimodalTextbox. Payload: `{text: string, files: FileData[]}`.
 *
 * A text field (`data-testid="textbox"`; Enter submits when `lines` is 1, Shift+Enter
 * breaks the line) with files attached by the paperclip button, by dropping them on the
 * box or by pasting them. Each file uploads at once through `ctx.upload` and shows as a
 * chip (a thumbnail for images) with a × that removes it; `file_types` and `file_count`
 * are applied as Gradio applies them (a refused file is named in a toast; "single" keeps
 * the newest file). Submit is refused while a file is still uploading.
 *
 * `submit_btn` / `stop_btn` (true: an icon, a string: that label): after a submit the stop
 * button replaces the submit button until the page has no run in flight; it emits "stop".
 * Pasted text longer than `max_plain_text_length` is attached as `pasted_text.txt`.
 * With "microphone" in `sources`, a microphone button records (a click starts, a click
 * stops; the seconds show meanwhile) and the recording is attached as `recording.wav`,
 * whatever `file_types` says (as Gradio's box does).
 * Events: change, input (typing, attaching, removing), select (`{index, value}` of the
 * selected text), submit, focus, blur, stop.
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, uid } from "rillet/block.js";
import { acceptOf, refusedOf } from "rillet/components/file.js";
import { Recorder } from "rillet/recorder.js";
import { ICONS, icon } from "rillet/toolbar.js";

const DEFAULTS = { lines: 1, max_lines: 20, file_count: "single", submit_btn: true, stop_btn: false };
const REBUILD = ["interactive", "lines", "max_lines", "rtl", "text_align", "file_types", "file_count",
  "sources", "submit_btn", "stop_btn", "html_attributes", "placeholder"];
/** The attributes `html_attributes` may set on the text field. */
const HTML_ATTRIBUTES = ["autocapitalize", "autocorrect", "spellcheck", "autocomplete", "tabindex", "enterkeyhint", "lang"];
const PAPERCLIP = "M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48";
const ARROW = "M5 12h14M13 6l6 6-6 6";
const SQUARE = "M6 6h12v12H6z";

/**
 * Mount a multimodal textbox into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): Object, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("multimodaltextbox", CSS);
  return new MultimodalTextbox(el, props, ctx);
}

class MultimodalTextbox {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...DEFAULTS, ...props };
    this.text = "";
    /** @type {Object[]} uploaded FileData */
    this.files = [];
    /** @type {string[]} names of the files uploading now */
    this.uploading = [];
    this.busy = false;
    /** @type {Recorder|null} the microphone recording, while it runs */
    this.recorder = null;
    this.controlId = uid("mmtb");
    this.label = makeLabel(this.props, this.controlId);
    this.info = makeInfo(this.props);
    this.box = h("div", { class: "rillet-mmtb-box", "data-testid": "multimodal-box" });
    el.classList.add("rillet-mmtb");
    el.append(this.label.el, this.info.el, this.box);
    applyCommon(el, this.props);
    this.watchRuns();
    this.fromValue(props.value);
    this.render();
  }

  /** @returns {{text: string, files: Object[]}} */
  get() {
    return { text: this.text, files: this.files.slice() };
  }

  /** @param {any} value `{text, files}`, a string, or null (empty) */
  set(value) {
    this.fromValue(value);
    if (this.input && this.input.value !== this.text) this.input.value = this.text;
    this.showChips();
    this.ctx.emit("change");
  }

  fromValue(value) {
    const v = value && typeof value === "object" ? value : { text: value ?? "", files: [] };
    this.text = v.text === null || v.text === undefined ? "" : String(v.text);
    this.files = Array.isArray(v.files) ? v.files.filter((f) => f && typeof f === "object" && f.path) : [];
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const rebuild = REBUILD.some((key) => key in props && props[key] !== this.props[key]);
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    this.info.update(props);
    if (rebuild) this.render();
    if ("value" in props) this.set(props.value);
  }

  get interactive() {
    return this.props.interactive !== false;
  }

  render() {
    const p = this.props;
    this.chips = h("div", { class: "rillet-mmtb-chips" });
    this.input = h("textarea", { id: this.controlId, class: "rillet-mmtb-input", "data-testid": "textbox",
      rows: String(Math.max(1, p.lines || 1)) });
    this.input.style.setProperty("--rillet-lines", String(Math.max(1, p.lines || 1)));
    this.input.style.setProperty("--rillet-max-lines", String(Math.max(p.lines || 1, p.max_lines ?? 20)));
    if (p.placeholder) this.input.placeholder = String(p.placeholder);
    if (p.rtl) this.input.dir = "rtl";
    if (p.text_align) this.input.style.textAlign = p.text_align;
    for (const [k, v] of Object.entries(p.html_attributes || {})) {
      if (HTML_ATTRIBUTES.includes(k)) this.input.setAttribute(k, String(v));
    }
    this.input.value = this.text;
    this.input.disabled = !this.interactive;
    if (p.autofocus && this.interactive) queueMicrotask(() => this.input.focus());
    this.input.addEventListener("input", () => this.onInput());
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.input.addEventListener("focus", () => this.ctx.emit("focus"));
    this.input.addEventListener("blur", () => this.ctx.emit("blur"));
    this.input.addEventListener("select", () => this.onSelect());
    this.input.addEventListener("paste", (e) => this.onPaste(e));
    const row = h("div", { class: "rillet-mmtb-row" });
    if (this.interactive && (p.sources || ["upload"]).includes("upload")) row.append(this.uploadButton());
    if (this.interactive && (p.sources || []).includes("microphone")) row.append(this.micButton());
    row.append(this.input);
    this.submitEl = this.actionButton(p.submit_btn, ARROW, "Submit", "submit-button", () => this.submit());
    this.stopEl = this.actionButton(p.stop_btn, SQUARE, "Stop", "stop-button", () => this.ctx.emit("stop"));
    if (this.submitEl) row.append(this.submitEl);
    if (this.stopEl) row.append(this.stopEl);
    this.box.replaceChildren(this.chips, row);
    this.wireDrop();
    this.showChips();
    this.showBusy();
  }

  uploadButton() {
    const p = this.props;
    this.fileInput = h("input", { type: "file", hidden: "", "data-testid": "file-input", accept: acceptOf(p.file_types) || null });
    if (p.file_count !== "single") this.fileInput.multiple = true;
    if (p.file_count === "directory") this.fileInput.setAttribute("webkitdirectory", "");
    this.fileInput.addEventListener("change", () => {
      const files = Array.from(this.fileInput.files || []);
      this.fileInput.value = "";
      if (files.length) this.attach(files);
    });
    const button = h("button", { type: "button", class: "rillet-mmtb-button rillet-mmtb-upload",
      "data-testid": "upload-button", "aria-label": "Attach files", title: "Attach files" }, [icon(PAPERCLIP)]);
    button.addEventListener("click", () => this.fileInput.click());
    return h("span", { class: "rillet-mmtb-upload-wrap" }, [button, this.fileInput]);
  }

  /** The microphone button: a click starts recording, the next stops it and attaches it. */
  micButton() {
    this.micEl = h("button", { type: "button", class: "rillet-mmtb-button rillet-mmtb-mic",
      "data-testid": "mic-button", "aria-label": "Record", title: "Record" }, [icon(ICONS.microphone)]);
    this.micClock = h("span", { class: "rillet-mmtb-clock", "data-testid": "mic-clock", hidden: "" });
    this.micEl.addEventListener("click", () => (this.recorder ? this.stopRecording() : this.startRecording()));
    return h("span", { class: "rillet-mmtb-mic-wrap" }, [this.micEl, this.micClock]);
  }

  async startRecording() {
    const clock = this.micClock;
    try {
      this.recorder = await Recorder.start((seconds) => {
        clock.textContent = `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
      });
    } catch (err) {
      this.ctx.toast({ level: "error", message: `Cannot record: ${err && err.message ? err.message : err}` });
      return;
    }
    clock.textContent = "0:00";
    clock.hidden = false;
    this.micEl.classList.add("rillet-mmtb-recording");
    this.micEl.setAttribute("aria-label", "Stop recording");
    this.micEl.title = "Stop recording";
    this.micEl.replaceChildren(icon(SQUARE));
  }

  async stopRecording() {
    const recorder = this.recorder;
    this.recorder = null;
    this.micClock.hidden = true;
    this.micEl.classList.remove("rillet-mmtb-recording");
    this.micEl.setAttribute("aria-label", "Record");
    this.micEl.title = "Record";
    this.micEl.replaceChildren(icon(ICONS.microphone));
    const file = recorder ? await recorder.stop() : null;
    if (file) await this.attach([file], { anyType: true });
  }

  /**
   * A submit or stop button: none for false/null, an icon for true, else its label.
   * @returns {HTMLButtonElement|null}
   */
  actionButton(setting, path, name, testid, onClick) {
    if (!setting || !this.interactive) return null;
    const text = typeof setting === "string" ? setting : null;
    const button = h("button", { type: "button", class: `rillet-mmtb-button rillet-mmtb-${name.toLowerCase()}${text ? " rillet-mmtb-labelled" : ""}`,
      "data-testid": testid, "aria-label": text || name, title: text || name }, text ? [] : [icon(path)]);
    if (text) button.textContent = text;
    button.addEventListener("click", onClick);
    return button;
  }

  wireDrop() {
    if (this.dropWired) return;
    this.dropWired = true;
    const over = (e) => {
      if (!this.interactive || !(this.props.sources || ["upload"]).includes("upload")) return;
      if (!e.dataTransfer || !Array.from(e.dataTransfer.types || []).includes("Files")) return;
      e.preventDefault();
      this.box.classList.add("rillet-mmtb-dragging");
    };
    this.box.addEventListener("dragenter", over);
    this.box.addEventListener("dragover", over);
    this.box.addEventListener("dragleave", () => this.box.classList.remove("rillet-mmtb-dragging"));
    this.box.addEventListener("drop", (e) => {
      this.box.classList.remove("rillet-mmtb-dragging");
      const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
      if (!files.length || !this.interactive) return;
      e.preventDefault();
      this.attach(files);
    });
  }

  /** Pasted files are attached; pasted text longer than `max_plain_text_length` is too,
   * as `pasted_text.txt` (Gradio's rule). */
  onPaste(event) {
    const data = event.clipboardData;
    if (!data || !(this.props.sources || ["upload"]).includes("upload")) return;
    const text = data.getData("text");
    const limit = this.props.max_plain_text_length ?? 1000;
    let files = Array.from(data.files || []);
    if (text && text.length > limit) files = [new File([text], "pasted_text.txt", { type: "text/plain" })];
    if (!files.length) return;
    event.preventDefault();
    this.attach(files);
  }

  /**
   * Upload `files` (those of `file_types`; only the first for "single") and add them.
   * @param {File[]} files
   * @param {{anyType?: boolean}} [options] `anyType`: a recording, attached whatever `file_types`
   */
  async attach(files, { anyType = false } = {}) {
    const refused = anyType ? [] : refusedOf(files, this.props.file_types);
    if (refused.length) {
      const types = (this.props.file_types || []).join(", ");
      this.ctx.toast({ level: "warning", message: `Not attached: ${refused.map((f) => f.name).join(", ")} (accepted: ${types})` });
    }
    let wanted = files.filter((f) => !refused.includes(f));
    if (this.props.file_count === "single") wanted = wanted.slice(0, 1);
    if (!wanted.length) return;
    const names = wanted.map((f) => f.name);
    this.uploading.push(...names);
    this.showChips();
    this.showBusy();
    try {
      const data = await this.ctx.upload(wanted);
      this.files = this.props.file_count === "single" ? data.slice(0, 1) : [...this.files, ...data];
      this.ctx.emit("input");
      this.ctx.emit("change");
    } catch (err) {
      this.ctx.toast({ level: "error", message: `Upload failed: ${err && err.message ? err.message : err}` });
    } finally {
      for (const name of names) this.uploading.splice(this.uploading.indexOf(name), 1);
      this.showChips();
      this.showBusy();
    }
  }

  /** @param {number} index the file to take off */
  remove(index) {
    this.files = this.files.filter((_, i) => i !== index);
    this.showChips();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  showChips() {
    if (!this.chips) return;
    const chips = this.files.map((file, i) => this.chip(file, i));
    for (const name of this.uploading) {
      chips.push(h("div", { class: "rillet-mmtb-chip rillet-mmtb-chip-uploading", "data-testid": "file-uploading" }, [
        h("span", { class: "rillet-mmtb-spinner" }), h("span", { class: "rillet-mmtb-name", text: name })]));
    }
    this.chips.replaceChildren(...chips);
  }

  chip(file, index) {
    const name = String(file.orig_name || String(file.path).split(/[\\/]/).pop() || "file");
    const mime = String(file.mime_type || "");
    const image = mime.startsWith("image/") || /\.(png|jpe?g|gif|webp|bmp|svg|avif)$/i.test(name);
    const thumb = image
      ? h("img", { class: "rillet-mmtb-thumb", src: this.ctx.url(file), alt: name })
      : h("span", { class: "rillet-mmtb-ext", text: (name.includes(".") ? name.split(".").pop() : "file").slice(0, 4) });
    const parts = [thumb, h("span", { class: "rillet-mmtb-name", text: name, title: name })];
    if (this.interactive) {
      const x = h("button", { type: "button", class: "rillet-mmtb-remove", "data-testid": "remove-file",
        "aria-label": `Remove ${name}`, title: `Remove ${name}`, text: "×" });
      x.addEventListener("click", () => this.remove(index));
      parts.push(x);
    }
    return h("div", { class: "rillet-mmtb-chip", "data-testid": "file-chip" }, parts);
  }

  onInput() {
    this.text = this.input.value;
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  onKey(event) {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey) return;
    if ((this.props.lines || 1) > 1) return;
    event.preventDefault();
    this.submit();
  }

  onSelect() {
    const start = this.input.selectionStart ?? 0;
    const end = this.input.selectionEnd ?? 0;
    if (end > start) this.ctx.emit("select", { index: [start, end], value: this.text.slice(start, end) });
  }

  submit() {
    if (this.uploading.length || this.recorder || !this.interactive) return;
    this.ctx.emit("submit");
    if (this.stopEl) {
      this.busy = true;
      this.showBusy();
    }
  }

  /** While a run the submit started is in flight, Stop stands in for Submit. */
  watchRuns() {
    const observer = new MutationObserver(() => {
      if (this.busy && document.body.dataset.rilletRunning === "0") {
        this.busy = false;
        this.showBusy();
      }
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-rillet-running"] });
  }

  showBusy() {
    if (this.submitEl) {
      this.submitEl.hidden = this.busy && Boolean(this.stopEl);
      this.submitEl.disabled = this.uploading.length > 0;
    }
    if (this.stopEl) this.stopEl.hidden = !this.busy;
  }
}

const CSS = `
.rillet-mmtb-box { display: flex; flex-direction: column; gap: 6px; border: 1px solid var(--rillet-input-border);
  border-radius: var(--rillet-radius); background: var(--rillet-bg); padding: 6px; }
.rillet-mmtb-box:focus-within { border-color: var(--rillet-primary); }
.rillet-mmtb-box.rillet-mmtb-dragging { border-style: dashed; border-color: var(--rillet-primary); background: var(--rillet-subtle); }
.rillet-mmtb-row { display: flex; align-items: flex-end; gap: 6px; }
.rillet-mmtb-input { flex: 1; min-width: 0; border: 0; outline: none; resize: none; background: transparent;
  color: var(--rillet-text); font: inherit; line-height: 1.5; padding: 4px 2px;
  min-height: calc(var(--rillet-lines, 1) * 1.5em + 8px); max-height: calc(var(--rillet-max-lines, 20) * 1.5em + 8px);
  field-sizing: content; }
.rillet-mmtb-input:disabled { color: var(--rillet-muted); }
.rillet-mmtb-button { flex: none; display: inline-flex; align-items: center; justify-content: center; min-width: 32px; height: 32px;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); background: var(--rillet-subtle);
  color: var(--rillet-text); cursor: pointer; padding: 0 6px; font: inherit; }
.rillet-mmtb-button:hover { border-color: var(--rillet-primary); }
.rillet-mmtb-button:disabled { opacity: 0.5; cursor: not-allowed; }
.rillet-mmtb-button svg { width: 16px; height: 16px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.rillet-mmtb-stop svg { fill: currentColor; }
.rillet-mmtb-upload, .rillet-mmtb-mic { background: none; border-color: transparent; color: var(--rillet-muted); }
.rillet-mmtb-mic-wrap { display: inline-flex; align-items: center; gap: 4px; }
.rillet-mmtb-mic.rillet-mmtb-recording { color: var(--rillet-primary); border-color: var(--rillet-primary); }
.rillet-mmtb-mic.rillet-mmtb-recording svg { fill: currentColor; }
.rillet-mmtb-clock { font-family: var(--rillet-mono); font-size: 0.85em; color: var(--rillet-muted); }
.rillet-mmtb-clock[hidden] { display: none; }
.rillet-mmtb-submit { background: var(--rillet-primary); border-color: var(--rillet-primary); color: var(--rillet-bg); }
.rillet-mmtb-submit:hover { background: var(--rillet-primary-hover); }
.rillet-mmtb-button[hidden] { display: none; }
.rillet-mmtb-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.rillet-mmtb-chips:empty { display: none; }
.rillet-mmtb-chip { display: inline-flex; align-items: center; gap: 6px; max-width: 220px; padding: 3px 4px 3px 3px;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); background: var(--rillet-subtle); font-size: 0.9em; }
.rillet-mmtb-thumb { width: 36px; height: 36px; object-fit: cover; border-radius: calc(var(--rillet-radius) / 2); }
.rillet-mmtb-ext { display: inline-flex; align-items: center; justify-content: center; width: 36px; height: 36px;
  border-radius: calc(var(--rillet-radius) / 2); background: var(--rillet-bg); color: var(--rillet-muted);
  font-family: var(--rillet-mono); font-size: 0.75em; text-transform: uppercase; }
.rillet-mmtb-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--rillet-text); }
.rillet-mmtb-remove { border: 0; background: none; color: var(--rillet-muted); cursor: pointer; font-size: 1.1em; line-height: 1; padding: 2px 4px; }
.rillet-mmtb-remove:hover { color: var(--rillet-text); }
.rillet-mmtb-spinner { width: 14px; height: 14px; margin: 0 4px; border: 2px solid var(--rillet-border); border-top-color: var(--rillet-primary);
  border-radius: 50%; animation: rillet-mmtb-spin 0.8s linear infinite; }
@keyframes rillet-mmtb-spin { to { transform: rotate(360deg); } }
`;
