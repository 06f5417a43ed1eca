/**
 * Code. Payload: a string.
 *
 * The code is drawn as one `<span class="rillet-code-line">` per line inside
 * `<pre><code class="language-<name>">` (so `code.textContent` is exactly the value),
 * highlighted by the pinned highlight.js (rillet/vendor: its core and one grammar module
 * per language, loaded when first needed; until then, and for unknown languages, plain
 * text). Line numbers are the lines' `::before` (not part of the text, never copied).
 *
 * Streaming (`CodeLines`): only the text after the last "settled" line is highlighted
 * again when the value grows. A line settles once the highlighter is back at top level
 * after it (no string, comment or other construct open across its end), so what follows
 * highlights the same on its own; settled lines are drawn once and kept. A construct left
 * open (a long docstring being written) stays in the tail until it closes.
 *
 * Interactive: a transparent `<textarea>` over the highlighted text (same font, padding
 * and wrapping), so the caret and selection are the browser's own; typing emits "input"
 * and "change" and re-highlights from the last settled line before the edit. The box
 * shows at least `lines` lines and scrolls past `max_lines`; `wrap_lines` wraps long
 * lines; `buttons` copy and download (file named after the language).
 *
 * The highlighter helpers are exported for the Markdown renderer's fenced code blocks
 * (`highlightCodeBlocks`).
 */

import { addStyles, applyCommon, h, makeLabel, rootAppendText, uid } from "rillet/block.js";
import { autoScroller } from "rillet/textstream.js";
import { toolbar } from "rillet/toolbar.js";

// ---- the highlighter: highlight.js, core and grammars loaded on demand ----------------

/** Where the vendored modules are (the page's import map; the server's vendor route). */
const VENDOR = "rillet/vendor/";

/**
 * The highlight.js grammars the server serves as `hljs-<name>.mjs` (keep in step with
 * VENDOR_FILES in rillet/server/app.py and the package-data in pyproject.toml).
 */
export const GRAMMARS = Object.freeze([
  "bash", "c", "cpp", "csharp", "css", "diff", "django", "dockerfile", "go", "graphql", "ini",
  "java", "javascript", "json", "kotlin", "latex", "less", "lua", "makefile", "markdown",
  "objectivec", "perl", "pgsql", "php", "php-template", "plaintext", "python", "python-repl",
  "r", "ruby", "rust", "scss", "shell", "sql", "swift", "typescript", "vbnet", "wasm", "xml",
  "yaml",
]);

/** Language names (gr.Code's and common fence names, lower case) and their grammar. */
const ALIASES = {
  html: "xml", htm: "xml", xhtml: "xml", svg: "xml", rss: "xml", plist: "xml",
  shell: "bash", sh: "bash", zsh: "bash", console: "shell", shellsession: "shell",
  jinja2: "django", jinja: "django", "sql-pgsql": "pgsql", postgres: "pgsql", postgresql: "pgsql",
  py: "python", py3: "python", python3: "python", pycon: "python-repl",
  js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript", node: "javascript",
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript",
  yml: "yaml", "c++": "cpp", cc: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", "h++": "cpp", h: "c",
  rs: "rust", golang: "go", cs: "csharp", "c#": "csharp", kt: "kotlin", kts: "kotlin",
  rb: "ruby", md: "markdown", mkdown: "markdown", mkd: "markdown", docker: "dockerfile",
  tex: "latex", patch: "diff", toml: "ini", objc: "objectivec", "obj-c": "objectivec",
  text: "plaintext", txt: "plaintext", plain: "plaintext", pl: "perl", pm: "perl",
  gql: "graphql", mk: "makefile", mak: "makefile", make: "makefile", vb: "vbnet",
  jsonc: "json", json5: "json", php8: "php", php7: "php",
};

/** Grammars another one embeds (HTML's style and script, a Dockerfile's RUN lines, ...). */
const EMBEDS = {
  xml: ["css", "javascript"], django: ["xml"], dockerfile: ["bash"], "php-template": ["php", "xml"],
  "python-repl": ["python"], shell: ["bash"],
};

