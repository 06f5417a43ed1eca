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
import { copyButton, icon, ICONS, toolbar } from "rillet/toolbar.js";

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
    this.md = makeRenderer(this.props, () => this.retypeset());
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
    /** @type {Map<number|string, string|null>} the feedback picked per group (a reply: its order among replies; the user's: "u" and its first index) */
    this.feedback = new Map();
    /** @type {MessageView[]|null} the group being edited */
    this.editing = null;
    this.optionsBar = h("div", { class: "rillet-chat-options", "data-testid": "chat-options" });
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
    const appended = this.appendEdits(messages, edits);
    if (appended) this.el.rilletStats.appends += 1;
    else this.reconcile(messages);
    this.value = messages;
    if (!appended) this.refreshTools();
    this.bar.update();
    // no label: room above the messages for the corner's buttons
    this.el.classList.toggle("rillet-chat-barspace", !this.bar.el.hidden && this.label.el.hidden);
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
      const parent = this.parentOf(view);
      view.nested = parent !== this.log;
      parent.append(view.el);
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

  /**
   * The buttons under each group of messages (consecutive messages of one role, with
   * `group_consecutive_messages`; else each message): like/dislike and the other
   * `feedback_options` on replies (on the user's too with `like_user_message`), once the
   * app listens to "like"; retry and undo under the last reply, once it listens to them;
   * edit with `editable`. Also the `options` of the last reply, under it. Runs after a
   * change of the messages' list, not on appends: a view redraws its buttons only when
   * what they show changed.
   */
  refreshTools() {
    const grouping = this.props.group_consecutive_messages !== false;
    /** @type {MessageView[][]} */
    const groups = [];
    for (const view of this.views) {
      if (view.nested) continue;
      const last = groups[groups.length - 1];
      if (grouping && last && last[0].role === view.role) last.push(view);
      else groups.push([view]);
    }
    if (this.editing && !this.editing.every((v) => this.views.includes(v))) this.editing = null;
    let replies = 0;
    groups.forEach((group, g) => {
      const end = group[group.length - 1];
      const bot = end.role !== "user";
      const order = bot ? replies++ : -1;
      group.forEach((view, k) => {
        view.el.classList.toggle("rillet-msg-cont", k > 0);
        if (view !== end) view.setActions(null);
      });
      end.setActions(this.actionsFor(group, bot, order, g === groups.length - 1));
    });
    this.showOptions(groups[groups.length - 1]);
  }

  /**
   * What the last message of a group shows under it.
   * @param {MessageView[]} group
   * @param {boolean} bot
   * @param {number} order the group's place among the replies (-1 for the user's)
   * @param {boolean} last the chat's last group
   * @returns {Object} the buttons' spec, compared as JSON
   */
  actionsFor(group, bot, order, last) {
    const p = this.props;
    const editable = p.editable === "all" || (p.editable === "user" && !bot);
    const textual = group.every((v) => !v.children && v.textOnly);
    const key = bot ? order : `u${group[0].index}`;
    const picked = this.feedback.has(key) ? this.feedback.get(key)
      : (bot && Array.isArray(p.feedback_value) ? p.feedback_value[order] ?? null : null);
    return {
      like: Boolean(p.likeable) && (bot || Boolean(p.like_user_message)),
      options: Array.isArray(p.feedback_options) ? p.feedback_options : [],
      picked,
      retry: Boolean(p._retryable) && bot && last,
      undo: Boolean(p._undoable) && bot && last,
      edit: editable && textual,
      editing: this.editing !== null && this.editing[0] === group[0],
      run: (/** @type {string} */ action, /** @type {any} */ arg) => this.act(action, group, key, arg),
    };
  }

  /**
   * A button under a group used.
   * @param {string} action "like", "retry", "undo", "edit", "edit_submit", "edit_cancel"
   * @param {MessageView[]} group
   * @param {number|string} key the group's feedback key
   * @param {any} [arg] the feedback picked (for "like")
   */
  act(action, group, key, arg) {
    if ((action === "retry" || action === "undo" || action === "edit") && this.busy()) return;
    if (action === "retry" || action === "undo") {
      let t = this.value.length - 1;
      while (t >= 0 && this.value[t].role === "assistant") t -= 1;
      if (t < 0) return;
      this.ctx.emit(action, { index: t, value: valueOf(this.value[t]) });
    } else if (action === "like") {
      this.feedback.set(key, arg);
      const liked = arg === "Like" ? true : arg === "Dislike" ? false : arg || "";
      const value = group.flatMap((v) => partsOf(v.msg));
      this.refreshTools();
      this.ctx.emit("like", { index: group[0].index, value, liked });
    } else if (action === "edit") {
      this.editing = group;
      for (const view of group) view.startEdit();
      this.refreshTools();
      group[0].editor?.focus();
    } else if (action === "edit_cancel") {
      this.editing = null;
      for (const view of group) view.endEdit();
      this.refreshTools();
    } else if (action === "edit_submit") {
      this.editing = null;
      const edits = group.map((view) => ({ view, text: view.editor ? view.editor.value : view.source }));
      const messages = this.value.slice();
      for (const { view, text } of edits) {
        messages[view.index] = { ...messages[view.index], content: [{ type: "text", text }] };
      }
      for (const view of group) view.endEdit();
      this.set(messages);
      for (const { view, text } of edits) {
        this.ctx.emit("edit", { index: view.index, value: text, previous_value: view.before });
      }
    }
  }

  /** KaTeX arrived: draw again the messages (and thought titles) that hold LaTeX. */
  retypeset() {
    const follow = this.props.autoscroll !== false;
    if (follow) this.scroller.before();
    for (const view of this.views) {
      if (!hasMath(view.source, this.props) && !hasMath(String(view.msg.metadata?.title ?? ""), this.props)) continue;
      if (view.text instanceof MarkdownStream) view.text.reset(view.source);
      if (view.children) view.showMeta(view.msg.metadata || {});
    }
    if (this.placeholder.isConnected) {
      this.placeholder.remove();
      this.showPlaceholder();
    }
    if (follow) this.scroller.after();
  }

  /** @returns {boolean} an event that writes to this chat is running */
  busy() {
    return this.el.classList.contains("rillet-pending") || this.el.classList.contains("rillet-generating");
  }

  /**
   * The `options` of the chat's last message, when it is a reply: a button each, under
   * it; a click fires "option_select" with the option's index and value.
   * @param {MessageView[]|undefined} group the last group
   */
  showOptions(group) {
    const end = group ? group[group.length - 1] : null;
    const options = end && end.role !== "user" && Array.isArray(end.msg.options) ? end.msg.options : [];
    const key = JSON.stringify(options);
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      this.optionsBar.replaceChildren(...options.map((o, i) => h("button", {
        type: "button", class: "rillet-chat-option", "data-testid": "chat-option",
        text: String(o.label ?? o.value ?? ""),
        onclick: () => this.ctx.emit("option_select", { index: i, value: o.value }),
      })));
    }
    if (options.length) this.log.append(this.optionsBar);
    else this.optionsBar.remove();
  }

  /** Clear: the chat is emptied here, then "clear" fires (as Gradio's does). */
  clear() {
    this.feedback.clear();
    this.editing = null;
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
    if ("render_markdown" in props || "line_breaks" in props || "latex_delimiters" in props) {
      this.md = makeRenderer(this.props, () => this.retypeset());
      for (const view of this.views.splice(0)) view.el.remove();
      this.reconcile(this.value);
    }
    if ("feedback_value" in props) this.feedback.clear();
    if ("value" in props) this.set(props.value);
    else if (TOOL_PROPS.some((name) => name in props)) this.refreshTools();
  }
}

