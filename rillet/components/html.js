/**
 * HTML, and Gradio 6's components made of a template. Payload: any JSON value (a string of
 * HTML for the default template `${value}`), shown through `html_template`.
 *
 * A template's holes are filled from the props (`value`, `label`, `visible` and the extra
 * `props`):
 * - `${expression}` inserts a JavaScript expression's result as it is (raw HTML). A prop's
 *   name (or a path into it, `a.b`) is read here; any other expression comes, as a function,
 *   from the block's script (below): the page's policy forbids eval.
 * - `{{path}}` inserts a prop HTML-escaped, `{{{path}}}` raw; `{{#each}}`, `{{#if}}`,
 *   `{{#unless}}`, `{{#with}}`, `{{else}}`, `../`, `@index`, `@key`, `@first`, `@last`,
 *   `@root` work as in Handlebars (interpreted here, not compiled).
 *
 * `css_template` is filled the same way and scoped to the block (CSS nesting). The block's
 * own code (`js_on_load`, the expressions) is a classic script the server makes from what
 * the app declared (`/gradio_api/html_js/<script_id>.js`, rillet/server/html_js.py); it runs
 * once mounted with `element`, `trigger(event, data)`, `props` (setting one re-renders;
 * `value`, `label`, `visible` also change the component), `server`, `upload(file)` and
 * `watch(names, callback)` (after a change from the server). With children (`with
 * gr.HTML(...):`), they are drawn where the template says `@children`. A re-render patches
 * the DOM in place, so the elements `js_on_load` holds keep their listeners.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";

/** Gradio's default js_on_load: a click on the block fires "click" (done here, no script). */
const DEFAULT_JS = "element.addEventListener('click', function() { trigger('click') });";
/** Handlebars' escapes for `{{...}}`. */
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "`": "&#x60;", "=": "&#x3D;" };
const PLAIN_PATH = /^\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*$/;
const CSS = `
.rillet-html-body { min-width: 0; }
.rillet-html.rillet-html-padded { padding: 10px 12px; }
.rillet-html-prose { color: var(--rillet-text); font-family: var(--rillet-font); line-height: 1.5; }
.rillet-html-prose h1 { font-size: 1.8em; margin: 0.4em 0; }
.rillet-html-prose h2 { font-size: 1.4em; margin: 0.4em 0; }
.rillet-html-prose h3 { font-size: 1.15em; margin: 0.4em 0; }
.rillet-html-prose p { margin: 0.4em 0; }
.rillet-html-prose a { color: var(--rillet-primary); }
.rillet-html-prose code { font-family: var(--rillet-mono); }
.rillet-html-prose button { font: inherit; font-weight: 600; color: var(--rillet-text); background: var(--rillet-subtle);
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); padding: 6px 14px; cursor: pointer; }
.rillet-html-prose button:hover { border-color: var(--rillet-input-border); }
.rillet-html-children { display: flex; flex-direction: column; gap: var(--rillet-gap); margin: 12px 0; }
.rillet-html-error { border: 1px solid var(--rillet-input-border); border-radius: var(--rillet-radius);
  padding: 8px 12px; color: var(--rillet-text); background: var(--rillet-subtle); font-size: 13px; }
.rillet-html-error code { font-family: var(--rillet-mono); }
`;
/** Scripts loaded by this page: script_id (or a head script's src) -> its loading. */
const loaded = new Map();
let counter = 0;

