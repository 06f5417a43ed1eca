/**
 * Dialogue: lines of `{speaker, text}`. The dialogue view has a row per line (a speaker
 * picker from `speakers`, or a free field when there are none, the text, a remove button)
 * and "Add line"; the text view (`ui_mode` "text", or the toggle when "both") is one
 * textarea of `[speaker] text` lines joined by `separator`, read back by the same rule.
 * Enter in a line (or Ctrl/Cmd+Enter in the text view) emits "submit"; each edit emits
 * "input" and "change". `color_map` colours each speaker's row.
 * Payload: the list of lines, or a string (the text view's content).
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, sameValue } from "rillet/block.js";

const CSS = `
.rillet-dialogue-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.rillet-dialogue-modes { display: inline-flex; border: 1px solid var(--rillet-border);
  border-radius: var(--rillet-radius); overflow: hidden; }
.rillet-dialogue-modes button { font: inherit; font-size: 0.85em; padding: 2px 10px; border: 0; cursor: pointer;
  background: var(--rillet-bg); color: var(--rillet-muted); }
.rillet-dialogue-modes button[aria-pressed="true"] { background: var(--rillet-subtle); color: var(--rillet-text); }
.rillet-dialogue-lines { display: flex; flex-direction: column; gap: 6px; }
.rillet-dialogue-line { display: flex; gap: 6px; align-items: center; padding-left: 6px;
  border-left: 3px solid var(--rillet-speaker, var(--rillet-border)); }
.rillet-dialogue-line .rillet-dialogue-speaker { flex: 0 0 auto; width: 9em; max-width: 40%; }
.rillet-dialogue-line .rillet-dialogue-text { flex: 1 1 auto; min-width: 0; }
.rillet-dialogue-remove { flex: none; width: 28px; height: 28px; padding: 0; cursor: pointer; font-size: 16px;
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius);
  background: var(--rillet-bg); color: var(--rillet-muted); }
.rillet-dialogue-remove:hover { color: var(--rillet-text); }
.rillet-dialogue-add { align-self: flex-start; margin-top: 4px; font: inherit; font-size: 0.9em; cursor: pointer;
  padding: 4px 10px; border: 1px dashed var(--rillet-input-border); border-radius: var(--rillet-radius);
  background: none; color: var(--rillet-muted); }
.rillet-dialogue-add:hover { color: var(--rillet-text); }
.rillet-dialogue-view { display: flex; flex-direction: column; }
.rillet-dialogue-textarea { width: 100%; box-sizing: border-box; min-height: 6em; resize: vertical; }
.rillet-dialogue-readonly .rillet-dialogue-speaker-text { font-weight: 600; flex: 0 0 auto; }
`;

/**
 * Lines as text: `[speaker] text`, joined by `separator` (Gradio's default formatter).
 * @param {Array<{speaker: string, text: string}>} lines
 * @param {string} separator
 * @returns {string}
 */
export function formatLines(lines, separator) {
  if (lines.length === 1 && !lines[0].text) return "";
  return lines.map((l) => `[${l.speaker}] ${l.text}`).join(separator);
}

/**
 * Text read back into lines: `[speaker] text`, or `text` alone for `fallback`'s speaker;
 * blank lines are skipped (Gradio's default unformatter).
 * @param {string} text
 * @param {string} separator
 * @param {string} fallback
 * @returns {Array<{speaker: string, text: string}>}
 */
export function parseLines(text, separator, fallback) {
  const out = [];
  for (const raw of String(text ?? "").split(separator || "\n")) {
    const line = raw.trim();
    if (!line) continue;
    const end = line.indexOf("]");
    if (line.startsWith("[") && end > 0) out.push({ speaker: line.slice(1, end), text: line.slice(end + 1).trim() });
    else out.push({ speaker: fallback, text: line });
  }
  return out;
}

