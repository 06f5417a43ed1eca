/**
 * A small, safe Markdown renderer: headings, paragraphs, bold/italic/strikethrough,
 * inline code, fenced code blocks, links, lists (nested by indentation), block quotes
 * and rules. It builds DOM nodes from text, so no HTML in the source ever becomes markup.
 *
 * `MarkdownView` keeps a rendered document in step with a growing source: an append
 * re-parses and re-renders only the last block or two; a code block being streamed
 * grows by appending text to its node.
 */

import { h } from "./block.js";
import { TextStream } from "./textstream.js";

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|$)/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const codeStreams = new WeakMap(); // <pre> of a code block -> its TextStream
const SAFE_URL = /^(https?:|mailto:|\/|#|\.|[^:/?#]*(?:[/?#]|$))/i;

/**
 * Split Markdown source into top-level blocks.
 * @param {string} src
 * @param {number} [base] offset added to every block's `start`
 * @returns {Array<{type: string, start: number, src: string}>} blocks, each with its
 *   raw source text and type-specific fields
 */
export function parseBlocks(src, base = 0) {
  const lines = splitLines(src, base);
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i].text)) {
      i += 1;
      continue;
    }
    const [block, next] = readBlock(lines, i);
    block.start = lines[i].start;
    block.src = lines.slice(i, next).map((l) => l.text).join("\n");
    blocks.push(block);
    i = next;
  }
  return blocks;
}

function splitLines(src, base) {
  const lines = [];
  let start = 0;
  for (;;) {
    const end = src.indexOf("\n", start);
    if (end < 0) {
      lines.push({ text: src.slice(start), start: base + start });
      return lines;
    }
    lines.push({ text: src.slice(start, end), start: base + start });
    start = end + 1;
  }
}

function isBlank(text) {
  return text.trim() === "";
}

function readBlock(lines, i) {
  const text = lines[i].text;
  let m = FENCE.exec(text);
  if (m) return readFence(lines, i, m);
  m = HEADING.exec(text);
  if (m) return [{ type: "heading", level: m[1].length, text: m[2] || "" }, i + 1];
  if (RULE.test(text)) return [{ type: "rule" }, i + 1];
  if (ITEM.test(text)) return readList(lines, i);
  if (QUOTE.test(text)) return readQuote(lines, i);
  return readParagraph(lines, i);
}

function readFence(lines, i, m) {
  const mark = m[1];
  const body = [];
  let j = i + 1;
  while (j < lines.length) {
    const t = lines[j].text.trim();
    if (t.startsWith(mark) && t.replace(new RegExp(`^\\${mark[0]}+`), "") === "") {
      return [{ type: "code", lang: m[2], text: body.join("\n"), closed: true }, j + 1];
    }
    body.push(lines[j].text);
    j += 1;
  }
  return [{ type: "code", lang: m[2], text: body.join("\n"), closed: false }, j];
}

function startsBlock(text) {
  return FENCE.test(text) || HEADING.test(text) || RULE.test(text) || ITEM.test(text)
    || QUOTE.test(text);
}

function readParagraph(lines, i) {
  let j = i + 1;
  while (j < lines.length && !isBlank(lines[j].text) && !startsBlock(lines[j].text)) j += 1;
  return [{ type: "para", text: lines.slice(i, j).map((l) => l.text.replace(/^\s+/, "")).join("\n") }, j];
}

function readQuote(lines, i) {
  const body = [];
  let j = i;
  let m;
  while (j < lines.length && (m = QUOTE.exec(lines[j].text))) {
    body.push(m[1]);
    j += 1;
  }
  return [{ type: "quote", text: body.join("\n") }, j];
}

function readList(lines, i) {
  const first = ITEM.exec(lines[i].text);
  const ordered = /\d/.test(first[2]);
  const indent = first[1].length;
  const items = [];
  let j = i;
  while (j < lines.length) {
    const text = lines[j].text;
    const m = ITEM.exec(text);
    if (m && m[1].length <= indent + 1 && /\d/.test(m[2]) === ordered) {
      items.push([m[3] || ""]);
    } else if (isBlank(text)) {
      const next = lines[j + 1]?.text;
      if (next === undefined || !(next.startsWith("  ") || isSibling(next, indent, ordered))) break;
      items[items.length - 1].push("");
    } else if (text.startsWith("  ") || !startsBlock(text)) {
      items[items.length - 1].push(text.replace(/^ {1,4}/, ""));
    } else break;
    j += 1;
  }
  const number = ordered ? parseInt(first[2], 10) : 1;
  return [{ type: "list", ordered, number, items: items.map((l) => l.join("\n")) }, j];
}