/**
 * Mount an HTML block into `el`.
 * @param {HTMLElement} el component root (holding the children's elements, if any)
 * @param {Object} props config props (value, html_template, css_template, js_on_load, props, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Html(el, props, ctx);
}

class Html {
  constructor(el, props, ctx) {
    addStyles("html", CSS);
    this.el = el;
    this.ctx = ctx;
    this.props = { show_label: false, ...props };
    this.uid = String(++counter);
    const children = [...el.childNodes];
    this.label = makeLabel(this.props, null);
    this.body = h("div", { class: "rillet-html-body", "data-testid": "html", dataset: { rilletHtml: this.uid } });
    this.error = h("div", { class: "rillet-html-error", hidden: true });
    this.style = document.createElement("style");
    el.classList.add("rillet-html");
    el.replaceChildren(this.label.el, this.error, this.body, this.style);
    this.split = children.length > 0 && String(this.props.html_template ?? "${value}").includes("@children");
    if (this.split) {
      this.before = h("div");
      this.after = h("div");
      this.body.append(this.before, h("div", { class: "rillet-html-children" }, children), this.after);
    }
    this.state = Object.assign(Object.create(null), templateProps(this.props));
    this.watchers = [];
    this.script = null;
    this.pending = false;
    this.proxy = this.makeProxy();
    applyCommon(el, this.props);
    this.applyLayout(this.props);
    // the page is ready once the block is drawn; `head` and js_on_load follow on their own
    this.ready = this.draw();
    this.ready.then(() => loadHead(this.props.head)).then(() => this.runOnLoad());
  }

  /** Load the block's script (if it has one), then draw it. */
  async draw() {
    const id = this.props.script_id;
    if (id) this.script = await loadScript(id);
    this.render();
  }

  runOnLoad() {
    const js = this.props.js_on_load;
    const trigger = (name, data) => this.ctx.emit(String(name), data === undefined ? {} : data);
    if (js && js.trim() === DEFAULT_JS) {
      this.body.addEventListener("click", () => trigger("click"));
      return;
    }
    if (!js || !js.trim()) return;
    if (!this.script) {
      console.warn(`rillet: the script of gr.HTML #${this.ctx.id} did not load; js_on_load did not run`);
      return;
    }
    const upload = async (file) => {
      const [sent] = await this.ctx.upload([file]);
      return { path: sent.path, url: sent.url };
    };
    const watch = (names, callback) => {
      this.watchers.push({ names: Array.isArray(names) ? names : [names], callback });
    };
    try {
      const server = serverFunctions(this.props.server_fns, this.ctx.id);
      this.script.onLoad(this.body, trigger, this.proxy, server, upload, watch);
    } catch (err) {
      console.warn(`rillet: js_on_load of gr.HTML #${this.ctx.id} failed`, err);
    }
  }

  /** `props` as js_on_load sees it: setting a prop re-renders. */
  makeProxy() {
    return new Proxy(this.state, {
      set: (target, key, next) => {
        const old = target[key];
        target[key] = next;
        if (old === next) return true;
        this.schedule();
        if (key === "value") {
          this.ctx.emit("change");
        } else if (key === "label") {
          this.props.label = next;
          this.label.update({ label: next });
        } else if (key === "visible") {
          applyCommon(this.el, { visible: next });
        }
        return true;
      },
    });
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.render();
    });
  }

  /** Fill the templates from the props and patch the block's DOM to match. */
  render() {
    const template = String(this.props.html_template ?? "${value}");
    const failures = [];
    const fill = (text) => {
      try {
        return fillTemplate(text, this.state, this.script);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
        return "";
      }
    };
    const stick = this.props.autoscroll && nearBottom(this.el);
    if (this.split) {
      const at = template.indexOf("@children");
      patch(this.before, fill(template.slice(0, at)));
      patch(this.after, fill(template.slice(at + "@children".length)));
    } else {
      patch(this.body, fill(template));
    }
    const css = fill(String(this.props.css_template ?? ""));
    this.style.textContent = css.trim() ? `[data-rillet-html="${this.uid}"] { ${css} }` : "";
    this.showError(failures[0]);
    if (stick) scrollToBottom(this.el);
  }

  showError(message) {
    this.error.hidden = !message;
    this.body.hidden = Boolean(message);
    if (!message) return;
    const name = this.props.component_class_name || "HTML";
    this.error.replaceChildren(h("strong", { text: "Error rendering " }), h("code", { text: name }),
      h("span", { text: ": " }), h("code", { text: message }));
  }

  applyLayout(props) {
    const body = this.body;
    if ("apply_default_css" in props) body.classList.toggle("rillet-html-prose", props.apply_default_css !== false);
    if ("padding" in props) this.el.classList.toggle("rillet-html-padded", Boolean(props.padding));
    if ("min_height" in props) this.el.style.minHeight = cssSize(props.min_height);
    if ("max_height" in props) {
      this.el.style.maxHeight = cssSize(props.max_height);
      this.el.style.overflowY = props.max_height ? "auto" : "";
    }
  }

  /** @returns {any} */
  get() {
    return this.state.value;
  }

  /** @param {any} value a value from the server */
  set(value) {
    const next = value ?? "";
    if (JSON.stringify(next) === JSON.stringify(this.state.value)) return;
    this.state.value = next;
    this.render();
    this.ctx.emit("change");
    this.notify(["value"]);
  }

  /** @param {Object} props partial prop update (from the server) */
  setProps(props) {
    const { value: _, ...rest } = props;
    Object.assign(this.props, rest);
    applyCommon(this.el, rest);
    this.label.update(rest);
    this.applyLayout(rest);
    const changed = [];
    const extra = { ...(rest.props || {}) };
    if ("label" in rest) extra.label = rest.label;
    if ("visible" in rest) extra.visible = rest.visible;
    for (const [key, next] of Object.entries(extra)) {
      if (JSON.stringify(this.state[key]) !== JSON.stringify(next)) changed.push(key);
      this.state[key] = next;
    }
    this.render();
    this.notify(changed);
  }

  /** Run the `watch` callbacks of the props a server update changed. */
  notify(changed) {
    if (!changed.length) return;
    for (const watcher of this.watchers) {
      if (!watcher.names.some((name) => changed.includes(name))) continue;
      try {
        watcher.callback();
      } catch (err) {
        console.warn("rillet: a gr.HTML watch callback failed", err);
      }
    }
  }
}