/** The props the buttons under the messages depend on. */
const TOOL_PROPS = ["likeable", "_retryable", "_undoable", "editable", "feedback_options", "feedback_value",
  "like_user_message", "group_consecutive_messages"];

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
    /** its place in the chat's messages */
    this.index = index;
    /** drawn inside a thought (not part of the chat's groups) */
    this.nested = false;
    /** @type {HTMLTextAreaElement|null} the editor while the message is edited */
    this.editor = null;
    /** the text before an edit */
    this.before = "";
    this.actionsKey = "";
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
    else if (mediaFirst(msg)) this.bubble.append(this.media, this.body);
    else this.bubble.append(this.body, this.media);
    const mediaOnly = !this.source && Array.isArray(msg.content) && msg.content.some((p) => p && p.type !== "text");
    this.actions = h("span", { class: "rillet-msg-actions" });
    this.tools = h("div", { class: "rillet-msg-tools" });
    if (tools && tools.copy && !meta.title && !mediaOnly) {
      const copy = copyButton(() => withWatermark(this.source, props.watermark),
        () => tools.copied(this.index, this.source));
      this.tools.append(copy);
    }
    /** the download button of the message's file (`allow_file_downloads`) */
    this.download = h("button", { type: "button", class: "rillet-toolbar-button rillet-msg-download",
      "data-action": "download", title: "Download", "aria-label": "Download", hidden: "" }, [icon(ICONS.download)]);
    this.download.addEventListener("click", () => {
      const { url, name } = this.download.dataset;
      if (!url) return;
      const a = h("a", { href: url, download: name || "" });
      document.body.append(a);
      a.click();
      a.remove();
    });
    this.allowDownloads = props.allow_file_downloads !== false && !meta.title;
    this.tools.append(this.download, this.actions);
    this.el.append(this.tools);
    const avatars = Array.isArray(props.avatar_images) ? props.avatar_images : [];
    const avatar = avatars[this.role === "user" ? 0 : 1];
    const src = avatar && typeof avatar === "object" ? fileUrl(avatar, ctx) : "";
    if (src && !meta.parent_id) {
      this.el.classList.add("rillet-msg-with-avatar");
      this.el.prepend(h("img", { class: "rillet-avatar", src, alt: "", "data-testid": `avatar-${testid}` }));
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

  /** @returns {boolean} the message is text only (it can be edited) */
  get textOnly() {
    const content = this.msg.content;
    return !Array.isArray(content) || content.every((p) => p && p.type === "text");
  }

  /**
   * Draw the buttons under this message (null: none), again only when they changed.
   * @param {Object|null} spec from `Chatbot.actionsFor`
   */
  setActions(spec) {
    const key = spec ? JSON.stringify(spec) : "";
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    if (!spec) {
      this.actions.replaceChildren();
      return;
    }
    const run = spec.run;
    if (spec.editing) {
      this.actions.replaceChildren(
        textButton("Submit", "edit-submit", () => run("edit_submit")),
        textButton("Cancel", "edit-cancel", () => run("edit_cancel")));
      return;
    }
    const buttons = [];
    if (spec.retry) buttons.push(actionButton("retry", "Retry", () => run("retry")));
    if (spec.undo) buttons.push(actionButton("undo", "Undo", () => run("undo")));
    if (spec.edit) buttons.push(actionButton("edit", "Edit", () => run("edit")));
    if (spec.like) buttons.push(...feedbackButtons(spec.options, spec.picked, (choice) => run("like", choice)));
    this.actions.replaceChildren(...buttons);
  }

  /** Replace the text with an editor (its text selected), until `endEdit`. */
  startEdit() {
    this.before = this.source;
    this.editor = h("textarea", { class: "rillet-msg-editor", "data-testid": "chat-editor", rows: "3" });
    this.editor.value = this.source;
    this.body.hidden = true;
    this.body.after(this.editor);
  }

  endEdit() {
    this.editor?.remove();
    this.editor = null;
    this.body.hidden = false;
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
    const file = this.allowDownloads ? parts.map(fileOf).find((f) => f) : null;
    const url = file ? fileUrl(file, this.ctx) : "";
    this.download.hidden = !url;
    this.download.dataset.url = url;
    this.download.dataset.name = file ? String(file.orig_name || String(file.path).split("/").pop() || "file") : "";
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

/** Icons of the buttons under a message (24x24 line drawings). */
const ACTION_ICONS = {
  retry: "M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5",
  undo: "M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4",
  edit: "M4 20h4L19 9l-4-4L4 16zM13 7l4 4",
  Like: "M7 11v9H4v-9zM7 11l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2l-2 7a2 2 0 0 1-2 1H7",
  Dislike: "M17 13V4h3v9zM17 13l-4 7a2 2 0 0 1-3-2l1-4H5a2 2 0 0 1-2-2l2-7a2 2 0 0 1 2-1h10",
  flag: "M5 21V4h11l-2 4 2 4H5",
};

/**
 * An icon button under a message.
 * @param {string} name an ACTION_ICONS key (`data-action`)
 * @param {string} label
 * @param {() => void} onclick
 * @returns {HTMLButtonElement}
 */
function actionButton(name, label, onclick) {
  const button = h("button", { type: "button", class: "rillet-toolbar-button rillet-msg-action", title: label,
    "aria-label": label, "data-action": name.toLowerCase(), onclick });
  button.append(icon(ACTION_ICONS[name] || ACTION_ICONS.flag));
  return button;
}

/**
 * A small text button (an edit's Submit and Cancel).
 * @param {string} label
 * @param {string} action `data-action`
 * @param {() => void} onclick
 * @returns {HTMLButtonElement}
 */
function textButton(label, action, onclick) {
  return h("button", { type: "button", class: "rillet-msg-textbutton", "data-action": action, text: label, onclick });
}

/**
 * Gradio's feedback buttons: thumbs for "Like" and "Dislike", a flag opening the other
 * options. A click on the option picked takes it back (the event then says "").
 * @param {string[]} options `feedback_options`
 * @param {string|null} picked
 * @param {(choice: string|null) => void} choose
 * @returns {HTMLElement[]}
 */
function feedbackButtons(options, picked, choose) {
  const toggle = (/** @type {string} */ o) => choose(picked === o ? null : o);
  const out = [];
  for (const name of ["Dislike", "Like"]) {
    if (!options.includes(name)) continue;
    const button = actionButton(name, picked === name ? `${name}d` : name, () => toggle(name));
    button.setAttribute("aria-pressed", String(picked === name));
    out.push(button);
  }
  const others = options.filter((o) => o !== "Like" && o !== "Dislike");
  if (others.length) {
    const menu = h("div", { class: "rillet-msg-feedback-menu", role: "menu", hidden: true },
      others.map((o) => h("button", { type: "button", role: "menuitemradio", "aria-checked": String(picked === o),
        class: "rillet-msg-feedback-item", "data-feedback": o, text: o,
        onclick: () => toggle(o) })));
    const flag = actionButton("flag", "Feedback", () => { menu.hidden = !menu.hidden; });
    flag.setAttribute("aria-pressed", String(others.includes(String(picked))));
    out.push(h("span", { class: "rillet-msg-feedback" }, [flag, menu]));
  }
  return out;
}

/**
 * What Gradio's events say of a message: its text, or when it has none its first file or
 * component part.
 * @param {Object} msg
 * @returns {any}
 */
function valueOf(msg) {
  const parts = partsOf(msg);
  return parts.find((p) => typeof p === "string") ?? parts[0] ?? "";
}

/**
 * Whether a message's first part is a file or a component (a multimodal turn: its files,
 * then its text), drawn above its text as Gradio draws the parts in order.
 * @param {Object} msg
 * @returns {boolean}
 */
function mediaFirst(msg) {
  const first = Array.isArray(msg.content) ? msg.content[0] : null;
  return Boolean(first && typeof first === "object" && first.type && first.type !== "text");
}

/**
 * A message's parts as Gradio's page gives them in a "like": each text part's text, each
 * file or component part as it is.
 * @param {Object} msg
 * @returns {any[]}
 */
function partsOf(msg) {
  const content = msg.content;
  if (typeof content === "string") return [content];
  const parts = Array.isArray(content) ? content : [content];
  return parts.filter((p) => p !== null && p !== undefined)
    .map((p) => (p.type === "text" ? String(p.text ?? "") : p));
}

/**
 * The first file of a file or component part (a FileData with a path), or null.
 * @param {Object} part
 * @returns {Object|null}
 */
function fileOf(part) {
  const value = part.type === "file" ? part.file : part.value;
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" && first.path ? first : null;
}

/** A safe URL for a FileData: the page's route for server files, else an http(s) URL. */
function fileUrl(file, ctx) {
  const url = String(file.url || "");
  if (/^https?:\/\//i.test(url) || /^data:image\/[a-z0-9.+-]+;base64,/i.test(url)) return url;
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

/**
 * The chat's Markdown renderer; with `latex_delimiters` (Gradio's default for a chat:
 * `$$...$$`, a block), LaTeX between them is typeset by KaTeX.
 * @param {Object} props
 * @param {() => void} [typesetLater] called once KaTeX is loaded, when a message needed it
 * @returns {import("rillet/markdown.js").Renderer}
 */
function makeRenderer(props, typesetLater = () => {}) {
  const md = makeMarkdown({ lineBreaks: props.line_breaks !== false });
  const delimiters = mathDelimiters(props);
  return delimiters.length ? new MathRenderer(md, delimiters, typesetLater) : md;
}

// ---- LaTeX: KaTeX (rillet/vendor, pinned), loaded when a message first holds a delimiter ----

/** Where the vendored modules are (the page's import map; the server's vendor route). */
const VENDOR = "rillet/vendor/";
/** The KaTeX fonts the server serves as `katex-<name>.woff2` (VENDOR_FILES in rillet/server/app.py). */
const KATEX_FONT = /url\(fonts\/KaTeX_([A-Za-z0-9-]+)\.woff2\)[^;}]*/g;
const KATEX_OPTIONS = { throwOnError: false, trust: false, strict: "ignore", output: "htmlAndMathml" };
const MATH_CACHE_SIZE = 500;

/** @type {Promise<any>|null} KaTeX's load, once asked for */
let katexLoad = null;
/** @type {any} KaTeX, once loaded */
let katexReady = null;

/**
 * Load KaTeX once: its module and its stylesheet, whose fonts are pointed at the vendor
 * route (the page's CSP allows fonts and styles from the app itself).
 * @returns {Promise<any>}
 */
function loadKatex() {
  katexLoad ??= Promise.all([import(`${VENDOR}katex.mjs`), katexStyles()]).then(([mod]) => {
    katexReady = mod.default;
    return katexReady;
  });
  return katexLoad;
}

async function katexStyles() {
  const base = import.meta.resolve(VENDOR);
  const res = await fetch(`${base}katex.css`);
  if (!res.ok) throw new Error(`KaTeX's stylesheet answered HTTP ${res.status}`);
  const css = (await res.text()).replace(KATEX_FONT, (_, name) => `url(${base}katex-${name}.woff2) format("woff2")`);
  addStyles("katex", css);
}

/**
 * The delimiters in use, longest opening first (`$$` before `$`).
 * @param {Object} props
 * @returns {Array<{left: string, right: string, display: boolean}>}
 */
function mathDelimiters(props) {
  const given = Array.isArray(props.latex_delimiters) ? props.latex_delimiters : [];
  return given.filter((d) => d && typeof d.left === "string" && d.left && typeof d.right === "string" && d.right)
    .map((d) => ({ left: d.left, right: d.right, display: Boolean(d.display) }))
    .sort((a, b) => b.left.length - a.left.length);
}

/** @returns {boolean} `text` may hold LaTeX (it has an opening delimiter) */
function hasMath(text, props) {
  return mathDelimiters(props).some((d) => text.includes(d.left));
}

/**
 * A Markdown renderer that typesets LaTeX. Each formula is found in the source (outside
 * code), replaced by a marker Markdown leaves alone (it cannot be guessed: a random word
 * between private-use characters), and the marker in the rendered HTML by KaTeX's HTML
 * (its `trust: false`: no links, no raw HTML, no styles from the source). A marker that
 * ended up inside a tag's attribute (an image's alt text) gets the formula's source,
 * escaped. Until KaTeX is loaded a formula shows as its source.
 */
class MathRenderer {
  /**
   * @param {import("rillet/markdown.js").Renderer} md
   * @param {Array<{left: string, right: string, display: boolean}>} delimiters
   * @param {() => void} typesetLater
   */
  constructor(md, delimiters, typesetLater) {
    this.md = md;
    this.delimiters = delimiters;
    this.typesetLater = typesetLater;
    this.mark = `\uE000${Math.random().toString(36).slice(2)}x`;
    this.marker = new RegExp(`${this.mark}(\\d+)\uE001`, "g");
    /** @type {Map<string, string>} formula -> KaTeX's HTML */
    this.cache = new Map();
  }

  /**
   * @param {string} src
   * @returns {string}
   */
  render(src) {
    const found = findMath(src, this.delimiters);
    if (!found.length) return this.md.render(src);
    if (!katexReady) {
      loadKatex().then(() => this.typesetLater(), (err) => console.warn("rillet: KaTeX did not load", err));
    }
    let marked = "";
    let last = 0;
    found.forEach((m, i) => {
      marked += `${src.slice(last, m.start)}${this.mark}${i}\uE001`;
      last = m.end;
    });
    marked += src.slice(last);
    const html = this.md.render(marked);
    return html.replace(this.marker, (_, n, offset) => {
      const m = found[Number(n)];
      if (!m) return "";
      const inTag = html.lastIndexOf("<", offset) > html.lastIndexOf(">", offset);
      return inTag ? escapeHtml(m.raw) : this.typeset(m);
    });
  }

  /**
   * @param {{tex: string, display: boolean, raw: string}} m
   * @returns {string}
   */
  typeset(m) {
    if (!katexReady) return `<span class="rillet-math-pending">${escapeHtml(m.raw)}</span>`;
    const key = `${m.display ? "D" : "I"}${m.tex}`;
    let out = this.cache.get(key);
    if (out === undefined) {
      const html = katexReady.renderToString(m.tex, { ...KATEX_OPTIONS, displayMode: m.display });
      out = `<span class="rillet-math" data-testid="math">${html}</span>`;
      if (this.cache.size >= MATH_CACHE_SIZE) this.cache.clear();
      this.cache.set(key, out);
    }
    return out;
  }
}

const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The formulas in `src`, in order, outside fenced code blocks and inline code; a
 * backslash escapes the character after it (`\$` is a dollar).
 * @param {string} src
 * @param {Array<{left: string, right: string, display: boolean}>} delimiters
 * @returns {Array<{start: number, end: number, tex: string, display: boolean, raw: string}>}
 */
export function findMath(src, delimiters) {
  const out = [];
  /** @type {string|null} */
  let fence = null;
  let i = 0;
  let lineStart = true;
  while (i < src.length) {
    if (lineStart) {
      const nl = src.indexOf("\n", i);
      const next = nl < 0 ? src.length : nl + 1;
      const open = CODE_FENCE.exec(src.slice(i, nl < 0 ? src.length : nl));
      if (fence) {
        if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
        i = next;
        continue;
      }
      if (open) {
        fence = open[1];
        i = next;
        continue;
      }
      lineStart = false;
    }
    const c = src[i];
    if (c === "\n") {
      lineStart = true;
      i += 1;
      continue;
    }
    const d = delimiters.find((x) => src.startsWith(x.left, i));
    if (c === "\\" && !d) {
      i += 2;
      continue;
    }
    if (c === "`") {
      i = afterCodeSpan(src, i);
      continue;
    }
    if (d) {
      const from = i + d.left.length;
      const end = src.indexOf(d.right, from);
      if (end > from) {
        const stop = end + d.right.length;
        out.push({ start: i, end: stop, tex: src.slice(from, end), display: d.display, raw: src.slice(i, stop) });
        i = stop;
        lineStart = false;
        continue;
      }
    }
    i += 1;
  }
  return out;
}

/** Where an inline code span that opens at `i` ends (after its closing backticks). */
function afterCodeSpan(src, i) {
  let n = 0;
  while (src[i + n] === "`") n += 1;
  const run = "`".repeat(n);
  let j = src.indexOf(run, i + n);
  while (j >= 0) {
    let k = j + n;
    if (src[k] !== "`") return k;
    while (src[k] === "`") k += 1;
    j = src.indexOf(run, k);
  }
  return i + n;
}

/** @param {string} text @returns {string} `text` safe as HTML text or attribute */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
.rillet-msg-tools:empty, .rillet-msg-actions:empty { display: none; }
.rillet-msg-tools .rillet-msg-download[hidden] { display: none; }
.rillet-msg-actions { display: inline-flex; gap: 4px; align-items: center; }
.rillet-msg-tools .rillet-toolbar-button[aria-pressed="true"] { color: var(--rillet-primary); }
.rillet-msg-tools .rillet-toolbar-button[aria-pressed="true"] svg { fill: currentColor; fill-opacity: 0.25; }
.rillet-chatbot.rillet-pending .rillet-msg-action:not([data-action=like]):not([data-action=dislike]):not([data-action=flag]),
.rillet-chatbot.rillet-generating .rillet-msg-action:not([data-action=like]):not([data-action=dislike]):not([data-action=flag]) {
  opacity: 0.4; pointer-events: none; }
.rillet-msg-feedback { position: relative; display: inline-flex; }
.rillet-msg-feedback-menu { position: absolute; top: 100%; left: 0; z-index: 6; display: flex; flex-direction: column;
  min-width: 120px; padding: 4px; border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius);
  background: var(--rillet-bg); box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); }
.rillet-msg-feedback-menu[hidden] { display: none; }
.rillet-msg-feedback-item { padding: 4px 8px; border: 0; background: none; color: var(--rillet-text); font: inherit;
  text-align: start; cursor: pointer; border-radius: 4px; }
.rillet-msg-feedback-item:hover, .rillet-msg-feedback-item[aria-checked="true"] { background: var(--rillet-subtle); }
.rillet-msg-textbutton { padding: 2px 10px; border: 1px solid var(--rillet-border); border-radius: 6px;
  background: var(--rillet-bg); color: var(--rillet-text); font: inherit; font-size: 0.85em; cursor: pointer; }
.rillet-msg-textbutton[data-action=edit-submit] { background: var(--rillet-primary); border-color: var(--rillet-primary); color: var(--rillet-on-primary); }
.rillet-msg-editor { width: min(600px, 70vw); box-sizing: border-box; padding: 8px; font: inherit;
  color: var(--rillet-text); background: var(--rillet-bg); border: 1px solid var(--rillet-input-border);
  border-radius: var(--rillet-radius); resize: vertical; }
.rillet-chat-log > .rillet-msg-row.rillet-msg-cont { margin-top: -6px; }
.rillet-msg-row.rillet-msg-with-avatar { position: relative; }
.rillet-msg-row-bot.rillet-msg-with-avatar { padding-left: 44px; }
.rillet-msg-row-user.rillet-msg-with-avatar { padding-right: 44px; }
.rillet-avatar { position: absolute; top: 0; width: 36px; height: 36px; border-radius: 50%; object-fit: cover;
  border: 1px solid var(--rillet-border); background: var(--rillet-subtle); }
.rillet-msg-row-bot > .rillet-avatar { left: 0; }
.rillet-msg-row-user > .rillet-avatar { right: 0; }
.rillet-msg-cont > .rillet-avatar { visibility: hidden; }
.rillet-chat-options { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; padding: 4px 0; }
.rillet-chat-option { min-width: 120px; padding: 8px 20px; border: 1px dashed var(--rillet-border);
  border-radius: var(--rillet-radius); background: var(--rillet-subtle); color: var(--rillet-text); font: inherit; cursor: pointer; }
.rillet-chatbot.rillet-chat-barspace > .rillet-chat-log { margin-top: 30px; }
.rillet-chat-option:hover { border-color: var(--rillet-primary); }
.rillet-math .katex-display { margin: 0.5em 0; overflow-x: auto; overflow-y: hidden; }
.rillet-math-pending { font-family: var(--rillet-mono); color: var(--rillet-muted); }
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
