/**
 * Markdown. Payload: a Markdown string, rendered by the page's renderer
 * (`rillet/markdown.js`: markdown-it, HTML in the source shown as text, tables and images).
 * `line_breaks` makes a single newline a line break. A streamed root `append` renders
 * only the last block again.
 */

import { applyCommon, h, makeLabel, rootAppendText } from "rillet/block.js";
import { makeMarkdown, MarkdownStream } from "rillet/markdown.js";

/**
 * Mount a Markdown display into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, show_label, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Markdown(el, props, ctx);
}

class Markdown {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.label = makeLabel(this.props, null);
    this.body = h("div", { class: "rillet-md", "data-testid": "markdown" });
    el.classList.add("rillet-markdown");
    el.append(this.label.el, this.body);
    applyCommon(el, this.props);
    this.value = toText(props.value);
    this.view = new MarkdownStream(this.body, renderer(this.props));
    this.view.reset(this.value);
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /**
   * @param {any} value
   * @param {Array} [edits] a root append is rendered incrementally
   */
  set(value, edits) {
    const text = toText(value);
    if (text === this.value) return;
    const chunk = rootAppendText(edits);
    const appended = chunk !== null && text.length === this.value.length + chunk.length;
    this.value = text;
    if (appended) this.view.append(chunk);
    else this.view.set(text);
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("line_breaks" in props) {
      this.view.md = renderer(this.props);
      this.view.reset(this.value);
    }
    if ("value" in props) this.set(props.value);
  }
}

/** @param {Object} props */
function renderer(props) {
  return makeMarkdown({ lineBreaks: props.line_breaks === true });
}

function toText(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}
