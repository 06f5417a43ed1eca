/**
 * Chatbot. Payload: a list of messages `{role, content: [{type: "text", text}], metadata?}`
 * (Gradio 6's format).
 *
 * Each message is a bubble (`data-testid="user"` or `"bot"`) whose Markdown is rendered by
 * the page's renderer (`rillet/markdown.js`: HTML in a message is shown as text and never
 * runs, unsafe link schemes are refused). A streamed reply arrives as `append` edits at
 * `[i, "content", 0, "text"]`; only that message is touched, and only its last Markdown
 * block is rendered again (`MarkdownStream`), so a token costs the same however long the
 * reply or the history. The log follows the stream unless the user
 * scrolled up. `el.rilletStats` counts updates (`appends`: those that took the append path)
 * and their main-thread milliseconds, for benchmarks.
 */

import { applyCommon, h, makeLabel } from "rillet/block.js";
import { makeMarkdown, MarkdownStream } from "rillet/markdown.js";
import { autoScroller, TextStream } from "rillet/textstream.js";

/**
 * Mount a chatbot into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): Array, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Chatbot(el, props, ctx);
}

class Chatbot {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { render_markdown: true, line_breaks: true, autoscroll: true, ...props };
    this.label = makeLabel(this.props, null);
    this.log = h("div", { class: "rillet-chat-log", "data-testid": "chatbot", role: "log" });
    this.placeholder = h("div", { class: "rillet-chat-placeholder" });
    this.views = [];
    this.value = [];
    this.md = makeRenderer(this.props);
    this.scroller = autoScroller(this.log);
    el.rilletStats = { updates: 0, appends: 0, ms: 0 };
    el.classList.add("rillet-chatbot");
    el.append(this.label.el, this.log);
    applyCommon(el, this.props);
    this.applySize();
    this.set(props.value);
  }

  /** @returns {Array} the messages, in the wire format */
  get() {
    return this.value;
  }

  /**
   * Show new messages; `append` edits to message texts touch only those messages.
   * @param {any} value
   * @param {Array} [edits]
   */
  set(value, edits) {
    const start = performance.now();
    const messages = Array.isArray(value) ? value : [];
    const follow = this.props.autoscroll !== false;
    if (follow) this.scroller.before();
    if (this.appendEdits(messages, edits)) this.el.rilletStats.appends += 1;
    else this.reconcile(messages);
    this.value = messages;
    this.showPlaceholder();
    if (follow) this.scroller.after();
    this.el.rilletStats.updates += 1;
    this.el.rilletStats.ms += performance.now() - start;
    this.ctx.emit("change");
  }

  /** Apply `append` edits at [i, "content", 0, "text"]; false when there are others. */
  appendEdits(messages, edits) {
    if (!Array.isArray(edits) || !edits.length || messages.length !== this.views.length) return false;
    const ok = edits.every(([op, path, chunk]) => op === "append" && Array.isArray(path)
      && path.length === 4 && path[1] === "content" && path[2] === 0 && path[3] === "text"
      && typeof chunk === "string" && path[0] >= 0 && path[0] < this.views.length
      && Array.isArray(messages[path[0]].content) && messages[path[0]].content.length === 1);
    if (!ok) return false;
    for (const [, path, chunk] of edits) this.views[path[0]].append(chunk);
    return true;
  }

  /** Bring the bubbles in line with `messages`, keeping those that did not change. */
  reconcile(messages) {
    let i = 0;
    for (; i < messages.length; i += 1) {
      const view = this.views[i];
      const msg = messages[i] || {};
      if (view && view.role === roleOf(msg)) view.set(textOf(msg));
      else break;
    }
    for (const view of this.views.splice(i)) view.el.remove();
    for (; i < messages.length; i += 1) {
      const view = new MessageView(messages[i] || {}, this.md, this.props);
      this.views.push(view);
      this.log.append(view.el);
    }
  }

  showPlaceholder() {
    const text = this.props.placeholder;
    const empty = this.views.length === 0 && Boolean(text);
    if (empty) {
      new MessageView({ content: text }, this.md, this.props).renderInto(this.placeholder);
      if (!this.placeholder.isConnected) this.log.append(this.placeholder);
    } else if (this.placeholder.isConnected) this.placeholder.remove();
  }

  applySize() {
    const css = (v) => (v === null || v === undefined ? "" : typeof v === "number" ? `${v}px` : String(v));
    this.log.style.height = css(this.props.height);
    this.log.style.minHeight = css(this.props.min_height);
    this.log.style.maxHeight = css(this.props.max_height);
    this.log.dir = this.props.rtl ? "rtl" : "";
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    this.applySize();
    if ("render_markdown" in props || "line_breaks" in props) {
      this.md = makeRenderer(this.props);
      for (const view of this.views.splice(0)) view.el.remove();
      this.reconcile(this.value);
    }
    if ("value" in props) this.set(props.value);
  }
}

/** One message bubble, rendered incrementally as its text grows. */
class MessageView {
  /**
   * @param {Object} msg a message of the wire format
   * @param {import("rillet/markdown.js").Renderer} md
   * @param {Object} props the chatbot's props (`render_markdown`)
   */
  constructor(msg, md, props) {
    this.role = roleOf(msg);
    const markdown = props.render_markdown !== false;
    const testid = this.role === "user" ? "user" : "bot";
    this.el = h("div", { class: `rillet-msg rillet-msg-${testid}`, "data-testid": testid });
    this.body = h("div", { class: markdown ? "rillet-md rillet-msg-body" : "rillet-msg-body rillet-msg-plain" });
    this.el.append(this.body);
    /** @type {MarkdownStream|TextStream} */
    this.text = markdown ? new MarkdownStream(this.body, md) : new TextStream(this.body);
    this.text.reset(textOf(msg));
  }

  /** Render `msg`-like text into another element once (the placeholder). */
  renderInto(target) {
    target.replaceChildren(...this.body.cloneNode(true).childNodes);
  }

  /** @param {string} text the message's whole text */
  set(text) {
    this.text.set(text);
  }

  /** @param {string} chunk text added at the end */
  append(chunk) {
    this.text.append(chunk);
  }
}

function makeRenderer(props) {
  return makeMarkdown({ lineBreaks: props.line_breaks !== false });
}

function roleOf(msg) {
  return msg.role === "user" ? "user" : msg.role || "assistant";
}

/** The text of a message: its text parts joined (Gradio 6), or a string content. */
function textOf(msg) {
  const content = msg.content;
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  const parts = Array.isArray(content) ? content : [content];
  return parts.map((p) => (p && p.type === "text" ? String(p.text ?? "") : p && p.path ? `[${p.orig_name || p.path}]` : "")).join("");
}