/**
 * `server` in js_on_load: each of the block's `server_functions` as an async function that
 * calls it on the server (Gradio's `component_server` route) and resolves with its result.
 * @param {string[]|undefined} names
 * @param {number} id the block's id
 * @returns {Object<string, Function>}
 */
function serverFunctions(names, id) {
  const url = new URL("../../gradio_api/component_server", import.meta.url).href;
  /** @type {Object<string, Function>} */
  const server = {};
  for (const name of names || []) {
    server[name] = async (...args) => {
      const data = args.length === 1 ? args[0] : args;
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data, component_id: id, fn_name: name, session_hash: null }),
      });
      const reply = await res.json();
      if (!res.ok) throw new Error(`server.${name}: ${reply && reply.detail || res.status}`);
      return reply;
    };
  }
  return server;
}

/** What a template sees: value (never null), label, visible and the extra props. */
function templateProps(props) {
  return { value: props.value ?? "", label: props.label, visible: props.visible ?? true, ...(props.props || {}) };
}

function cssSize(value) {
  if (value === null || value === undefined || value === "") return "";
  return typeof value === "number" ? `${value}px` : String(value);
}

function nearBottom(el) {
  const box = el.scrollHeight > el.clientHeight ? el : null;
  if (box) return box.scrollTop + box.clientHeight >= box.scrollHeight - 100;
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 100;
}

function scrollToBottom(el) {
  if (el.scrollHeight > el.clientHeight) el.scrollTop = el.scrollHeight;
  else window.scrollTo(0, document.documentElement.scrollHeight);
}

// --- the block's script ---------------------------------------------------------------------

/**
 * Load the script the server made of a block's code, once per page: `{onLoad, exprs}`, or
 * null when it could not load.
 * @param {string} id
 * @returns {Promise<{onLoad: Function, exprs: Object<string, Function>}|null>}
 */
function loadScript(id) {
  if (!loaded.has(id)) {
    const url = new URL(`../../gradio_api/html_js/${encodeURIComponent(id)}.js`, import.meta.url);
    loaded.set(id, addScript(url.href, false).then((script) => script && /** @type {any} */ (script).rilletHtml || null));
  }
  return loaded.get(id);
}

/**
 * Add a classic `<script src>` to the document's head; resolves with the element once it
 * ran (null when it failed to load).
 * @param {string} src
 * @param {boolean} isAsync
 * @returns {Promise<HTMLScriptElement|null>}
 */
function addScript(src, isAsync) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.async = isAsync;
    script.src = src;
    script.onload = () => resolve(script);
    script.onerror = () => {
      console.warn(`rillet: could not load the script ${src}`);
      resolve(null);
    };
    document.head.append(script);
  });
}

/**
 * Gradio's `head=`: its `<script src>` (once per src, in order unless `async`), `<link>`
 * (once per href) and other tags go into the document's head before js_on_load runs. An
 * inline script is refused by the page's policy, so it is skipped with a warning.
 * @param {string|null|undefined} head
 */
