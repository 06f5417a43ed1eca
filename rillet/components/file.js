/**
 * File. Payload: a FileData ({path, url, orig_name, size, mime_type, meta}), a list of
 * them (`file_count` "multiple" or "directory"), or null.
 *
 * Output: a table of the files, each with its name (a download link: "download"), its
 * size and, when it is an input of several files, a × that removes it ("delete" with the
 * file's data). Clicking a row emits "select" ({index, value: its name}). Input
 * (interactive): a drop zone that is also a file picker (`file_types` sets what it
 * offers and what it takes; a folder for "directory"); files upload with a progress bar
 * and become the value ("upload", "change"); the × in the corner empties it ("clear").
 *
 * `uploadFiles`, `acceptOf`, `refusedOf` and `formatSize` are shared with uploadbutton.js.
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";

/**
 * Mount a file view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, interactive, file_count, file_types, height, ...)
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("file", CSS);
  return new FileView(el, props, ctx);
}

/** The `accept` attribute for Gradio's `file_types` ("image" -> "image/*", ".pdf" kept). */
export function acceptOf(fileTypes) {
  if (!Array.isArray(fileTypes) || !fileTypes.length || fileTypes.includes("file")) return null;
  return fileTypes.map((t) => (String(t).startsWith(".") ? t : `${t}/*`)).join(",");
}

/**
 * The files of `files` that are not of `fileTypes` (Gradio's rule, as the server checks it).
 * @param {File[]} files
 * @param {string[]|null|undefined} fileTypes
 * @returns {File[]}
 */
export function refusedOf(files, fileTypes) {
  if (!Array.isArray(fileTypes) || !fileTypes.length) return [];
  const ok = (/** @type {File} */ f) => fileTypes.some((t) => {
    const kind = String(t);
    const name = f.name.toLowerCase();
    if (kind === "file") return true;
    if (kind.startsWith(".")) return name.length > kind.length && name.endsWith(kind.toLowerCase());
    return (f.type || "").startsWith(`${kind}/`);
  });
  return files.filter((f) => !ok(f));
}

