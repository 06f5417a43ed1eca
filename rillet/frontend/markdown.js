/**
 * The page's one Markdown renderer, used by gr.Markdown, the Chatbot and Interface's
 * description and article: the pinned markdown-it (rillet/vendor), so one set of rules and
 * one XSS surface. It runs with `html: false` (HTML in the source is shown as text and
 * never runs) and markdown-it's link check (javascript:, vbscript:, file: and non-image
 * data: URLs are refused); links open in a new tab without an opener. Tables, images,
 * strikethrough and bare URLs (linkify) render.
 *
 * `MarkdownStream` follows a growing source at a cost per append that does not grow with
 * the text: the source is split at its last blank line outside a code fence; what comes
 * before is rendered once ("settled"), only the rest (the "tail", the block being written)
 * is rendered again.
 *
 * Fenced code blocks with a language (```python) are highlighted by gr.Code's highlighter
 * (the pinned highlight.js; its grammar is loaded when first needed).
 */

import { addStyles } from "rillet/block.js";
import {
  CodeLines, grammarFor, highlightCodeBlocks, useHighlightStyles,
} from "rillet/components/code.js";
import markdownit from "rillet/vendor/markdown-it.mjs";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** @typedef {{render(src: string): string}} Renderer */

/**
 * A renderer with the page's safe options.
 * @param {{lineBreaks?: boolean}} [options] `lineBreaks`: a single newline breaks the line
 * @returns {Renderer}
 */
export function makeMarkdown({ lineBreaks = false } = {}) {
  const md = markdownit({ html: false, linkify: true, breaks: lineBreaks });
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet("target", "_blank");
    tokens[idx].attrSet("rel", "noopener noreferrer");
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

/**
 * Render `src` into `el` once (Interface's description and article).
 * @template {HTMLElement} T
 * @param {T} el
 * @param {string} src
 * @returns {T} `el`
 */
export function renderMarkdownInto(el, src) {
  el.innerHTML = makeMarkdown().render(src);
  highlightCodeBlocks(el);
  return el;
}

/**
 * Where the settled part of `src` ends: just after its last blank line outside a code
 * fence, scanning from `from` (which is outside any fence).
 * @param {string} src
 * @param {number} from
 * @returns {number}
 */
export function settledEnd(src, from) {
  /** @type {string|null} */
  let fence = null;
  let cut = from;
  let pos = from;
  while (pos < src.length) {
    const nl = src.indexOf("\n", pos);
    if (nl < 0) break; // the last line may still grow
    const line = src.slice(pos, nl);
    const open = FENCE.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && !line.trim().slice(open[1].length)) {
        fence = null;
      }
    } else if (open) fence = open[1];
    else if (!line.trim() && pos > from) cut = nl + 1;
    pos = nl + 1;
  }
  return cut;
}

/** A rendered Markdown document that follows a growing source cheaply. */
export class MarkdownStream {
  /**
   * @param {HTMLElement} root element that will hold only the rendered document
   * @param {Renderer} md
   */
  constructor(root, md) {
    this.md = md;
    this.src = "";
    this.cut = 0; // where the tail starts in src
    this.settled = document.createElement("div");
    this.settled.className = "rillet-md-settled";
    this.tail = document.createElement("div");
    this.tail.className = "rillet-md-tail";
    /** @type {{header: string, lines: CodeLines}|null} the code block being written */
    this.code = null;
    root.replaceChildren(this.settled, this.tail);
  }

  /**
   * Show `text`: appends when it extends the current source, otherwise starts over.
   * @param {string} text
   */
  set(text) {
    if (text === this.src) return;
    if (text.startsWith(this.src)) this.append(text.slice(this.src.length));
    else this.reset(text);
  }

  /**
   * Show `text` from scratch (also after the renderer changed).
   * @param {string} text
   */
  reset(text) {
    this.src = "";
    this.cut = 0;
    this.settled.replaceChildren();
    this.tail.replaceChildren();
    this.code = null;
    this.append(text);
  }

  /**
   * Add `chunk` at the end of the source: new settled blocks are rendered once, the
   * tail again.
   * @param {string} chunk
   */
  append(chunk) {
    this.src += chunk;
    const cut = settledEnd(this.src, this.cut);
    if (cut > this.cut) {
      const block = document.createElement("template");
      block.innerHTML = this.md.render(this.src.slice(this.cut, cut));
      highlightCodeBlocks(block.content);
      this.settled.append(block.content);
      this.cut = cut;
    }
    const rest = this.src.slice(this.cut);
    if (this.growCode(rest)) return;
    this.code = null;
    this.tail.innerHTML = this.md.render(rest);
    highlightCodeBlocks(this.tail);
  }

  /**
   * When the tail is one fenced code block still being written (a model writing code),
   * follow it line by line (`CodeLines`: only the lines that can still change are
   * highlighted again) instead of rendering and highlighting the whole block on each
   * append. False when the tail is anything else; it is then rendered as Markdown (also
   * once the fence closes).
   * @param {string} rest the tail's source
   * @returns {boolean}
   */
  growCode(rest) {
    const nl = rest.indexOf("\n");
    const header = nl < 0 ? "" : rest.slice(0, nl);
    const fence = FENCE.exec(header);
    const language = fence ? header.slice(fence[0].length).trim().split(/\s+/)[0] : "";
    const grammar = language ? grammarFor(language) : null;
    if (!fence || !grammar || closes(rest.slice(nl + 1), fence[1])) return false;
    if (!this.code || this.code.header !== header) {
      addStyles("md-growing-code", GROWING_CSS);
      useHighlightStyles();
      const code = document.createElement("code");
      code.className = `language-${language}`;
      const pre = document.createElement("pre");
      pre.className = "rillet-hl rillet-md-growing";
      pre.append(code);
      this.tail.replaceChildren(pre);
      const lines = new CodeLines(code);
      lines.setGrammar(grammar);
      this.code = { header, lines };
    }
    this.code.lines.set(rest.slice(nl + 1));
    return true;
  }
}

/** A growing code block's lines flow as the text of a plain `<pre>` would. */
const GROWING_CSS = ".rillet-md-growing .rillet-code-line { display: inline; }";

/**
 * Does `body` (a fenced block's text after its opening line) hold the closing fence?
 * @param {string} body
 * @param {string} fence the opening fence (``` or ~~~, maybe longer)
 * @returns {boolean}
 */
function closes(body, fence) {
  for (const line of body.split("\n")) {
    const found = FENCE.exec(line);
    if (found && found[1][0] === fence[0] && found[1].length >= fence.length
      && !line.trim().slice(found[1].length)) return true;
  }
  return false;
}