/** @type {Promise<any>|null} the highlight.js core, once asked for */
let corePromise = null;
/** @type {Map<string, Promise<any>>} grammar name -> its load (resolves to hljs or null) */
const grammarLoads = new Map();
/** @type {any} the core, once loaded */
let hljsReady = null;

/**
 * The grammar that highlights `language` (a gr.Code language, a fence's name or alias),
 * or null: shown as plain text.
 * @param {any} language
 * @returns {string|null}
 */
export function grammarFor(language) {
  if (typeof language !== "string" || !language) return null;
  const name = language.trim().toLowerCase();
  const grammar = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  if (GRAMMARS.includes(grammar)) return grammar;
  return name.startsWith("sql-") ? "sql" : null; // gr.Code's SQL dialects
}

/**
 * highlight.js when `grammar` (and the grammars it embeds) are registered, else null.
 * @param {string|null} grammar
 * @returns {any}
 */
export function readyHighlighter(grammar) {
  return grammar && hljsReady && hljsReady.getLanguage(grammar) ? hljsReady : null;
}

/**
 * Load highlight.js and `grammar` (with the ones it embeds), once per page.
 * @param {string} grammar a name from GRAMMARS
 * @returns {Promise<any>} highlight.js, or null when it could not be loaded
 */
export function loadGrammar(grammar) {
  let load = grammarLoads.get(grammar);
  if (!load) {
    load = (async () => {
      corePromise ??= import(`${VENDOR}highlight.mjs`).then((m) => m.default);
      const [hljs, module] = await Promise.all([corePromise, import(`${VENDOR}hljs-${grammar}.mjs`)]);
      await Promise.all((EMBEDS[grammar] || []).map(loadGrammar));
      if (!hljs.getLanguage(grammar)) hljs.registerLanguage(grammar, module.default);
      hljsReady = hljs;
      return hljs;
    })().catch((err) => {
      console.warn(`rillet: could not load the ${grammar} highlighter`, err);
      return null;
    });
    grammarLoads.set(grammar, load);
  }
  return load;
}

/**
 * @typedef {Object} Line one line of code, its end "\n" included (the last line has none)
 * @property {string} text
 * @property {string|null} html its highlighted HTML (null: plain text)
 * @property {boolean} open whether a highlighted construct continues past its end
 */

/**
 * `text` highlighted with `grammar` and cut into lines. Spans open across a line break are
 * closed at its end and opened again on the next line, so each line is whole HTML.
 * @param {any} hljs
 * @param {string} grammar
 * @param {string} text
 * @returns {Array<Line>}
 */
export function highlightLines(hljs, grammar, text) {
  const html = hljs.highlight(text, { language: grammar, ignoreIllegals: true }).value;
  /** @type {Array<Line>} */
  const lines = [];
  /** @type {Array<string>} */
  const open = [];
  let line = "";
  let start = 0;
  // highlight.js escapes the text: its only tags are <span class="..."> and </span>.
  for (const part of html.split(/(<span[^>]*>|<\/span>)/)) {
    if (part.startsWith("<span")) open.push(part);
    else if (part === "</span>") open.pop();
    if (part.startsWith("<")) {
      line += part;
      continue;
    }
    let rest = part;
    let nl;
    while ((nl = rest.indexOf("\n")) >= 0) {
      const end = text.indexOf("\n", start) + 1;
      lines.push({ text: text.slice(start, end), html: line + rest.slice(0, nl + 1) + "</span>".repeat(open.length),
        open: open.length > 0 });
      start = end;
      line = open.join("");
      rest = rest.slice(nl + 1);
    }
    line += rest;
  }
  lines.push({ text: text.slice(start), html: line, open: open.length > 0 });
  return lines;
}

/**
 * `text` cut into plain lines.
 * @param {string} text
 * @returns {Array<Line>}
 */
function plainLines(text) {
  const parts = text.split(/(?<=\n)/);
  if (text.endsWith("\n")) parts.push("");
  return parts.map((t) => ({ text: t, html: null, open: false }));
}

/**
 * Whether highlight.js ends `text` back at the grammar's top level (nothing left open).
 * @param {any} hljs
 * @param {string} grammar
 * @param {string} text
 * @returns {boolean}
 */
function endsAtTop(hljs, grammar, text) {
  const result = hljs.highlight(text, { language: grammar, ignoreIllegals: true });
  return result._top === undefined || result._top === hljs.getLanguage(grammar);
}