async function loadHead(head) {
  if (!head) return;
  const parsed = new DOMParser().parseFromString(`<head>${head}</head>`, "text/html");
  const waits = [];
  for (const node of [...parsed.head.children]) {
    if (node instanceof HTMLScriptElement) {
      const src = node.getAttribute("src");
      if (!src) {
        console.warn("rillet: an inline <script> in gr.HTML's head= is not run (the page's policy); use js_on_load");
        continue;
      }
      const url = new URL(src, document.baseURI).href;
      if (!loaded.has(url)) loaded.set(url, addScript(url, node.hasAttribute("async")));
      waits.push(loaded.get(url));
    } else if (node instanceof HTMLLinkElement) {
      const href = node.href;
      if (![...document.querySelectorAll("link")].some((link) => link.href === href)) {
        document.head.append(document.importNode(node, true));
      }
    } else {
      document.head.append(document.importNode(node, true));
    }
  }
  await Promise.all(waits);
}

// --- templates ------------------------------------------------------------------------------

/**
 * A template filled from `props`: Handlebars tags interpreted, `${...}` expressions
 * evaluated (a prop's path here, others through the block's script). Throws on an
 * expression that fails, as the template would in Gradio.
 * @param {string} text
 * @param {Object} props
 * @param {{exprs: Object<string, Function>}|null} script
 * @returns {string}
 */
export function fillTemplate(text, props, script) {
  const nodes = parseTemplate(text);
  const evaluate = (source) => {
    if (PLAIN_PATH.test(source)) return readPath(source.trim(), props);
    const fn = script && Object.prototype.hasOwnProperty.call(script.exprs, source) ? script.exprs[source] : null;
    if (!fn) throw new Error(`the expression \${${source.trim()}} is not one the app declared`);
    return fn(props);
  };
  return renderNodes(nodes, { stack: [props], root: props, data: {}, evaluate });
}

/** `${a.b}` as JavaScript would read it from the props (or a global). */
function readPath(path, props) {
  const [first, ...rest] = path.split(".");
  let current;
  if (first in props) current = props[first];
  else if (first in globalThis) current = /** @type {any} */ (globalThis)[first];
  else throw new ReferenceError(`${first} is not defined`);
  for (const key of rest) {
    if (current === null || current === undefined) {
      throw new TypeError(`Cannot read properties of ${current} (reading '${key}')`);
    }
    current = current[key];
  }
  return current;
}

/**
 * Split a template into text and `${...}` expressions (the same scan as
 * `template_expressions` in html.py, which makes the expressions' functions).
 * @param {string} text
 * @returns {Array<{text: string}|{expr: string}>}
 */
export function splitTemplate(text) {
  const parts = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf("${", at);
    const end = start < 0 ? -1 : closingBrace(text, start + 2);
    if (end < 0) {
      parts.push({ text: text.slice(at) });
      return parts;
    }
    parts.push({ text: text.slice(at, start) }, { expr: text.slice(start + 2, end) });
    at = end + 1;
  }
}

function closingBrace(text, at) {
  let depth = 0;
  for (; at < text.length; at++) {
    const char = text[at];
    if (char === "'" || char === '"') at = stringEnd(text, at + 1, char);
    else if (char === "`") at = templateEnd(text, at + 1);
    else if (char === "{") depth += 1;
    else if (char === "}") {
      if (depth === 0) return at;
      depth -= 1;
    }
    if (at < 0) return -1;
  }
  return -1;
}

function stringEnd(text, at, quote) {
  while (at < text.length) {
    if (text[at] === "\\") {
      at += 2;
      continue;
    }
    if (text[at] === quote) return at;
    at += 1;
  }
  return -1;
}

function templateEnd(text, at) {
  while (at < text.length) {
    if (text[at] === "\\") {
      at += 2;
      continue;
    }
    if (text[at] === "`") return at;
    if (text.startsWith("${", at)) {
      at = closingBrace(text, at + 2);
      if (at < 0) return -1;
    }
    at += 1;
  }
  return -1;
}

/**
 * @typedef {{type: "text", text: string} | {type: "expr", source: string}
 *   | {type: "var", path: string, raw: boolean}
 *   | {type: "block", name: string, arg: string, inverted: boolean, body: Node[], inverse: Node[], chained?: boolean}} Node
 */

