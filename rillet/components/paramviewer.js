/**
 * ParamViewer: one row per parameter, `name: type` in code type; opening a row
 * shows its default and its description (Markdown). "Expand all" opens every row.
 * Props: value ({name: {type, description, default}}), language ("typescript" marks a
 * parameter with a default `name?:`), linkify
 * (names made links to `#name` in types), header (title; null for none), anchor_links (an
 * id and `#` link per row; a string is the ids' prefix), max_height.
 * Payload: the value, unchanged.
 */

import { addStyles, applyCommon, h } from "rillet/block.js";
import { renderMarkdownInto } from "rillet/markdown.js";

const CSS = `
.rillet-paramviewer { padding: 0; overflow: hidden; }
.rillet-pv-header { display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 10px 12px; border-bottom: 1px solid var(--rillet-border); font-weight: 600; }
.rillet-pv-toggle { font: inherit; font-weight: 400; font-size: 0.9em; cursor: pointer;
  color: var(--rillet-muted); background: none; border: 0; padding: 2px 4px; }
.rillet-pv-toggle:hover { color: var(--rillet-text); }
.rillet-pv-list { overflow-y: auto; }
.rillet-pv-param { border-bottom: 1px solid var(--rillet-border); }
.rillet-pv-param:last-child { border-bottom: 0; }
.rillet-pv-param > summary { display: flex; align-items: baseline; gap: 8px; cursor: pointer;
  list-style: none; padding: 8px 12px; font-family: var(--rillet-mono); font-size: 0.9em; }
.rillet-pv-param > summary::-webkit-details-marker { display: none; }
.rillet-pv-param > summary::after { content: ""; flex: none; width: 6px; height: 6px; margin-right: 4px;
  border-right: 2px solid var(--rillet-muted); border-bottom: 2px solid var(--rillet-muted);
  transform: translateY(-2px) rotate(-45deg); transition: transform 0.15s; }
.rillet-pv-param[open] > summary::after { transform: translateY(-3px) rotate(45deg); }
.rillet-pv-param > summary:hover { background: var(--rillet-subtle); }
.rillet-pv-sig { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.rillet-pv-name { font-weight: 600; color: var(--rillet-text); }
.rillet-pv-type { color: var(--rillet-primary); }
.rillet-pv-type a { color: inherit; }
.rillet-pv-anchor { color: var(--rillet-muted); text-decoration: none; visibility: hidden; }
.rillet-pv-param > summary:hover .rillet-pv-anchor { visibility: visible; }
.rillet-pv-body { padding: 0 12px 10px; }
.rillet-pv-default { margin: 0 0 6px; color: var(--rillet-muted); }
.rillet-pv-default code { font-family: var(--rillet-mono); color: var(--rillet-text);
  background: var(--rillet-subtle); padding: 1px 4px; border-radius: 4px; }
.rillet-pv-desc > :first-child { margin-top: 0; }
.rillet-pv-desc > :last-child { margin-bottom: 0; }
`;

/**
 * A type's text, with each `linkify` name in it made a link to `#name`.
 * @param {string} text
 * @param {string[]} names
 * @returns {Node[]}
 */
export function linkified(text, names) {
  const words = (names || []).filter((n) => typeof n === "string" && n);
  if (!words.length) return [document.createTextNode(text)];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`\\b(${escaped.join("|")})\\b`, "g");
  /** @type {Node[]} */
  const out = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    out.push(h("a", { href: `#${match[1].toLowerCase()}`, text: match[1] }));
    last = at + match[1].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/** @param {any} v @returns {boolean} whether a default is given */
const hasDefault = (v) => v !== null && v !== undefined && v !== "";

/**
 * @param {HTMLElement} el component root
 * @param {Object} props config props
 * @param {Object} ctx {emit, ...}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("paramviewer", CSS);
  let value = props.value ?? null;
  const title = h("span", { class: "rillet-pv-title" });
  const toggle = h("button", { type: "button", class: "rillet-pv-toggle" });
  const header = h("div", { class: "rillet-pv-header" }, [title, toggle]);
  const list = h("div", { class: "rillet-pv-list" });
  el.classList.add("rillet-paramviewer");
  el.append(header, list);

  const rows = () => /** @type {HTMLDetailsElement[]} */ ([...list.querySelectorAll(".rillet-pv-param")]);
  const drawToggle = () => {
    const all = rows();
    const open = all.length > 0 && all.every((d) => d.open);
    toggle.textContent = open ? "Collapse all" : "Expand all";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.hidden = all.length === 0;
  };
  toggle.addEventListener("click", () => {
    const open = !rows().every((d) => d.open);
    for (const d of rows()) d.open = open;
    drawToggle();
  });

  const anchorId = (/** @type {string} */ name) => {
    const prefix = typeof props.anchor_links === "string" ? props.anchor_links : "";
    return `${prefix}param-${name}`.replace(/\s+/g, "-");
  };

  const row = (/** @type {string} */ name, /** @type {any} */ param) => {
    const p = param && typeof param === "object" ? param : {};
    const ts = props.language === "typescript";
    const sig = h("span", { class: "rillet-pv-sig" }, [
      h("span", { class: "rillet-pv-name", text: name }),
      document.createTextNode(ts && hasDefault(p.default) ? "?: " : ": "),
    ]);
    if (hasDefault(p.type)) sig.append(h("span", { class: "rillet-pv-type" }, linkified(String(p.type), props.linkify)));
    const summary = h("summary", {}, [sig]);
    const details = h("details", { class: "rillet-pv-param", dataset: { name } }, [summary]);
    if (props.anchor_links) {
      details.id = anchorId(name);
      summary.append(h("a", { class: "rillet-pv-anchor", href: `#${details.id}`, text: "#",
        "aria-label": `Link to ${name}` }));
    }
    const body = h("div", { class: "rillet-pv-body" });
    if (hasDefault(p.default)) {
      body.append(h("p", { class: "rillet-pv-default" }, [document.createTextNode("default "),
        h("code", { text: `= ${p.default}` })]));
    }
    if (hasDefault(p.description)) body.append(renderMarkdownInto(h("div", { class: "rillet-pv-desc" }), String(p.description)));
    details.append(body);
    details.addEventListener("toggle", drawToggle);
    return details;
  };

  const draw = () => {
    const entries = value && typeof value === "object" ? Object.entries(value) : [];
    list.replaceChildren(...entries.map(([name, param]) => row(name, param)));
    title.textContent = props.header ?? "";
    header.hidden = props.header === null || props.header === undefined;
    const max = props.max_height;
    list.style.maxHeight = max === null || max === undefined ? "" : typeof max === "number" ? `${max}px` : String(max);
    drawToggle();
  };

  applyCommon(el, props);
  draw();
  return {
    get: () => value,
    set(v) {
      value = v ?? null;
      draw();
      ctx.emit("change");
    },
    setProps(next) {
      Object.assign(props, next);
      applyCommon(el, next);
      if ("value" in next) this.set(next.value);
      else draw();
    },
  };
}
