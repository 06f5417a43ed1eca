/**
 * The input bar audio and video share: Upload, Record (with its clock), Clear, and
 * dropping a file onto the component. The view it serves provides `sources`,
 * `interactive`, `el`, `controls`, `recorder`, `uploadFile(file, how)`, `record()`,
 * `stopRecording()` and `clear()`; the bar sets `view.recordButton`, `view.recordTime`,
 * `view.clearButton` and `view.pickerId` (the file picker's id, which the empty state's
 * "Click to Upload" labels).
 */

import { h, uid } from "rillet/block.js";

/**
 * Build the bar into `view.controls`.
 * @param {Object} view the audio or video view
 * @param {"audio"|"video"} kind names the classes, labels and test ids
 * @param {string} recordSource the `sources` entry that records ("microphone", "webcam")
 */
export function renderSourceBar(view, kind, recordSource) {
  const bar = h("div", { class: `rillet-${kind}-sources rillet-media-sources` });
  if (view.sources.includes("upload")) bar.append(uploadControl(view, kind));
  if (view.sources.includes(recordSource)) bar.append(recordControl(view, kind));
  view.clearButton = h("button", { type: "button", class: "rillet-icon-btn", "aria-label": `Clear ${kind}`,
    text: "×" });
  view.clearButton.addEventListener("click", () => view.clear());
  bar.append(view.clearButton);
  view.controls.append(bar);
  listenForDrops(view);
}

function uploadControl(view, kind) {
  const id = uid(`${kind}-file`);
  view.pickerId = id;
  const picker = h("input", { id, type: "file", accept: `${kind}/*`, class: "rillet-file-input",
    "aria-label": `Upload ${kind}` });
  picker.addEventListener("change", () => {
    if (picker.files && picker.files[0]) view.uploadFile(picker.files[0], "upload");
    picker.value = "";
  });
  return h("label", { for: id, class: "rillet-btn rillet-btn-sm rillet-media-upload" }, [picker, "Upload"]);
}

function recordControl(view, kind) {
  view.recordButton = h("button", { type: "button", class: "rillet-btn rillet-btn-sm",
    "data-testid": `${kind}-record`, text: "● Record" });
  view.recordTime = h("span", { class: "rillet-media-time rillet-muted" });
  view.recordButton.addEventListener("click", () => (view.recorder ? view.stopRecording() : view.record()));
  return h("span", { class: "rillet-media-record" }, [view.recordButton, view.recordTime]);
}

function listenForDrops(view) {
  if (view.dropsBound) return;
  view.dropsBound = true;
  const droppable = () => view.interactive && view.sources.includes("upload");
  view.el.addEventListener("dragover", (e) => { if (droppable()) e.preventDefault(); });
  view.el.addEventListener("drop", (e) => {
    if (!droppable()) return;
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) view.uploadFile(file, "upload");
  });
}

/**
 * Upload `file` as the view's new value (refusing other media types with a warning).
 * @param {Object} view the audio or video view
 * @param {File} file
 * @param {string|null} event the event to emit besides "input" and "change" ("upload")
 * @param {string[]} accepted MIME type prefixes, e.g. ["audio/", "video/"]
 * @param {"audio"|"video"} kind for the warning
 */
export async function uploadMedia(view, file, event, accepted, kind) {
  if (file.type && !accepted.some((prefix) => file.type.startsWith(prefix))) {
    view.ctx.toast?.({ level: "warning", message: `${file.name} is not ${kind === "audio" ? "an" : "a"} ${kind} file.` });
    return;
  }
  view.el.classList.add("rillet-uploading");
  try {
    const [data] = await view.ctx.upload([file]);
    view.value = data;
    view.show(false);
    if (event) view.ctx.emit(event);
    view.ctx.emit("input");
    view.ctx.emit("change");
  } catch (err) {
    view.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
  } finally {
    view.el.classList.remove("rillet-uploading");
  }
}

/** Empty the view's value (emits "clear" and "change" when there was one). */
export function clearMedia(view) {
  if (view.value === null) return;
  view.value = null;
  view.show(false);
  view.ctx.emit("clear");
  view.ctx.emit("change");
}

/** `seconds` as m:ss.s */
export function clock(seconds) {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, "0")}`;
}
