/**
 * Code. Payload: a string. Read-only: a `<pre><code>` whose text grows through a
 * TextStream (a streamed root append costs the same at any length). Interactive: a
 * monospace `<textarea>` that emits "input" and "change" (and "focus", "blur").
 * `lines` / `max_lines` bound its height, `wrap_lines` wraps long lines, `language`
 * becomes a `language-<name>` class.
 */

import { applyCommon, h, makeLabel, rootAppendText, uid } from "rillet/block.js";
import { autoScroller, TextStream } from "rillet/textstream.js";

/**
 * Mount a code view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, language, lines, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Code(el, props, ctx);
}

class Code {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { lines: 5, ...props };
    this.controlId = uid("code");
    this.label = makeLabel(this.props, this.controlId);
    this.wrap = h("div", { class: "rillet-code-wrap" });
    el.classList.add("rillet-code");
    el.append(this.label.el, this.wrap);
    applyCommon(el, this.props);
    this.value = toText(props.value);
    this.render();
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /**
   * @param {any} value
   * @param {Array} [edits] a root append is appended to the text
   */
  set(value, edits) {
    const text = toText(value);
    if (text === this.value) return;
    const chunk = rootAppendText(edits);
    const appended = chunk !== null && text.length === this.value.length + chunk.length;
    this.value = text;
    if (this.stream) {
      this.scroller.before();
      if (appended) this.stream.append(chunk);
      else this.stream.set(text);
      this.scroller.after();
    } else if (this.input.value !== text) this.input.value = text;
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const rebuild = ["interactive", "language", "lines", "max_lines", "wrap_lines"]
      .some((k) => k in props && props[k] !== this.props[k]);
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if (rebuild) this.render();
    if ("value" in props) this.set(props.value);
  }

  render() {
    this.wrap.replaceChildren();
    this.stream = null;
    this.input = null;
    const lines = String(Math.max(1, this.props.lines || 1));
    const maxLines = this.props.max_lines;
    this.el.classList.toggle("rillet-code-wrap-lines", this.props.wrap_lines === true);
    this.wrap.style.setProperty("--rillet-code-max", maxLines ? `calc(${maxLines} * 1.5em + 20px)` : "");
    if (this.props.interactive === true) {
      this.input = /** @type {HTMLTextAreaElement} */ (h("textarea", { id: this.controlId,
        class: "rillet-input rillet-code-input", spellcheck: "false", rows: lines, "data-testid": "code" }));
      this.input.style.setProperty("--rillet-lines", lines);
      if (maxLines) this.input.style.setProperty("--rillet-max-lines", String(maxLines));
      this.input.value = this.value;
      this.input.addEventListener("input", () => {
        this.value = this.input.value;
        this.ctx.emit("input");
        this.ctx.emit("change");
      });
      for (const name of ["focus", "blur"]) this.input.addEventListener(name, () => this.ctx.emit(name));
      this.wrap.append(this.input);
      return;
    }
    const lang = this.props.language ? `language-${this.props.language}` : null;
    const code = h("code", { class: lang });
    const pre = h("pre", { id: this.controlId, class: "rillet-code-view", tabindex: "0", "data-testid": "code",
      "aria-labelledby": this.label.id }, [code]);
    pre.style.setProperty("--rillet-lines", lines);
    this.stream = new TextStream(code);
    this.stream.set(this.value);
    this.scroller = autoScroller(pre);
    this.wrap.append(pre);
  }
}

function toText(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}