/** @param {number|null|undefined} bytes @returns {string} "1.2 MB" */
export function formatSize(bytes) {
  if (typeof bytes !== "number" || !isFinite(bytes)) return "";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/**
 * Upload `files` to the app's upload route, reporting progress; resolves to one FileData
 * per file. Rejects with the server's reason (too large, store full...).
 * @param {Object} ctx the component's ctx (its `url` names the API's prefix)
 * @param {File[]} files
 * @param {(fraction: number) => void} onProgress 0..1 of the bytes sent
 * @returns {Promise<Object[]>}
 */
export function uploadFiles(ctx, files, onProgress) {
  const probe = ctx.url("x");
  const api = probe.slice(0, probe.lastIndexOf("/file="));
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${api}/upload`);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable && e.total) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener("load", () => {
      const reply = xhr.response;
      if (xhr.status < 200 || xhr.status >= 300 || !Array.isArray(reply)) {
        reject(new Error(detailOf(reply, xhr.status)));
        return;
      }
      resolve(reply.map((path, i) => ({
        path, url: ctx.url({ path }), orig_name: files[i].name, size: files[i].size,
        mime_type: files[i].type || null, is_stream: false, meta: { _type: "gradio.FileData" },
      })));
    });
    xhr.addEventListener("error", () => reject(new Error(
      "The connection closed during the upload (is the file larger than the server accepts?)")));
    xhr.addEventListener("abort", () => reject(new Error("The upload was cancelled.")));
    xhr.send(form);
  });
}

function detailOf(reply, status) {
  const detail = reply && (reply.detail ?? reply.error);
  if (typeof detail === "string" && detail) return detail;
  if (status === 413) return "File too large for this app.";
  return `Upload failed (HTTP ${status}).`;
}

class FileView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { file_count: "single", ...props };
    this.value = props.value ?? null;
    this.token = 0;
    this.inputId = uid("file");
    this.label = makeLabel(this.props, null);
    this.frame = h("div", { class: "rillet-file-frame", "data-testid": "file" });
    this.picker = h("input", { id: this.inputId, type: "file", class: "rillet-file-input" });
    this.picker.addEventListener("change", () => {
      const files = [...(this.picker.files || [])];
      this.picker.value = "";
      if (files.length) this.upload(files);
    });
    this.progress = h("div", { class: "rillet-file-progress", hidden: true, role: "progressbar",
      "aria-label": "Upload progress", "aria-valuemin": "0", "aria-valuemax": "100" },
    [h("div", { class: "rillet-file-bar" }), h("span", { class: "rillet-file-progress-text" })]);
    el.classList.add("rillet-file");
    el.append(this.label.el, this.frame);
    applyCommon(el, this.props);
    this.listenForDrops();
    this.render();
  }

  get interactive() {
    return this.props.interactive === true;
  }

  get several() {
    return this.props.file_count === "multiple" || this.props.file_count === "directory";
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
    this.render();
    if (!same) this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("value" in props) this.set(props.value);
    else this.render();
  }

  /** @returns {Object[]} the value as a list */
  files() {
    if (this.value === null) return [];
    return Array.isArray(this.value) ? this.value : [this.value];
  }

  render() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.frame.style.height = css(this.props.height);
    this.frame.classList.toggle("rillet-file-dropzone", this.interactive);
    this.frame.classList.toggle("rillet-file-filled", this.files().length > 0);
    this.picker.multiple = this.several;
    this.picker.toggleAttribute("webkitdirectory", this.props.file_count === "directory");
    const accept = acceptOf(this.props.file_types);
    if (accept && this.props.file_count !== "directory") this.picker.accept = accept;
    else this.picker.removeAttribute("accept");
    this.picker.setAttribute("aria-label", `Upload ${this.props.label || "file"}`);
    const files = this.files();
    /** @type {HTMLElement[]} */
    const parts = [this.picker, this.progress];
    if (!files.length) parts.push(this.empty());
    else parts.push(...this.tools(), this.table(files));
    this.frame.replaceChildren(...parts);
  }

  empty() {
    if (!this.interactive) {
      return h("div", { class: "rillet-file-empty" }, [fileIcon(), h("span", { text: "No file" })]);
    }
    const what = this.props.file_count === "directory" ? "Folder" : this.several ? "Files" : "File";
    return h("label", { class: "rillet-file-drop", for: this.inputId }, [
      uploadIcon(),
      h("span", { class: "rillet-file-drop-main", text: `Drop ${what} Here` }),
      h("span", { class: "rillet-muted", text: "- or -" }),
      h("span", { class: "rillet-file-drop-main", text: "Click to Upload" }),
    ]);
  }

  table(files) {
    const body = h("tbody");
    files.forEach((file, index) => {
      const name = file.orig_name || String(file.path || "").split("/").pop() || "file";
      const url = this.ctx.url(file);
      const link = h("a", { href: url || null, download: name, class: "rillet-file-name",
        target: "_blank", rel: "noopener", text: name });
      link.addEventListener("click", (e) => {
        e.stopPropagation();
        this.ctx.emit("download", file);
      });
      const row = h("tr", { class: "rillet-file-row", "data-index": String(index) }, [
        h("td", { class: "rillet-file-cell-name" }, [link]),
        h("td", { class: "rillet-file-size", text: formatSize(file.size) }),
      ]);
      if (this.interactive && this.several) {
        const remove = h("button", { type: "button", class: "rillet-file-remove",
          "aria-label": `Remove ${name}`, text: "×" });
        remove.addEventListener("click", (e) => {
          e.stopPropagation();
          this.remove(index);
        });
        row.append(h("td", { class: "rillet-file-cell-remove" }, [remove]));
      }
      row.addEventListener("click", () => this.ctx.emit("select", { index, value: name, selected: true }));
      body.append(row);
    });
    return h("div", { class: "rillet-file-list" }, [h("table", { class: "rillet-file-table" }, [body])]);
  }

  tools() {
    if (!this.interactive) return [];
    const bar = h("div", { class: "rillet-file-tools" });
    if (this.several) {
      bar.append(h("label", { class: "rillet-file-tool", for: this.inputId, title: "Upload more",
        "aria-label": "Upload more files", text: "+" }));
    }
    const clear = h("button", { type: "button", class: "rillet-file-tool", title: "Clear",
      "aria-label": "Clear", text: "×" });
    clear.addEventListener("click", () => this.clear());
    bar.append(clear);
    return [bar];
  }

  listenForDrops() {
    const over = (/** @type {DragEvent} */ e, on) => {
      if (!this.interactive) return;
      e.preventDefault();
      this.frame.classList.toggle("rillet-dragover", on);
    };
    this.frame.addEventListener("dragenter", (e) => over(e, true));
    this.frame.addEventListener("dragover", (e) => over(e, true));
    this.frame.addEventListener("dragleave", (e) => over(e, false));
    this.frame.addEventListener("drop", (e) => {
      if (!this.interactive) return;
      e.preventDefault();
      this.frame.classList.remove("rillet-dragover");
      const files = [...((e.dataTransfer && e.dataTransfer.files) || [])];
      if (files.length) this.upload(this.several ? files : files.slice(0, 1));
    });
  }

  /** Upload `files` (those of `file_types`) as the new value, or added to it. @param {File[]} files */
  async upload(files) {
    const refused = refusedOf(files, this.props.file_types);
    if (refused.length) {
      this.ctx.toast?.({ level: "warning", title: "Invalid file type",
        message: `${refused.map((f) => f.name).join(", ")}: not one of ${this.props.file_types.join(", ")}.` });
    }
    const wanted = files.filter((f) => !refused.includes(f));
    if (!wanted.length) return;
    const token = ++this.token;
    this.uploading = wanted.length === 1 ? wanted[0].name : `${wanted.length} files`;
    this.showProgress(0);
    this.el.classList.add("rillet-uploading");
    try {
      const data = await uploadFiles(this.ctx, wanted, (f) => {
        if (token === this.token) this.showProgress(f);
      });
      if (token !== this.token) return;
      this.value = this.several ? [...this.files(), ...data] : data[0];
      this.render();
      this.ctx.emit("upload");
      this.ctx.emit("change");
    } catch (err) {
      if (token !== this.token) return;
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
    } finally {
      if (token === this.token) {
        this.progress.hidden = true;
        this.el.classList.remove("rillet-uploading");
      }
    }
  }

  showProgress(fraction) {
    const pct = Math.round(fraction * 100);
    this.progress.hidden = false;
    this.progress.setAttribute("aria-valuenow", String(pct));
    /** @type {HTMLElement} */ (this.progress.firstChild).style.width = `${pct}%`;
    this.progress.lastChild.textContent = `Uploading ${this.uploading}… ${pct}%`;
  }

  remove(index) {
    const files = this.files();
    const [gone] = files.splice(index, 1);
    this.value = files.length ? files : null;
    this.render();
    this.ctx.emit("delete", gone);
    this.ctx.emit("change");
  }

  clear() {
    this.token += 1;
    this.progress.hidden = true;
    this.el.classList.remove("rillet-uploading");
    if (this.value === null) return;
    this.value = null;
    this.render();
    this.ctx.emit("clear");
    this.ctx.emit("change");
  }
}

function svg(paths) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  el.setAttribute("viewBox", "0 0 24 24");
  el.setAttribute("aria-hidden", "true");
  el.setAttribute("class", "rillet-file-icon");
  for (const d of paths) {
    const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
    p.setAttribute("d", d);
    el.append(p);
  }
  return el;
}

function uploadIcon() {
  return svg(["M12 16V4m0 0l-5 5m5-5l5 5", "M4 16v3a1 1 0 001 1h14a1 1 0 001-1v-3"]);
}

function fileIcon() {
  return svg(["M14 3H6a1 1 0 00-1 1v16a1 1 0 001 1h12a1 1 0 001-1V8z", "M14 3v5h5"]);
}

const CSS = `
.rillet-file-frame { position: relative; display: flex; flex-direction: column;
  border-radius: 6px; overflow: auto; }
.rillet-file-dropzone { border: 2px dashed var(--rillet-input-border); background: var(--rillet-subtle);
  min-height: 120px; }
.rillet-file-dropzone.rillet-file-filled { border: 1px solid var(--rillet-border); background: none; min-height: 0; }
.rillet-file-dropzone.rillet-dragover { border: 2px dashed var(--rillet-primary); }
.rillet-file-drop, .rillet-file-empty { flex: 1; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 2px; min-height: 160px; color: var(--rillet-muted); padding: 12px; }
.rillet-file-drop { cursor: pointer; }
.rillet-file-drop-main { color: var(--rillet-text); font-size: 15px; }
.rillet-file-icon { width: 28px; height: 28px; fill: none; stroke: currentColor; stroke-width: 1.6;
  stroke-linecap: round; stroke-linejoin: round; margin-bottom: 4px; }
.rillet-file-list { width: 100%; }
.rillet-file-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.rillet-file-row { cursor: pointer; }
.rillet-file-row:nth-child(odd) { background: var(--rillet-subtle); }
.rillet-file-row:hover td { background: var(--rillet-border); }
.rillet-file-table td { padding: 8px 6px; border-bottom: 1px solid var(--rillet-border); }
.rillet-file-cell-name { width: 100%; min-width: 4.5em; overflow-wrap: anywhere; }
.rillet-file-name { color: var(--rillet-primary); text-decoration: none; }
.rillet-file-name:hover { text-decoration: underline; }
.rillet-file-size { white-space: nowrap; text-align: right; color: var(--rillet-muted); }
.rillet-file-table td.rillet-file-cell-remove { width: 1%; padding: 0 2px; }
.rillet-file-remove { border: none; background: none; color: var(--rillet-muted); cursor: pointer;
  font-size: 18px; line-height: 1; padding: 0 4px; }
.rillet-file-remove:hover { color: var(--rillet-text); }
.rillet-file-tools { display: flex; justify-content: flex-end; gap: 4px; padding: 4px; }
.rillet-file-tool { display: inline-flex; align-items: center; justify-content: center; width: 26px;
  height: 26px; border: 1px solid var(--rillet-border); border-radius: 6px; background: var(--rillet-bg);
  color: var(--rillet-muted); cursor: pointer; font-size: 17px; line-height: 1; }
.rillet-file-tool:hover { color: var(--rillet-text); }
.rillet-file-progress { position: relative; height: 22px; margin: 8px; border-radius: 4px;
  background: var(--rillet-border); overflow: hidden; }
.rillet-file-bar { position: absolute; inset: 0 auto 0 0; width: 0; background: var(--rillet-primary);
  opacity: 0.35; transition: width 0.1s; }
.rillet-file-progress-text { position: relative; display: block; text-align: center; font-size: 12px;
  line-height: 22px; color: var(--rillet-text); }
.rillet-file-input:focus-visible ~ .rillet-file-drop { outline: 2px solid var(--rillet-primary); }
`;