/**
 * Highlight the fenced code blocks (`<pre><code class="language-x">`) under `root`; a
 * grammar not loaded yet is loaded and the blocks drawn when it arrives.
 * @param {ParentNode} root
 */
export function highlightCodeBlocks(root) {
  for (const code of root.querySelectorAll("pre > code[class*='language-']")) {
    const el = /** @type {HTMLElement} */ (code);
    const language = /(?:^|\s)language-(\S+)/.exec(el.className)?.[1];
    const grammar = grammarFor(language);
    if (!grammar || el.dataset.highlighted) continue;
    const hljs = readyHighlighter(grammar);
    if (hljs) paintBlock(el, hljs, grammar);
    else loadGrammar(grammar).then((loaded) => loaded && paintBlock(el, loaded, grammar));
  }
}

/** Add the highlighter's colours to the page (once). */
export function useHighlightStyles() {
  addStyles("highlight", HIGHLIGHT_CSS);
}

/**
 * @param {HTMLElement} code
 * @param {any} hljs
 * @param {string} grammar
 */
function paintBlock(code, hljs, grammar) {
  if (code.dataset.highlighted) return;
  useHighlightStyles();
  code.innerHTML = hljs.highlight(code.textContent, { language: grammar, ignoreIllegals: true }).value;
  code.dataset.highlighted = grammar;
  code.parentElement?.classList.add("rillet-hl");
}

// ---- lines that follow a growing or edited text --------------------------------------

/**
 * The lines of a code text drawn into a `<code>`: highlighted, numbered (`data-n`), and
 * kept up to date at a cost that follows what changed, not the whole text.
 */
export class CodeLines {
  /**
   * @param {HTMLElement} code element that will hold only the lines
   * @param {(count: number) => void} [onCount] told the number of lines after each change
   */
  constructor(code, onCount = () => {}) {
    this.code = code;
    this.onCount = onCount;
    /** @type {string|null} */
    this.grammar = null;
    this.text = "";
    this.drawn = false;
    this.resetLines();
  }

  resetLines() {
    /** where the tail starts in `text`, and how many lines come before it (settled) */
    this.cut = 0;
    this.settled = 0;
    /** @type {Array<[number, number]>} settled [offset, lines] points an edit may redraw from */
    this.points = [];
    /** @type {Array<HTMLElement>} the tail's line elements (drawn again on every change) */
    this.tail = [];
    this.code.replaceChildren();
  }

  /**
   * Highlight with `grammar` (null: plain text) from now on; redraws everything, and
   * again when the grammar has loaded.
   * @param {string|null} grammar
   */
  setGrammar(grammar) {
    if (grammar === this.grammar && this.drawn) return;
    this.grammar = grammar;
    if (grammar && !readyHighlighter(grammar)) {
      loadGrammar(grammar).then((hljs) => {
        if (hljs && this.grammar === grammar) this.redraw();
      });
    }
    this.redraw();
  }

  /** Draw the whole text again. */
  redraw() {
    this.resetLines();
    this.drawTail();
  }

  /**
   * Show `text`: the settled lines before the first changed character are kept, the rest
   * is highlighted again.
   * @param {string} text
   */
  set(text) {
    if (text === this.text && this.drawn) return;
    if (text.startsWith(this.text)) {
      this.append(text.slice(this.text.length));
      return;
    }
    const same = commonPrefix(this.text, text);
    if (same < this.cut) this.rewind(same);
    this.text = text;
    this.drawTail();
  }

  /**
   * Add `chunk` at the end: only the tail is highlighted again.
   * @param {string} chunk
   */
  append(chunk) {
    if (!chunk && this.drawn) return;
    this.text += chunk;
    this.drawTail();
  }