/**
 * Parse a template into nodes: text, `${}` expressions and Handlebars tags.
 * @param {string} text
 * @returns {Node[]}
 */
function parseTemplate(text) {
  /** @type {Node[]} */
  const top = [];
  /** @type {Array<{node: any, into: Node[]}>} */
  const stack = [];
  let into = top;
  for (const part of splitTemplate(text)) {
    if ("expr" in part) {
      into.push({ type: "expr", source: part.expr });
      continue;
    }
    for (const token of mustaches(part.text)) {
      if (typeof token === "string") {
        if (token) into.push({ type: "text", text: token });
        continue;
      }
      const tag = token.tag;
      if (token.raw) {
        into.push({ type: "var", path: tag, raw: true });
      } else if (tag.startsWith("!")) {
        continue;
      } else if (tag.startsWith("#") || (tag.startsWith("^") && tag.length > 1)) {
        const [name, ...args] = tag.slice(1).trim().split(/\s+/);
        const node = { type: "block", name, arg: args.join(" "), inverted: tag[0] === "^", body: [], inverse: [] };
        into.push(/** @type {Node} */ (node));
        stack.push({ node, into });
        into = node.body;
      } else if (tag === "else" || tag === "^" || tag.startsWith("else ")) {
        const open = stack[stack.length - 1];
        if (!open) throw new Error(`{{${tag}}} outside a block`);
        into = open.node.inverse;
        if (tag.startsWith("else ")) {
          const [name, ...args] = tag.slice(5).trim().split(/\s+/);
          const node = { type: "block", name, arg: args.join(" "), inverted: false, body: [], inverse: [], chained: true };
          into.push(/** @type {Node} */ (node));
          stack.push({ node, into });
          into = node.body;
        }
      } else if (tag.startsWith("/")) {
        const name = tag.slice(1).trim();
        while (stack.length && stack[stack.length - 1].node.chained) stack.pop();
        const open = stack.pop();
        if (!open || open.node.name !== name) throw new Error(`{{/${name}}} does not close an open block`);
        into = open.into;
      } else {
        into.push({ type: "var", path: tag, raw: false });
      }
    }
  }
  if (stack.length) throw new Error(`{{#${stack[stack.length - 1].node.name}}} is not closed`);
  return top;
}

/**
 * The text and `{{...}}` tags of a piece of template, `~` trimming applied.
 * @param {string} text
 * @returns {Array<string|{tag: string, raw: boolean}>}
 */
function mustaches(text) {
  /** @type {Array<string|{tag: string, raw: boolean}>} */
  const out = [];
  let at = 0;
  let trimNext = false;
  for (;;) {
    const open = text.indexOf("{{", at);
    if (open < 0) break;
    const triple = text.startsWith("{{{", open);
    const comment = text.startsWith("{{!--", open) || text.startsWith("{{~!--", open);
    const closer = comment ? "--}}" : triple ? "}}}" : "}}";
    const close = text.indexOf(closer, open + 2);
    if (close < 0) break;
    let inner = text.slice(open + (triple ? 3 : 2), close);
    let before = text.slice(at, open);
    if (trimNext) before = before.trimStart();
    trimNext = false;
    if (inner.startsWith("~")) {
      before = before.trimEnd();
      inner = inner.slice(1);
    }
    if (inner.endsWith("~")) {
      trimNext = true;
      inner = inner.slice(0, -1);
    }
    let tag = comment ? "!" : inner.trim();
    let raw = triple;
    if (tag.startsWith("&")) {
      tag = tag.slice(1).trim();
      raw = true;
    }
    out.push(before, { tag, raw });
    at = close + closer.length;
  }
  out.push(trimNext ? text.slice(at).trimStart() : text.slice(at));
  return out;
}

/**
 * @param {Node[]} nodes
 * @param {{stack: any[], root: any, data: Object, evaluate: (source: string) => any}} scope
 * @returns {string}
 */
function renderNodes(nodes, scope) {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") out += node.text;
    else if (node.type === "expr") out += String(scope.evaluate(node.source));
    else if (node.type === "var") {
      if (/\s/.test(node.path)) throw new Error(`Missing helper: "${node.path.split(/\s+/)[0]}"`);
      const value = lookup(node.path, scope);
      out += node.raw ? display(value) : escapeHtml(display(value));
    } else out += renderBlock(node, scope);
  }
  return out;
}

