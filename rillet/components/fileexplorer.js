/**
 * FileExplorer. Payload: the selected files, each a list of path parts below `root_dir`
 * (`[["docs", "a.md"]]`), or null.
 *
 * A tree (`props.tree`, listed by the server: `{name, type: "file"|"folder", children}`)
 * of folders that open and close, and files to tick: several for `file_count`
 * "multiple" (a folder's box ticks every file in it), one for "single". A user's choice
 * emits "select" ({value: the path parts, selected}), "input" and "change"; a value set
 * by the app emits "change". Not interactive: the tree shows the selection, read-only.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";

/**
 * Mount a file explorer into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (tree, value, file_count, height, max_height, ...)
 * @param {Object} ctx {emit, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("fileexplorer", CSS);
  return new FileExplorer(el, props, ctx);
}

const key = (/** @type {any} */ parts) => JSON.stringify(parts);

class FileExplorer {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { file_count: "multiple", tree: [], ...props };
    /** @type {Map<string, string[]>} selected files by key */
    this.selected = new Map();
    /** @type {Set<string>} open folders by key */
    this.open = new Set();
    this.label = makeLabel(this.props, null);
    this.box = h("div", { class: "rillet-fe-tree", role: "tree", "data-testid": "fileexplorer" });
    el.classList.add("rillet-fileexplorer");
    el.append(this.label.el, this.box);
    applyCommon(el, this.props);
    this.take(props.value);
    this.render();
  }

  get interactive() {
    return this.props.interactive !== false;
  }

  get single() {
    return this.props.file_count === "single";
  }

  /** @returns {Array<string[]>|null} */
  get() {
    if (!this.selected.size) return null;
    return [...this.selected.values()].sort((a, b) => a.join("/").localeCompare(b.join("/")));
  }

  /** @param {any} value list of path-part lists, or null */
  set(value) {
    const before = key(this.get() || []);
    this.take(value);
    this.render();
    if (key(this.get() || []) !== before) this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("value" in props) this.set(props.value);
    else this.render();
  }

  take(value) {
    this.selected.clear();
    for (const parts of Array.isArray(value) ? value : []) {
      if (!Array.isArray(parts)) continue;
      this.selected.set(key(parts), parts);
      for (let i = 1; i < parts.length; i++) this.open.add(key(parts.slice(0, i)));
    }
  }

  render() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.box.style.height = css(this.props.height);
    this.box.style.maxHeight = css(this.props.max_height);
    this.box.style.minHeight = css(this.props.min_height);
    const nodes = this.props.tree || [];
    if (!nodes.length) {
      this.box.replaceChildren(h("div", { class: "rillet-fe-empty", text: "No files" }));
      return;
    }
    this.box.replaceChildren(this.list(nodes, []));
  }

  list(nodes, parent) {
    const ul = h("ul", { class: "rillet-fe-list", role: parent.length ? "group" : null });
    for (const node of nodes) ul.append(this.item(node, [...parent, node.name]));
    return ul;
  }

  item(node, parts) {
    const folder = node.type === "folder";
    const k = key(parts);
    const li = h("li", { class: "rillet-fe-item", role: "treeitem", "data-path": parts.join("/") });
    const row = h("div", { class: `rillet-fe-row${folder ? " rillet-fe-folder" : ""}` });
    const box = this.checkbox(node, parts);
    if (folder) {
      const isOpen = this.open.has(k);
      li.setAttribute("aria-expanded", String(isOpen));
      const toggle = h("button", { type: "button", class: "rillet-fe-toggle", "aria-label": `${isOpen ? "Close" : "Open"} ${node.name}`,
        text: isOpen ? "▾" : "▸" });
      const flip = () => {
        if (this.open.has(k)) this.open.delete(k);
        else this.open.add(k);
        this.render();
      };
      toggle.addEventListener("click", flip);
      row.append(toggle, box || h("span", { class: "rillet-fe-spacer" }), icon(true),
        h("span", { class: "rillet-fe-name", text: node.name, onclick: flip }));
      li.append(row);
      if (isOpen) li.append(this.list(node.children || [], parts));
    } else {
      const name = h("span", { class: "rillet-fe-name", text: node.name });
      if (box) name.addEventListener("click", () => box.click());
      row.append(h("span", { class: "rillet-fe-spacer" }), box || h("span", { class: "rillet-fe-spacer" }),
        icon(false), name);
      if (this.selected.has(k)) row.classList.add("rillet-fe-selected");
      li.append(row);
    }
    return li;
  }

  /** A tick box for a file, or (several files) a folder; null for a folder in "single". */
  checkbox(node, parts) {
    const folder = node.type === "folder";
    if (folder && this.single) return null;
    const files = folder ? filesUnder(node, parts) : [parts];
    const ticked = files.filter((p) => this.selected.has(key(p))).length;
    const box = h("input", { type: "checkbox", class: "rillet-fe-check", "aria-label": `Select ${parts.join("/")}` });
    box.checked = files.length > 0 && ticked === files.length;
    box.indeterminate = ticked > 0 && ticked < files.length;
    box.disabled = !this.interactive;
    box.addEventListener("change", () => this.choose(files, box.checked, parts));
    return box;
  }

  choose(files, on, parts) {
    if (this.single) this.selected.clear();
    for (const p of files) {
      if (on) this.selected.set(key(p), p);
      else this.selected.delete(key(p));
    }
    this.render();
    this.ctx.emit("select", { value: parts, index: null, selected: on });
    this.ctx.emit("input");
    this.ctx.emit("change");
  }
}

function filesUnder(node, parts) {
  if (node.type !== "folder") return [parts];
  return (node.children || []).flatMap((child) => filesUnder(child, [...parts, child.name]));
}

function icon(folder) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  el.setAttribute("viewBox", "0 0 24 24");
  el.setAttribute("aria-hidden", "true");
  el.setAttribute("class", "rillet-fe-icon");
  const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
  p.setAttribute("d", folder ? "M3 6a1 1 0 011-1h5l2 2h9a1 1 0 011 1v10a1 1 0 01-1 1H4a1 1 0 01-1-1z"
    : "M14 3H6a1 1 0 00-1 1v16a1 1 0 001 1h12a1 1 0 001-1V8zM14 3v5h5");
  el.append(p);
  return el;
}

const CSS = `
.rillet-fe-tree { overflow: auto; font-size: 14px; border: 1px solid var(--rillet-border);
  border-radius: 6px; background: var(--rillet-bg); padding: 4px 0; }
.rillet-fe-list { list-style: none; margin: 0; padding: 0; }
.rillet-fe-list .rillet-fe-list { padding-left: 18px; }
.rillet-fe-row { display: flex; align-items: center; gap: 6px; padding: 3px 8px; border-radius: 4px; }
.rillet-fe-row:hover { background: var(--rillet-subtle); }
.rillet-fe-selected { background: var(--rillet-subtle); font-weight: 600; }
.rillet-fe-toggle { width: 16px; border: none; background: none; padding: 0; cursor: pointer;
  color: var(--rillet-muted); font-size: 12px; line-height: 1; }
.rillet-fe-spacer { display: inline-block; width: 16px; flex: none; }
.rillet-fe-check { margin: 0; accent-color: var(--rillet-primary); flex: none; }
.rillet-fe-icon { width: 16px; height: 16px; flex: none; fill: none; stroke: var(--rillet-muted);
  stroke-width: 1.6; stroke-linejoin: round; }
.rillet-fe-name { cursor: pointer; word-break: break-all; color: var(--rillet-text); }
.rillet-fe-empty { color: var(--rillet-muted); padding: 12px; font-size: 13px; }
`;