  /**
   * Forget the settled lines from the last redraw point at or before `offset` on.
   * @param {number} offset
   */
  rewind(offset) {
    let lo = 0;
    let hi = this.points.length; // points[0..lo) are at or before `offset`
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid][0] <= offset) lo = mid + 1;
      else hi = mid;
    }
    this.points.length = lo;
    const [cut, settled] = lo ? this.points[lo - 1] : [0, 0];
    for (const el of this.tail) el.remove();
    this.tail = [];
    while (this.code.childNodes.length > settled) this.code.lastChild.remove();
    this.cut = cut;
    this.settled = settled;
  }

  /** Draw the tail again; settle its first lines that can no longer change. */
  drawTail() {
    this.drawn = true;
    for (const el of this.tail) el.remove();
    this.tail = [];
    const text = this.text.slice(this.cut);
    const hljs = readyHighlighter(this.grammar);
    const lines = hljs ? highlightLines(hljs, this.grammar, text) : plainLines(text);
    const keep = hljs ? settleCount(hljs, this.grammar, text, lines) : lines.length - 1;
    const fragment = document.createDocumentFragment();
    const first = this.settled + 1;
    lines.forEach((line, i) => {
      const el = drawLine(line, first + i);
      fragment.append(el);
      if (i >= keep) {
        this.tail.push(el);
        return;
      }
      this.cut += line.text.length;
      this.settled += 1;
      if (!line.open) this.points.push([this.cut, this.settled]);
    });
    this.code.append(fragment);
    this.onCount(this.settled + this.tail.length);
  }
}

/**
 * How many of a tail's first lines settle: those up to its last line that ends at the
 * grammar's top level, with text after it (so a construct the next line continues, such
 * as a line ending in a backslash, has been seen). One check per change: if the last
 * candidate is still inside a construct that emits no span, nothing settles yet.
 * @param {any} hljs
 * @param {string} grammar
 * @param {string} text the tail
 * @param {Array<Line>} lines its highlighted lines
 * @returns {number}
 */
function settleCount(hljs, grammar, text, lines) {
  let end = text.length - lines[lines.length - 1].text.length; // where the last line starts
  for (let i = lines.length - 2; i >= 0; i--) {
    const after = end; // the end of line i
    end -= lines[i].text.length;
    if (lines[i].open || after >= text.length) continue;
    return endsAtTop(hljs, grammar, text.slice(0, after)) ? i + 1 : 0;
  }
  return 0;
}

/**
 * @param {Line} line
 * @param {number} n its line number
 * @returns {HTMLElement}
 */
function drawLine(line, n) {
  const el = document.createElement("span");
  el.className = "rillet-code-line";
  el.dataset.n = String(n);
  if (line.html === null) el.textContent = line.text;
  else el.innerHTML = line.html;
  return el;
}

/**
 * @param {string} a
 * @param {string} b
 * @returns {number} the length of their common start
 */