function renderBlock(node, scope) {
  const value = node.arg ? lookup(node.arg, scope) : undefined;
  const body = (context, data = scope.data) =>
    renderNodes(node.body, { ...scope, stack: context === undefined ? scope.stack : [context, ...scope.stack], data });
  const inverse = () => renderNodes(node.inverse, scope);
  if (node.inverted) return isEmpty(node.arg ? value : lookup(node.name, scope)) ? body(undefined) : inverse();
  switch (node.name) {
    case "if":
      return isEmpty(value) ? inverse() : body(undefined);
    case "unless":
      return isEmpty(value) ? body(undefined) : inverse();
    case "with":
      return isEmpty(value) ? inverse() : body(value);
    case "each":
      return each(value, body, inverse, scope);
    default: {
      const named = lookup(node.name, scope);
      if (named === true) return body(undefined);
      if (named === false || named === null || named === undefined) return inverse();
      if (Array.isArray(named)) return named.length ? each(named, body, inverse, scope) : inverse();
      return body(named);
    }
  }
}

function each(value, body, inverse, scope) {
  if (value === null || value === undefined || typeof value !== "object") return inverse();
  const entries = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  if (!entries.length) return inverse();
  return entries
    .map(([key, item], index) =>
      body(item, { ...scope.data, key, index, first: index === 0, last: index === entries.length - 1 }))
    .join("");
}

/** Handlebars' emptiness: falsy but not 0, or an empty list. */
function isEmpty(value) {
  return (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
}

/** A Handlebars path (`a.b`, `this`, `../a`, `@index`, `@root.a`) in the current scope. */
function lookup(path, scope) {
  let text = path.trim();
  if (text.startsWith("@")) {
    const [name, ...rest] = text.slice(1).split(".");
    const start = name === "root" ? scope.root : /** @type {any} */ (scope.data)[name];
    return walk(start, rest);
  }
  let depth = 0;
  while (text.startsWith("../")) {
    depth += 1;
    text = text.slice(3);
  }
  let context = scope.stack[Math.min(depth, scope.stack.length - 1)];
  if (text === "this" || text === ".") return context;
  if (text.startsWith("this.") || text.startsWith("./")) {
    text = text.slice(text.startsWith("this.") ? 5 : 2);
  }
  return walk(context, text.split(/[./]/));
}

function walk(value, keys) {
  let current = value;
  for (const key of keys) {
    if (!key) continue;
    if (current === null || current === undefined) return undefined;
    const box = Object(current);
    current = Object.prototype.hasOwnProperty.call(box, key) ? box[key] : undefined;
  }
  return current;
}

function display(value) {
  if (value === null || value === undefined) return "";
  return String(value);
}

function escapeHtml(text) {
  return text.replace(/[&<>"'`=]/g, (char) => ESCAPES[char]);
}

// --- patching the DOM in place --------------------------------------------------------------

/**
 * Make `el`'s content match `html`, keeping the nodes that stay (so listeners that
 * js_on_load added to them keep working).
 * @param {HTMLElement} el
 * @param {string} html
 */
function patch(el, html) {
  const next = document.createElement("template");
  next.innerHTML = html;
  patchChildren(el, next.content);
}

function patchChildren(el, next) {
  const have = [...el.childNodes];
  const want = [...next.childNodes];
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const old = have[i];
    const fresh = want[i];
    if (!fresh) old.remove();
    else if (!old) el.append(fresh);
    else patchNode(old, fresh);
  }
}

function patchNode(old, fresh) {
  if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) {
    old.replaceWith(fresh);
    return;
  }
  if (!(old instanceof Element)) {
    if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
    return;
  }
  for (const attr of [...old.attributes]) if (!fresh.hasAttribute(attr.name)) old.removeAttribute(attr.name);
  for (const attr of [...fresh.attributes]) {
    if (old.getAttribute(attr.name) === attr.value) continue;
    old.setAttribute(attr.name, attr.value);
    if (attr.name === "value" && "value" in old) /** @type {HTMLInputElement} */ (old).value = attr.value;
  }
  patchChildren(old, fresh);
}