function isSibling(text, indent, ordered) {
  const m = ITEM.exec(text);
  return Boolean(m && m[1].length <= indent + 1 && /\d/.test(m[2]) === ordered);
}

/**
 * Render one parsed block to a DOM node.
 * @param {Object} block from parseBlocks
 * @returns {HTMLElement}
 */
export function renderBlock(block) {
  switch (block.type) {
    case "heading": return inlineInto(h(`h${block.level}`), block.text);
    case "rule": return h("hr");
    case "code": return renderCode(block);
    case "quote": return renderBlocksInto(h("blockquote"), block.text);
    case "list": return renderList(block);
    default: return inlineInto(h("p"), block.text);
  }
}

function renderCode(block) {
  const code = h("code", { class: block.lang ? `language-${block.lang}` : null });
  const pre = h("pre", {}, [code]);
  const stream = new TextStream(code);
  stream.set(block.text);
  codeStreams.set(pre, stream);
  return pre;
}

function renderList(block) {
  const list = h(block.ordered ? "ol" : "ul", { start: block.ordered && block.number !== 1 ? block.number : null });
  for (const item of block.items) {
    const li = h("li");
    const tight = !/\n[ \t]*\n/.test(item);
    parseBlocks(item).forEach((inner, i) => {
      if (tight && i === 0 && inner.type === "para") inlineInto(li, inner.text);
      else li.append(renderBlock(inner));
    });
    list.append(li);
  }
  return list;
}

/**
 * Render Markdown source into `parent` (appending).
 * @param {HTMLElement} parent
 * @param {string} src
 * @returns {HTMLElement} parent
 */
export function renderBlocksInto(parent, src) {
  for (const block of parseBlocks(src)) parent.append(renderBlock(block));
  return parent;
}

/**
 * Render inline Markdown (code spans, links, emphasis, line breaks) into `parent`.
 * @param {HTMLElement} parent
 * @param {string} text
 * @returns {HTMLElement} parent
 */
export function inlineInto(parent, text) {
  let buf = "";
  const flush = () => {
    if (buf) parent.append(buf);
    buf = "";
  };
  let i = 0;
  while (i < text.length) {
    const found = inlineAt(text, i);
    if (found) {
      flush();
      parent.append(found.node);
      i = found.end;
    } else if (text[i] === "\\" && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
    } else if (text[i] === "\n" && / {2}$|\\$/.test(buf)) {
      buf = buf.replace(/ +$|\\$/, "");
      flush();
      parent.append(h("br"));
      i += 1;
    } else {
      buf += text[i];
      i += 1;
    }
  }
  flush();
  return parent;
}

/** The inline element starting at text[i], or null. */
function inlineAt(text, i) {
  const c = text[i];
  if (c === "`") return codeSpan(text, i);
  if (c === "[") return link(text, i);
  if (c === "*" || c === "_" || c === "~") return emphasis(text, i);
  return null;
}

function codeSpan(text, i) {
  let n = 0;
  while (text[i + n] === "`") n += 1;
  const fence = "`".repeat(n);
  let j = text.indexOf(fence, i + n);
  while (j >= 0 && text[j + n] === "`") j = text.indexOf(fence, j + n + 1);
  if (j < 0) return null;
  let body = text.slice(i + n, j).replace(/\n/g, " ");
  if (/^ .*[^ ].* $/.test(body)) body = body.slice(1, -1);
  return { node: h("code", { text: body }), end: j + n };
}

function link(text, i) {
  let depth = 0;
  let j = i;
  for (; j < text.length; j += 1) {
    if (text[j] === "\\") j += 1;
    else if (text[j] === "[") depth += 1;
    else if (text[j] === "]" && --depth === 0) break;
  }
  if (j >= text.length || text[j + 1] !== "(") return null;
  const close = text.indexOf(")", j + 2);
  if (close < 0) return null;
  const target = text.slice(j + 2, close).trim().split(/\s+/)[0].replace(/^<|>$/g, "");
  if (!SAFE_URL.test(target)) return null;
  const external = /^https?:/i.test(target);
  const a = h("a", { href: target, target: external ? "_blank" : null, rel: external ? "noopener noreferrer" : null });
  return { node: inlineInto(a, text.slice(i + 1, j)), end: close + 1 };
}

