/**
 * The input bar audio and video share: Upload, Record (with its clock), Clear, and
 * dropping a file onto the component. The view it serves provides `sources`,
 * `interactive`, `el`, `controls`, `recorder`, `uploadFile(file, how)`, `record()`,
 * `stopRecording()` and `clear()`; the bar sets `view.recordButton`, `view.recordTime`
 * and `view.clearButton`.
 */

import { h, uid } from "./block.js";

/**
 * Build the bar into `view.controls`.
 * @param {Object} view the audio or video view
 * @param {"audio"|"video"} kind names the classes, labels and test ids
 * @param {string} recordSource the `sources` entry that records ("microphone", "webcam")
 */
export function renderSourceBar(view, kind, recordSource) {
  const bar = h("div", { class: `rill-${kind}-sources rill-media-sources` });
  if (view.sources.includes("upload")) bar.append(uploadControl(view, kind));
  if (view.sources.includes(recordSource)) bar.append(recordControl(view, kind));
  view.clearButton = h("button", { type: "button", class: "rill-icon-btn", "aria-label": `Clear ${kind}`,
    text: "×" });
  view.clearButton.addEventListener("click", () => view.clear());
  bar.append(view.clearButton);
  view.controls.append(bar);
  listenForDrops(view);
}

function uploadControl(view, kind) {
  const id = uid(`${kind}-file`);
  const picker = h("input", { id, type: "file", accept: `${kind}/*`, class: "rill-file-input",
    "aria-label": `Upload ${kind}` });
  picker.addEventListener("change", () => {
    if (picker.files && picker.files[0]) view.uploadFile(picker.files[0], "upload");
    picker.value = "";
  });
  return h("label", { for: id, class: "rill-btn rill-btn-sm rill-media-upload" }, [picker, "Upload"]);
}

function recordControl(view, kind) {
  view.recordButton = h("button", { type: "button", class: "rill-btn rill-btn-sm",
    "data-testid": `${kind}-record`, text: "● Record" });
  view.recordTime = h("span", { class: "rill-media-time rill-muted" });
  view.recordButton.addEventListener("click", () => (view.recorder ? view.stopRecording() : view.record()));
  return h("span", { class: "rill-media-record" }, [view.recordButton, view.recordTime]);
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
