/**
 * Textbox. Payload: a string.
 *
 * Interactive: a `<textarea>` (or `<input>` for type "password"/"email") with
 * `data-testid="textbox"`; Enter submits when `lines` is 1; typing emits "input" and
 * "change". Read-only (interactive false): a `<div role="textbox" data-testid="textbox">`
 * whose text grows through a TextStream, so a streamed append costs the same at any
 * length (a textarea re-lays out all its text on every change).
 *
 * `buttons: ["copy"]` puts a copy button beside the label (`../toolbar.js`): it copies
 * the text and emits "copy" with `{value}` (Gradio's `gr.CopyData`); hidden while empty.
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, rootAppendText, uid } from "rillet/block.js";
import { autoScroller, TextStream } from "rillet/textstream.js";
import { toolbar } from "rillet/toolbar.js";

const DEFAULTS = { lines: 1, type: "text", autoscroll: true, placeholder: null };
const REBUILD = ["interactive", "type", "lines", "max_lines", "rtl", "text_align", "max_length"];

/**
 * Mount a textbox into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Textbox(el, props, ctx);
}

class Textbox {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...DEFAULTS, ...props };
    this.value = toText(props.value);
    this.controlId = uid("textbox");
    this.label = makeLabel(this.props, this.controlId);
    this.info = makeInfo(this.props);
    this.wrap = h("div", { class: "rillet-textbox-wrap" });
    addStyles("textbox", CSS);
    this.bar = toolbar(this.props.buttons || [], {
      copy: () => this.value,
      copied: (text) => this.ctx.emit("copy", { value: text }),
    });
    el.classList.add("rillet-textbox");
    el.append(h("div", { class: "rillet-textbox-head" }, [this.label.el, this.bar.el]), this.info.el, this.wrap);
    applyCommon(el, this.props);
    this.render();
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /**
   * Show a new value; a root `append` edit is appended without touching earlier text.
   * @param {any} value
   * @param {Array} [edits]
   */
  set(value, edits) {
    const text = toText(value);
    if (text === this.value) return;
    const chunk = rootAppendText(edits);
    const appended = chunk !== null && text.length === this.value.length + chunk.length;
    this.value = text;
    if (this.stream) this.showOutput(appended ? chunk : null);
    else if (this.input.value !== text) this.input.value = text;
    this.bar.update();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const rebuild = REBUILD.some((key) => key in props && props[key] !== this.props[key]);
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    this.info.update(props);
    if (rebuild) this.render();
    else if ("placeholder" in props && this.input) setPlaceholder(this.input, props.placeholder);
    if ("value" in props) this.set(props.value);
  }

  render() {
    this.stream = null;
    this.input = null;
    this.wrap.replaceChildren();
    if (this.props.interactive === false) this.renderOutput();
    else this.renderInput();
  }

  renderOutput() {
    const box = h("div", {
      class: "rillet-textbox-output", id: this.controlId, "data-testid": "textbox", role: "textbox",
      "aria-readonly": "true", "aria-multiline": "true", "aria-labelledby": this.label.id, tabindex: "0",
    });
    setLines(box, this.props);
    setDirection(box, this.props);
    Object.defineProperty(box, "value", { get: () => this.value });
    this.stream = new TextStream(box);
    this.stream.set(this.value);
    this.scroller = autoScroller(box);
    this.wrap.append(box);
  }

  showOutput(chunk) {
    const follow = this.props.autoscroll !== false;
    if (follow) this.scroller.before();
    if (chunk !== null) this.stream.append(chunk);
    else this.stream.set(this.value);
    if (follow) this.scroller.after();
  }

  renderInput() {
    const type = this.props.type || "text";
    const single = type !== "text";
    const input = single
      ? h("input", { type, autocomplete: type === "password" ? "current-password" : null })
      : h("textarea", { rows: Math.max(1, this.props.lines || 1) });
    input.id = this.controlId;
    input.className = "rillet-input";
    input.dataset.testid = "textbox";
    if (!single) setLines(input, this.props);
    setDirection(input, this.props);
    setPlaceholder(input, this.props.placeholder);
    if (this.props.max_length) input.maxLength = this.props.max_length;
    if (this.props.autofocus) queueMicrotask(() => input.focus());
    input.value = this.value;
    input.addEventListener("input", () => this.onInput());
    input.addEventListener("keydown", (e) => this.onKey(e, single));
    input.addEventListener("focus", () => this.ctx.emit("focus"));
    input.addEventListener("blur", () => this.ctx.emit("blur"));
    this.input = input;
    this.wrap.append(input);
  }

  onInput() {
    this.value = this.input.value;
    this.bar.update();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  onKey(event, single) {
    if (event.key !== "Enter" || event.isComposing) return;
    const submits = single || ((this.props.lines || 1) <= 1 && !event.shiftKey);
    if (!submits) return;
    event.preventDefault();
    this.ctx.emit("submit");
  }
}

function toText(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}

/** min/max height in lines; Gradio's max_lines default is 20 (1 for password/email). */
function setLines(node, props) {
  const lines = Math.max(1, props.lines || 1);
  const max = props.max_lines ?? (props.type && props.type !== "text" ? 1 : 20);
  node.style.setProperty("--rillet-lines", String(lines));
  node.style.setProperty("--rillet-max-lines", String(Math.max(lines, max)));
}

function setDirection(node, props) {
  if (props.rtl) node.dir = "rtl";
  if (props.text_align) node.style.textAlign = props.text_align;
}

function setPlaceholder(input, text) {
  if (text) input.placeholder = text;
  else input.removeAttribute("placeholder");
}

const CSS = `
.rillet-textbox-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.rillet-textbox-head .rillet-toolbar { position: static; margin: -4px -4px 2px 0; }
.rillet-textbox-head .rillet-toolbar-button { width: 24px; height: 24px; }
.rillet-textbox-head .rillet-toolbar-button svg { width: 14px; height: 14px; }
`;