/**
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, ...}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("dialogue", CSS);
  const p = { separator: "\n", ui_mode: "both", ...props };
  /** @type {Array<{speaker: string, text: string}>} */
  let lines = [];
  let text = "";
  let mode = p.ui_mode === "text" ? "text" : "dialogue";
  const label = makeLabel(p);
  const info = makeInfo(p);
  const dialogueBtn = h("button", { type: "button", text: "Dialogue" });
  const textBtn = h("button", { type: "button", text: "Text" });
  const modes = h("div", { class: "rillet-dialogue-modes", role: "group", "aria-label": "View" }, [dialogueBtn, textBtn]);
  const list = h("div", { class: "rillet-dialogue-lines" });
  const add = h("button", { type: "button", class: "rillet-dialogue-add", text: "+ Add line" });
  const dialogueView = h("div", { class: "rillet-dialogue-view" }, [list, add]);
  const area = /** @type {HTMLTextAreaElement} */ (h("textarea", { class: "rillet-input rillet-dialogue-textarea",
    "aria-labelledby": label.id }));
  el.classList.add("rillet-dialogue");
  el.append(h("div", { class: "rillet-dialogue-head" }, [label.el, modes]), info.el, dialogueView, area);

  const editable = () => p.interactive !== false;
  const speakers = () => (Array.isArray(p.speakers) ? p.speakers.map(String) : null);
  const fallback = () => (speakers() || [])[0] ?? "Unknown";
  const colour = (/** @type {string} */ who) => (p.color_map && p.color_map[who]) || "";

  const changed = () => {
    ctx.emit("input");
    ctx.emit("change");
  };

  const speakerField = (/** @type {{speaker: string, text: string}} */ line) => {
    const names = speakers();
    if (!names) {
      const input = /** @type {HTMLInputElement} */ (h("input", { class: "rillet-input rillet-dialogue-speaker",
        value: line.speaker, placeholder: "Speaker", "aria-label": "Speaker" }));
      input.addEventListener("input", () => { line.speaker = input.value; changed(); });
      return input;
    }
    const select = /** @type {HTMLSelectElement} */ (h("select", { class: "rillet-input rillet-dialogue-speaker",
      "aria-label": "Speaker" }));
    const options = names.includes(line.speaker) ? names : [line.speaker, ...names];
    for (const name of options) select.append(h("option", { value: name, text: name }));
    select.value = line.speaker;
    select.addEventListener("change", () => {
      line.speaker = select.value;
      drawLines();
      changed();
    });
    return select;
  };

  const lineRow = (/** @type {{speaker: string, text: string}} */ line, /** @type {number} */ i) => {
    const row = h("div", { class: "rillet-dialogue-line", dataset: { index: String(i) } });
    const c = colour(line.speaker);
    if (c) row.style.setProperty("--rillet-speaker", c);
    if (!editable()) {
      row.classList.add("rillet-dialogue-readonly");
      row.append(h("span", { class: "rillet-dialogue-speaker-text", text: line.speaker }),
        h("span", { class: "rillet-dialogue-text", text: line.text }));
      return row;
    }
    const input = /** @type {HTMLInputElement} */ (h("input", { class: "rillet-input rillet-dialogue-text",
      value: line.text, placeholder: p.placeholder ?? "", "aria-label": `Line ${i + 1}` }));
    input.addEventListener("input", () => { line.text = input.value; changed(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        ctx.emit("submit");
      }
    });
    const remove = h("button", { type: "button", class: "rillet-dialogue-remove", text: "×",
      "aria-label": `Remove line ${i + 1}` });
    remove.addEventListener("click", () => {
      lines.splice(i, 1);
      drawLines();
      changed();
    });
    row.append(speakerField(line), input, remove);
    return row;
  };

  const drawLines = () => {
    list.replaceChildren(...lines.map(lineRow));
    add.hidden = !editable();
  };

  const draw = () => {
    const both = p.ui_mode === "both";
    modes.hidden = !both;
    dialogueBtn.setAttribute("aria-pressed", String(mode === "dialogue"));
    textBtn.setAttribute("aria-pressed", String(mode === "text"));
    dialogueView.hidden = mode !== "dialogue";
    area.hidden = mode !== "text";
    area.readOnly = !editable();
    area.placeholder = p.placeholder ?? "";
    if (mode === "text") area.value = text;
    else drawLines();
  };

  /** Switch views, carrying the content across. */
  const show = (/** @type {string} */ next) => {
    if (next === mode) return;
    if (next === "text") text = formatLines(lines, p.separator);
    else lines = parseLines(area.value, p.separator, fallback());
    mode = next;
    draw();
  };
  dialogueBtn.addEventListener("click", () => show("dialogue"));
  textBtn.addEventListener("click", () => show("text"));
  add.addEventListener("click", () => {
    const names = speakers() || [];
    const last = lines[lines.length - 1];
    const at = last ? names.indexOf(last.speaker) : -1;
    const speaker = names.length ? names[(at + 1) % names.length] : (last ? last.speaker : "");
    lines.push({ speaker, text: "" });
    drawLines();
    const inputs = list.querySelectorAll(".rillet-dialogue-text");
    const newest = inputs[inputs.length - 1];
    if (newest instanceof HTMLElement) newest.focus();
    changed();
  });
  area.addEventListener("input", () => { text = area.value; changed(); });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      ctx.emit("submit");
    }
  });

  const setValue = (/** @type {any} */ value) => {
    if (typeof value === "string") {
      text = value;
      if (p.ui_mode === "dialogue") lines = parseLines(value, p.separator, fallback());
      else mode = "text";
    } else {
      lines = Array.isArray(value) ? value.map((l) => ({ speaker: String(l?.speaker ?? ""), text: String(l?.text ?? "") })) : [];
      text = formatLines(lines, p.separator);
      if (p.ui_mode !== "text") mode = "dialogue";
    }
    draw();
  };

  applyCommon(el, p);
  setValue(p.value);
  if (p.autofocus) queueMicrotask(() => {
    const first = el.querySelector("input, textarea");
    if (first instanceof HTMLElement) first.focus();
  });
  return {
    get: () => (mode === "text" ? text : lines.map((l) => ({ ...l }))),
    set(value) {
      const before = this.get();
      setValue(value);
      if (!sameValue(before, this.get())) ctx.emit("change");
    },
    setProps(next) {
      Object.assign(p, next);
      applyCommon(el, next);
      label.update(next);
      info.update(next);
      if ("ui_mode" in next && p.ui_mode !== "both") show(p.ui_mode === "text" ? "text" : "dialogue");
      if ("value" in next) this.set(next.value);
      else draw();
    },
  };
}