function commonPrefix(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

// ---- the component ------------------------------------------------------------------

/** File name extensions for the download button, by grammar. */
const EXTENSIONS = {
  python: "py", c: "c", cpp: "cpp", markdown: "md", latex: "tex", json: "json", xml: "html",
  css: "css", javascript: "js", django: "jinja2", typescript: "ts", yaml: "yaml",
  bash: "sh", r: "r", sql: "sql", pgsql: "sql",
};

/**
 * Mount a code view or editor into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, language, lines, max_lines, wrap_lines,
 *   show_line_numbers, buttons, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Code(el, props, ctx);
}

class Code {
  constructor(el, props, ctx) {
    addStyles("highlight", HIGHLIGHT_CSS);
    addStyles("code", CSS);
    this.el = el;
    this.ctx = ctx;
    this.props = { lines: 5, show_line_numbers: true, buttons: ["copy", "download"], ...props };
    this.value = toText(props.value);
    this.controlId = uid("code");
    this.label = makeLabel(this.props, this.controlId);
    this.codeEl = h("code");
    this.pre = h("pre", { class: "rillet-code-view rillet-hl", "aria-labelledby": this.label.id }, [this.codeEl]);
    this.sizer = h("div", { class: "rillet-code-sizer" }, [this.pre]);
    this.scroll = h("div", { class: "rillet-code-scroll" }, [this.sizer]);
    this.box = h("div", { class: "rillet-code-box" }, [this.scroll]);
    this.scroller = autoScroller(this.scroll);
    for (const name of ["focus", "blur"]) {
      this.pre.addEventListener(name, () => { if (!this.input) this.ctx.emit(name); });
    }
    this.lines = new CodeLines(this.codeEl, (count) => {
      this.sizer.style.setProperty("--rillet-code-digits", String(Math.max(2, String(count).length)));
    });
    /** @type {HTMLTextAreaElement|null} */
    this.input = null;
    /** @type {{url: string, text: string}|null} */
    this.file = null;
    this.makeToolbar();
    // A click in the editor's box outside the text (a line number, below the last line)
    // puts the caret in the editor.
    this.box.addEventListener("mousedown", (e) => {
      const target = /** @type {Element} */ (e.target);
      if (!this.input || target === this.input || target.closest(".rillet-toolbar")) return;
      e.preventDefault();
      this.input.focus();
    });
    el.classList.add("rillet-code");
    el.append(this.label.el, this.box);
    applyCommon(el, this.props);
    this.render();
  }

  /** @returns {string} */
  get() {
    return this.value;
  }

  /**
   * @param {any} value
   * @param {Array} [edits] a root append (a streamed output) redraws only the tail
   */
  set(value, edits) {
    const text = toText(value);
    if (text === this.value) return;
    const chunk = rootAppendText(edits);
    const grown = chunk !== null && text.length === this.value.length + chunk.length;
    const wasEmpty = !this.value;
    this.value = text;
    if (this.input && this.input.value !== text) this.input.value = text;
    this.scroller.before();
    if (grown) this.lines.append(chunk);
    else this.lines.set(text);
    this.scroller.after();
    if (wasEmpty !== !text) this.tools.update();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("buttons" in props) this.makeToolbar();
    this.render();
    if ("value" in props) this.set(props.value);
  }

  makeToolbar() {
    this.tools?.el.remove();
    this.tools = toolbar(this.props.buttons, {
      copy: () => this.value || null,
      download: () => this.downloadUrl(),
      downloadName: () => `file.${EXTENSIONS[grammarFor(this.props.language)] || "txt"}`,
    });
    this.box.append(this.tools.el);
  }

  /** @returns {string|null} an object URL of the code as a file (null: no code) */
  downloadUrl() {
    if (!this.value) return null;
    if (this.file?.text !== this.value) {
      if (this.file) URL.revokeObjectURL(this.file.url);
      const url = URL.createObjectURL(new Blob([this.value], { type: "text/plain" }));
      this.file = { url, text: this.value };
    }
    return this.file.url;
  }

  /** Apply the layout props and the editor; highlight with the language. */
  render() {
    const p = this.props;
    const lines = Math.max(1, Number(p.lines) || 1);
    const max = Number(p.max_lines) > 0 ? Math.max(lines, Number(p.max_lines)) : null;
    this.box.style.setProperty("--rillet-code-lines", String(lines));
    if (max) this.box.style.setProperty("--rillet-code-max-lines", String(max));
    else this.box.style.removeProperty("--rillet-code-max-lines");
    this.box.classList.toggle("rillet-code-bounded", max !== null);
    this.box.classList.toggle("rillet-code-wrapped", p.wrap_lines === true);
    this.box.classList.toggle("rillet-code-numbered", p.show_line_numbers !== false);
    const language = typeof p.language === "string" && p.language ? `language-${p.language}` : "";
    if (this.codeEl.className !== language) this.codeEl.className = language;
    this.renderEditor(p.interactive === true);
    this.lines.setGrammar(grammarFor(p.language));
    this.lines.set(this.value);
  }

  /** @param {boolean} editable */
  renderEditor(editable) {
    if (editable === (this.input !== null)) return;
    this.input?.remove();
    this.input = null;
    this.pre.removeAttribute("id");
    this.pre.removeAttribute("data-testid");
    this.pre.removeAttribute("tabindex");
    if (!editable) {
      Object.assign(this.pre, { id: this.controlId, tabIndex: 0 });
      this.pre.dataset.testid = "code";
      this.box.classList.remove("rillet-code-editable");
      return;
    }
    const input = /** @type {HTMLTextAreaElement} */ (h("textarea", {
      id: this.controlId, class: "rillet-code-input", spellcheck: "false", autocomplete: "off",
      autocapitalize: "off", "data-testid": "code",
    }));
    input.value = this.value;
    input.addEventListener("input", () => {
      const wasEmpty = !this.value;
      this.value = input.value;
      this.lines.set(this.value);
      if (wasEmpty !== !this.value) this.tools.update();
      this.ctx.emit("input");
      this.ctx.emit("change");
    });
    input.addEventListener("keydown", indentOnTab(input));
    // The box scrolls, not the textarea: keep it aligned with the text under it.
    input.addEventListener("scroll", () => { input.scrollTop = 0; input.scrollLeft = 0; });
    for (const name of ["focus", "blur"]) input.addEventListener(name, () => this.ctx.emit(name));
    this.input = input;
    this.sizer.append(input);
    this.box.classList.add("rillet-code-editable");
  }
}

