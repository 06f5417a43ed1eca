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
 *
 * Chrome (`buttons`, `../toolbar.js`): "copy" puts a copy button under each message (it
 * copies the message's text, plus the `watermark` if any, and emits "copy" with
 * `{index, value}`); "copy_all" one in the corner that copies the whole chat, a
 * `role: text` line per message. The corner also has Clear (empties the chat, emits
 * "clear"), as Gradio's does; the bar hides while the chat is empty.
 *
 * Thoughts: a message whose `metadata` has a `title` is a collapsible panel
 * (`.rillet-thought`, `data-testid="thought"`): its title (Markdown), `log` and
 * `duration` in the header, a spinner while `status` is "pending" (open), closed once
 * "done" (a click toggles it). A message whose `metadata.parent_id` is an earlier thought's
 * `id` is drawn inside that thought. Media: `file` parts and `component` parts (image,
 * audio, video, file; others by name) are drawn under the message's text; a message's view
 * is only touched when its message changed, so a growing thought costs the same with
 * a hundred earlier steps.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { makeMarkdown, MarkdownStream } from "rillet/markdown.js";
import { autoScroller, TextStream } from "rillet/textstream.js";
import { copyButton, toolbar } from "rillet/toolbar.js";

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
    addStyles("chatbot", CSS);
    const names = this.props.buttons ?? ["copy", "copy_all"];
    this.bar = toolbar(["clear", ...names.filter((n) => n !== "copy")], {
      copy_all: () => this.transcript(),
      clear: () => this.clear(),
    });
    /** @type {{copy: boolean, copied: (index: number, text: string) => void}} what a message's bar does */
    this.messageTools = {
      copy: names.includes("copy"),
      copied: (index, text) => this.ctx.emit("copy", { index, value: text }),
    };
    el.classList.add("rillet-chatbot");
    el.append(this.label.el, this.bar.el, this.log);
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
    this.bar.update();
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
      if (!view || !view.fits(msg)) break;
      if (view.msg !== msg) view.update(msg);
    }
    for (const view of this.views.splice(i)) view.el.remove();
    for (; i < messages.length; i += 1) {
      const msg = messages[i] || {};
      const view = new MessageView(msg, this.md, this.props, i, this.messageTools, this.ctx);
      this.parentOf(view).append(view.el);
      this.views.push(view);
    }
  }

  /**
   * Where a new message goes: inside the latest thought whose `id` is its `parent_id`,
   * else in the log.
   * @param {MessageView} view
   * @returns {HTMLElement}
   */
  parentOf(view) {
    if (view.parentId === undefined || view.parentId === null) return this.log;
    for (let j = this.views.length - 1; j >= 0; j -= 1) {
      const other = this.views[j];
      if (other.children && other.thoughtId === view.parentId) return other.children;
    }
    return this.log;
  }

  showPlaceholder() {
    const text = this.props.placeholder;
    const empty = this.views.length === 0 && Boolean(text);
    if (empty) {
      new MessageView({ content: text }, this.md, this.props).renderInto(this.placeholder);
      if (!this.placeholder.isConnected) this.log.append(this.placeholder);
    } else if (this.placeholder.isConnected) this.placeholder.remove();
  }

  /** @returns {string} the whole chat as text: a `role: text` line per message */
  transcript() {
    const text = this.value.map((msg) => `${roleOf(msg)}: ${textOf(msg)}`).join("\n");
    return withWatermark(text, this.props.watermark);
  }

  /** Clear: the chat is emptied here, then "clear" fires (as Gradio's does). */
  clear() {
    this.set([]);
    this.ctx.emit("clear");
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

/** One message bubble (or thought panel), its text rendered incrementally as it grows. */
class MessageView {
  /**
   * @param {Object} msg a message of the wire format
   * @param {import("rillet/markdown.js").Renderer} md
   * @param {Object} props the chatbot's props (`render_markdown`, `watermark`)
   * @param {number} [index] its place in the chat
   * @param {{copy: boolean, copied: (index: number, text: string) => void}} [tools] its buttons
   * @param {Object} [ctx] the page's context (file URLs)
   */
  constructor(msg, md, props, index = 0, tools = undefined, ctx = undefined) {
    this.msg = msg;
    this.md = md;
    this.ctx = ctx;
    this.role = roleOf(msg);
    const meta = msg.metadata || {};
    this.thoughtId = meta.title ? meta.id : undefined;
    this.parentId = meta.parent_id;
    this.source = textOf(msg);
    const markdown = props.render_markdown !== false;
    const testid = this.role === "user" ? "user" : "bot";
    this.bubble = h("div", { class: `rillet-msg rillet-msg-${testid}`, "data-testid": testid });
    this.el = h("div", { class: `rillet-msg-row rillet-msg-row-${testid}` }, [this.bubble]);
    this.body = h("div", { class: markdown ? "rillet-md rillet-msg-body" : "rillet-msg-body rillet-msg-plain" });
    this.media = h("div", { class: "rillet-msg-media" });
    this.mediaKey = "";
    /** @type {HTMLElement|null} where nested thoughts go */
    this.children = null;
    if (meta.title) this.buildThought(meta);
    else this.bubble.append(this.body, this.media);
    const mediaOnly = !this.source && Array.isArray(msg.content) && msg.content.some((p) => p && p.type !== "text");
    if (tools && tools.copy && !meta.title && !mediaOnly) {
      const copy = copyButton(() => withWatermark(this.source, props.watermark),
        () => tools.copied(index, this.source));
      this.el.append(h("div", { class: "rillet-msg-tools" }, [copy]));
    }
    /** @type {MarkdownStream|TextStream} */
    this.text = markdown ? new MarkdownStream(this.body, md) : new TextStream(this.body);
    this.text.reset(textOf(msg));
    this.showMedia(msg);
  }

  /** @param {Object} meta the message's metadata (with a title) */
  buildThought(meta) {
    this.bubble.classList.add("rillet-thought");
    this.bubble.dataset.testid = "thought";
    this.head = h("button", { type: "button", class: "rillet-thought-head", "aria-expanded": "true" });
    this.panel = h("div", { class: "rillet-thought-body" });
    this.children = h("div", { class: "rillet-thought-children" });
    this.panel.append(this.body, this.media, this.children);
    this.bubble.append(this.head, this.panel);
    this.head.addEventListener("click", () => this.setOpen(this.panel.hidden));
    /** @type {string|null|undefined} the status last shown (null: none yet) */
    this.status = null;
    this.showMeta(meta);
  }

  /** @param {Object} meta the thought's metadata: header, spinner, and open while pending */
  showMeta(meta) {
    const title = h("span", { class: "rillet-thought-title rillet-md" });
    title.innerHTML = this.md.render(String(meta.title ?? ""));
    const parts = [h("span", { class: "rillet-thought-chevron", "aria-hidden": "true", text: "▸" })];
    if (meta.status === "pending") parts.push(h("span", { class: "rillet-thought-spinner", "data-testid": "thought-pending" }));
    parts.push(title);
    if (meta.log) parts.push(h("span", { class: "rillet-thought-log", text: String(meta.log) }));
    if (typeof meta.duration === "number") parts.push(h("span", { class: "rillet-thought-log", text: `(${formatDuration(meta.duration)})` }));
    this.head.replaceChildren(...parts);
    if (this.status === null || meta.status !== this.status) this.setOpen(meta.status !== "done");
    this.status = meta.status;
  }

  /** @param {boolean} open */
  setOpen(open) {
    this.panel.hidden = !open;
    this.head.setAttribute("aria-expanded", String(open));
    this.bubble.classList.toggle("rillet-thought-open", open);
  }

  /** Whether this view can show `msg` in place (same role, kind and parent). */
  fits(msg) {
    const meta = msg.metadata || {};
    return roleOf(msg) === this.role && Boolean(meta.title) === Boolean(this.children)
      && meta.parent_id === this.parentId && (meta.title ? meta.id : undefined) === this.thoughtId;
  }

  /** @param {Object} msg the message, changed */
  update(msg) {
    this.msg = msg;
    this.set(textOf(msg));
    if (this.children) this.showMeta(msg.metadata || {});
    this.showMedia(msg);
  }

  /** Draw the message's file and component parts (again only when they changed). */
  showMedia(msg) {
    const parts = (Array.isArray(msg.content) ? msg.content : []).filter((p) => p && p.type !== "text");
    const key = parts.length ? JSON.stringify(parts) : "";
    if (key === this.mediaKey) return;
    this.mediaKey = key;
    this.media.replaceChildren(...parts.map((p) => mediaOf(p, this.ctx)));
  }

  /** Render `msg`-like text into another element once (the placeholder). */
  renderInto(target) {
    target.replaceChildren(...this.body.cloneNode(true).childNodes);
  }

  /** @param {string} text the message's whole text */
  set(text) {
    this.source = text;
    this.text.set(text);
  }

  /** @param {string} chunk text added at the end */
  append(chunk) {
    this.source += chunk;
    this.text.append(chunk);
  }
}

/**
 * A file or component part as an element: an image, a player, or a download link.
 * @param {Object} part `{type: "file", file, alt_text}` or `{type: "component", component, value}`
 * @param {Object} [ctx]
 * @returns {HTMLElement}
 */
function mediaOf(part, ctx) {
  const kind = part.type === "component" ? String(part.component || "") : "";
  const file = part.type === "file" ? part.file : part.value;
  const files = Array.isArray(file) ? file : [file];
  const first = files[0];
  if (!first || typeof first !== "object" || !first.path) {
    return h("div", { class: "rillet-msg-file", text: kind ? `[${kind}]` : "[file]" });
  }
  const mime = String(first.mime_type || guessMime(first.orig_name || first.path));
  const src = fileUrl(first, ctx);
  const alt = part.alt_text || first.orig_name || "";
  if (kind === "image" || (!kind && mime.startsWith("image/"))) {
    return h("img", { class: "rillet-msg-image", src, alt, "data-testid": "chat-image", loading: "lazy" });
  }
  if (kind === "audio" || (!kind && mime.startsWith("audio/"))) {
    return h("audio", { class: "rillet-msg-audio", src, controls: "", "data-testid": "chat-audio" });
  }
  if (kind === "video" || (!kind && mime.startsWith("video/"))) {
    return h("video", { class: "rillet-msg-video", src, controls: "", "data-testid": "chat-video" });
  }
  return h("div", { class: "rillet-msg-files" }, files.filter((f) => f && f.path).map((f) =>
    h("a", { class: "rillet-msg-file", href: fileUrl(f, ctx), download: f.orig_name || "", "data-testid": "chat-file",
      target: "_blank", rel: "noopener", text: f.orig_name || String(f.path).split("/").pop() })));
}

/** A safe URL for a FileData: the page's route for server files, else an http(s) URL. */
function fileUrl(file, ctx) {
  const url = String(file.url || "");
  if (/^https?:\/\//i.test(url)) return url;
  if (/^https?:\/\//i.test(String(file.path))) return String(file.path);
  return ctx && ctx.url ? ctx.url({ path: file.path }) : "";
}

const EXT_MIME = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
  svg: "image/svg+xml", mp3: "audio/mpeg", wav: "audio/wav", ogg: "audio/ogg", flac: "audio/flac",
  mp4: "video/mp4", webm: "video/webm", mov: "video/quicktime" };

function guessMime(name) {
  const ext = String(name).split("?")[0].split(".").pop().toLowerCase();
  return EXT_MIME[ext] || "";
}

function formatDuration(seconds) {
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
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
  return parts.map((p) => (p && p.type === "text" ? String(p.text ?? "") : "")).join("");
}

/** `text`, and the app's watermark after a blank line (what Gradio's copy buttons copy). */
function withWatermark(text, watermark) {
  return watermark ? `${text}\n\n${watermark}` : text;
}

const CSS = `
.rillet-msg-row { display: flex; flex-direction: column; max-width: 85%; gap: 2px; }
.rillet-msg-row-user { align-self: flex-end; align-items: flex-end; }
.rillet-msg-row-bot { align-self: flex-start; align-items: flex-start; }
.rillet-msg-row > .rillet-msg { max-width: 100%; }
.rillet-msg-tools { display: flex; gap: 4px; }
.rillet-msg-tools .rillet-toolbar-button { width: 24px; height: 24px; border-color: transparent; background: none; }
.rillet-msg-tools .rillet-toolbar-button:hover { border-color: var(--rillet-border); }
.rillet-msg-tools .rillet-toolbar-button svg { width: 14px; height: 14px; }
.rillet-chatbot > .rillet-toolbar { top: 6px; right: 8px; }
.rillet-msg-body:empty { display: none; }
.rillet-msg-media { display: flex; flex-direction: column; gap: 6px; }
.rillet-msg-media:empty { display: none; }
.rillet-msg-image { max-width: min(100%, 360px); max-height: 360px; border-radius: var(--rillet-radius); display: block; }
.rillet-msg-audio { max-width: 100%; }
.rillet-msg-video { max-width: min(100%, 480px); border-radius: var(--rillet-radius); }
.rillet-msg-files { display: flex; flex-direction: column; gap: 4px; }
.rillet-msg-file { color: var(--rillet-primary); text-decoration: underline; word-break: break-all; }
.rillet-msg.rillet-thought { padding: 0; min-width: min(100%, 320px); border: 1px solid var(--rillet-border); background: var(--rillet-subtle); }
.rillet-thought-head { display: flex; align-items: center; gap: 6px; width: 100%; padding: 6px 10px; border: 0;
  background: none; color: var(--rillet-text); font: inherit; font-weight: 600; text-align: start; cursor: pointer; }
.rillet-thought-title > :first-child { margin: 0; }
.rillet-thought-title p { display: inline; margin: 0; }
.rillet-thought-log { color: var(--rillet-muted); font-weight: 400; font-size: 0.9em; }
.rillet-thought-chevron { display: inline-block; transition: transform 0.15s; color: var(--rillet-muted); }
.rillet-thought-open > .rillet-thought-head .rillet-thought-chevron { transform: rotate(90deg); }
.rillet-thought-body { padding: 0 10px 8px 22px; display: flex; flex-direction: column; gap: 6px; }
.rillet-thought-children { display: flex; flex-direction: column; gap: 6px; }
.rillet-thought-children:empty { display: none; }
.rillet-thought-children > .rillet-msg-row { max-width: 100%; }
.rillet-thought-spinner { width: 12px; height: 12px; border: 2px solid var(--rillet-border);
  border-top-color: var(--rillet-primary); border-radius: 50%; animation: rillet-thought-spin 0.8s linear infinite; flex: none; }
@keyframes rillet-thought-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .rillet-thought-spinner { animation-duration: 3s; } }
`;