function emphasis(text, i) {
  const c = text[i];
  const size = runLength(text, i);
  if (size > 2 || (c === "~" && size !== 2)) return null;
  if (c === "_" && /\w/.test(text[i - 1] || "")) return null;
  if (/\s/.test(text[i + size] || " ")) return null;
  const j = closer(text, i + size + 1, c, size);
  if (j < 0) return null;
  const tag = c === "~" ? "del" : size === 2 ? "strong" : "em";
  return { node: inlineInto(h(tag), text.slice(i + size, j)), end: j + size };
}

function runLength(text, i) {
  let n = 0;
  while (text[i + n] === text[i]) n += 1;
  return n;
}

/** Start of the first run of exactly `size` x `c` at or after `from` that can close. */
function closer(text, from, c, size) {
  let j = text.indexOf(c, from);
  while (j >= 0) {
    const n = runLength(text, j);
    const after = text[j + n] || "";
    if (n === size && !/\s/.test(text[j - 1]) && !(c === "_" && /\w/.test(after))) return j;
    j = text.indexOf(c, j + n);
  }
  return -1;
}

/** Rendered blocks are grouped in chunks of this many, so that changing the last block
 * makes the browser lay out one chunk, not every block of a long document. */
const CHUNK = 32;

/** A rendered Markdown document that follows a growing source cheaply. */
export class MarkdownView {
  /** @param {HTMLElement} root element that will hold only the rendered blocks */
  constructor(root) {
    this.root = root;
    this.src = "";
    this.lastLine = 0; // offset where the last (maybe partial) line of src starts
    this.blocks = []; // [{block, node}]
  }

  /**
   * Show `src` from scratch.
   * @param {string} src
   */
  reset(src) {
    this.root.replaceChildren();
    this.src = "";
    this.lastLine = 0;
    this.blocks = [];
    this.extend(src);
  }

  /**
   * Show `src`; when it extends the current source only the tail is re-rendered.
   * @param {string} src
   */
  update(src) {
    if (src === this.src) return;
    if (!src.startsWith(this.src)) {
      this.reset(src);
      return;
    }
    this.extend(src);
  }

  /**
   * Add `chunk` at the end of the source (no comparison with what is there).
   * @param {string} chunk
   */
  append(chunk) {
    if (chunk) this.extend(this.src + chunk);
  }

  extend(src) {
    const k = this.firstVolatile();
    const from = k < this.blocks.length ? this.blocks[k].block.start : 0;
    const fresh = parseBlocks(src.slice(from), from);
    this.lastLine = src.lastIndexOf("\n") + 1;
    this.src = src;
    this.reconcile(k, fresh);
  }

  /** Index of the first block that text appended to the source might change. */
  firstVolatile() {
    let k = this.blocks.length - 1;
    if (k < 0) return 0;
    if (k > 0 && this.blocks[k].block.start >= this.lastLine) k -= 1;
    return k;
  }

  reconcile(k, fresh) {
    const old = this.blocks.splice(k);
    fresh.forEach((block, j) => {
      this.blocks.push({ block, node: old[j] ? this.patch(old[j], block) : this.add(block) });
    });
    for (const gone of old.slice(fresh.length)) this.drop(gone.node);
  }

  patch(old, block) {
    if (old.block.type === block.type && old.block.src === block.src) return old.node;
    const stream = codeStreams.get(old.node);
    if (stream && block.type === "code" && old.block.lang === block.lang) {
      stream.set(block.text);
      return old.node;
    }
    const node = renderBlock(block);
    old.node.replaceWith(node);
    return node;
  }

  add(block) {
    let chunk = this.root.lastElementChild;
    if (!chunk || chunk.childElementCount >= CHUNK) {
      chunk = h("div", { class: "rillet-md-chunk" });
      this.root.append(chunk);
    }
    const node = renderBlock(block);
    chunk.append(node);
    return node;
  }

  drop(node) {
    const chunk = node.parentNode;
    node.remove();
    if (chunk && chunk !== this.root && chunk.childElementCount === 0) chunk.remove();
  }
}