/**
 * A keydown handler for the editor: Tab inserts four spaces. Keyboard users still leave
 * it as usual with Shift+Tab, or with Escape then Tab (CodeMirror's convention).
 * @param {HTMLTextAreaElement} input
 * @returns {(e: KeyboardEvent) => void}
 */
function indentOnTab(input) {
  let escaped = false;
  return (e) => {
    const leaving = escaped;
    escaped = e.key === "Escape";
    if (e.key !== "Tab" || leaving || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    input.setRangeText("    ", input.selectionStart, input.selectionEnd, "end");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
}

function toText(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}

const CSS = `
.rillet-code-box { position: relative; border: 1px solid var(--rillet-border);
  border-radius: 6px; background: var(--rillet-subtle); overflow: hidden;
  --rillet-code-lh: 1.5; --rillet-code-pad: 8px; --rillet-code-digits: 2; }
.rillet-code-scroll { display: flex; flex-direction: column; overflow: auto; font-family: var(--rillet-mono); font-size: 13px;
  line-height: var(--rillet-code-lh);
  min-height: calc(var(--rillet-code-lines, 5) * var(--rillet-code-lh) * 1em + 2 * var(--rillet-code-pad)); }
.rillet-code-bounded .rillet-code-scroll {
  max-height: calc(var(--rillet-code-max-lines) * var(--rillet-code-lh) * 1em + 2 * var(--rillet-code-pad)); }
.rillet-code-sizer { position: relative; flex: 1 0 auto; width: max-content; min-width: 100%;
  --rillet-code-gutter: 0px; }
.rillet-code-numbered .rillet-code-sizer { --rillet-code-gutter: calc(var(--rillet-code-digits) * 1ch + 20px); }
.rillet-code-wrapped .rillet-code-sizer { width: 100%; }
.rillet-code-box .rillet-code-view { margin: 0; padding: var(--rillet-code-pad) 0; border: 0;
  border-radius: 0; background: none; overflow: visible; min-height: 0; max-height: none;
  font: inherit; line-height: inherit; white-space: pre; tab-size: 4; color: var(--rillet-text); }
.rillet-code-box .rillet-code-view:focus-visible { outline: 2px solid var(--rillet-primary); outline-offset: -2px; }
.rillet-code-view code { font: inherit; display: block; }
.rillet-code-line { display: block; min-height: calc(var(--rillet-code-lh) * 1em);
  padding: 0 var(--rillet-code-pad) 0 calc(var(--rillet-code-gutter) + var(--rillet-code-pad)); }
.rillet-code-numbered .rillet-code-line::before { content: attr(data-n); display: inline-block;
  position: sticky; left: 0; box-sizing: border-box; width: var(--rillet-code-gutter);
  margin-left: calc(-1 * var(--rillet-code-gutter) - var(--rillet-code-pad));
  margin-right: var(--rillet-code-pad); padding-right: 12px; text-align: right;
  color: var(--rillet-muted); background: var(--rillet-subtle); user-select: none; z-index: 1; }
.rillet-code-wrapped .rillet-code-view { white-space: pre-wrap; overflow-wrap: anywhere; }
.rillet-code-wrapped .rillet-code-line { position: relative; }
.rillet-code-wrapped.rillet-code-numbered .rillet-code-line::before { position: absolute; top: 0;
  margin: 0; left: 0; }
.rillet-code-input { position: absolute; top: 0; bottom: 0; right: 0;
  left: var(--rillet-code-gutter); width: auto; height: auto; margin: 0; border: 0; border-radius: 0;
  padding: var(--rillet-code-pad); font: inherit; line-height: inherit; tab-size: 4;
  white-space: pre; overflow: hidden; resize: none; outline: none; background: transparent;
  color: transparent; caret-color: var(--rillet-text); }
.rillet-code-wrapped .rillet-code-input { white-space: pre-wrap; overflow-wrap: anywhere; }
.rillet-code-input::selection { background: color-mix(in srgb, var(--rillet-primary) 30%, transparent); color: transparent; }
.rillet-code-editable:focus-within { border-color: var(--rillet-primary); }
`;

/**
 * Token colours: each a hue mixed with the page's text colour, so it darkens on a light
 * page and lightens on a dark one (and follows a theme's --rillet-text).
 */
const HIGHLIGHT_CSS = `
.rillet-hl {
  --rillet-hl-keyword: color-mix(in oklab, #9333ea 72%, var(--rillet-text));
  --rillet-hl-string: color-mix(in oklab, #16a34a 72%, var(--rillet-text));
  --rillet-hl-number: color-mix(in oklab, #ea580c 72%, var(--rillet-text));
  --rillet-hl-title: color-mix(in oklab, #2563eb 72%, var(--rillet-text));
  --rillet-hl-type: color-mix(in oklab, #0d9488 72%, var(--rillet-text));
  --rillet-hl-attr: color-mix(in oklab, #b45309 72%, var(--rillet-text));
  --rillet-hl-tag: color-mix(in oklab, #db2777 72%, var(--rillet-text));
  --rillet-hl-variable: color-mix(in oklab, #dc2626 72%, var(--rillet-text));
}
.rillet-hl .hljs-keyword, .rillet-hl .hljs-selector-tag, .rillet-hl .hljs-doctag,
.rillet-hl .hljs-template-tag, .rillet-hl .hljs-meta .hljs-keyword { color: var(--rillet-hl-keyword); }
.rillet-hl .hljs-string, .rillet-hl .hljs-regexp, .rillet-hl .hljs-meta .hljs-string,
.rillet-hl .hljs-addition, .rillet-hl .hljs-quote { color: var(--rillet-hl-string); }
.rillet-hl .hljs-number, .rillet-hl .hljs-literal, .rillet-hl .hljs-symbol,
.rillet-hl .hljs-bullet, .rillet-hl .hljs-link { color: var(--rillet-hl-number); }
.rillet-hl .hljs-title, .rillet-hl .hljs-section, .rillet-hl .hljs-selector-id,
.rillet-hl .hljs-selector-class { color: var(--rillet-hl-title); }
.rillet-hl .hljs-built_in, .rillet-hl .hljs-type, .rillet-hl .hljs-title.class_.inherited__ { color: var(--rillet-hl-type); }
.rillet-hl .hljs-attr, .rillet-hl .hljs-attribute, .rillet-hl .hljs-property,
.rillet-hl .hljs-selector-attr, .rillet-hl .hljs-selector-pseudo, .rillet-hl .hljs-params { color: var(--rillet-hl-attr); }
.rillet-hl .hljs-name, .rillet-hl .hljs-tag { color: var(--rillet-hl-tag); }
.rillet-hl .hljs-tag .hljs-attr { color: var(--rillet-hl-attr); }
.rillet-hl .hljs-variable, .rillet-hl .hljs-template-variable, .rillet-hl .hljs-deletion,
.rillet-hl .hljs-variable.language_ { color: var(--rillet-hl-variable); }
.rillet-hl .hljs-comment, .rillet-hl .hljs-meta, .rillet-hl .hljs-code, .rillet-hl .hljs-formula { color: var(--rillet-muted); }
.rillet-hl .hljs-comment { font-style: italic; }
.rillet-hl .hljs-subst, .rillet-hl .hljs-operator, .rillet-hl .hljs-punctuation { color: inherit; }
.rillet-hl .hljs-addition { background: color-mix(in srgb, var(--rillet-hl-string) 12%, transparent); }
.rillet-hl .hljs-deletion { background: color-mix(in srgb, var(--rillet-hl-variable) 12%, transparent); }
.rillet-hl .hljs-emphasis { font-style: italic; }
.rillet-hl .hljs-strong, .rillet-hl .hljs-section { font-weight: 600; }
.rillet-hl .hljs-link { text-decoration: underline; }
`;
