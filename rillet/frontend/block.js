/**
 * Helpers shared by the component modules (rillet/components/*.js): building elements,
 * block labels, and the props every block honours (visible, elem_id, elem_classes).
 *
 * Modules import it by name, "rillet/block.js": the page's import map (index.html) maps
 * "rillet/" to the served `static/` folder, this one's (components are in `static/components/`).
 */

/**
 * Create an element; its type follows the tag (`h("input")` is an HTMLInputElement).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Object<string, any>} [attrs] attributes; "class", "text" (textContent),
 *   "dataset" (object) and "on<event>" (listener) are special; null/undefined/false skip.
 * @param {Array<Node|string|null>|Node|string|null} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined) el.append(child);
  }
  return el;
}

let counter = 0;

/**
 * A page-unique element id.
 * @param {string} [prefix]
 * @returns {string}
 */
export function uid(prefix = "rillet") {
  counter += 1;
  return `${prefix}-${counter}`;
}

const addedClasses = new WeakMap();

/**
 * Apply the props every block honours to its root element: `visible` (false or "hidden"
 * hides it), `elem_id` (element id), `elem_classes` (string or list) and `container`
 * (false: no card around it). Only the keys present in `props` are touched, so partial
 * updates work.
 * @param {HTMLElement} el
 * @param {Object} props
 */
export function applyCommon(el, props) {
  if ("visible" in props) el.hidden = props.visible === false || props.visible === "hidden";
  if ("elem_id" in props) {
    if (props.elem_id) el.id = props.elem_id;
    else el.removeAttribute("id");
  }
  if ("container" in props) el.classList.toggle("rillet-bare", props.container === false);
  if ("elem_classes" in props) {
    for (const cls of addedClasses.get(el) || []) el.classList.remove(cls);
    const list = toClassList(props.elem_classes);
    for (const cls of list) el.classList.add(cls);
    addedClasses.set(el, list);
  }
}

function toClassList(value) {
  if (!value) return [];
  const items = Array.isArray(value) ? value : String(value).split(/\s+/);
  return items.map(String).filter(Boolean);
}

/**
 * A block label: a `<label class="rillet-label">` bound to the control `forId`, or a
 * `<span class="rillet-label">` when there is no single control. Hidden when
 * `show_label` is false or the label is empty.
 * @param {Object} props
 * @param {string|null} forId id of the labelled control
 * @returns {{el: HTMLElement, id: string, update(props: Object): void}}
 */
export function makeLabel(props, forId = null) {
  const id = uid("label");
  const el = h(forId ? "label" : "span", { class: "rillet-label", id, for: forId });
  const state = { label: props.label ?? "", show: props.show_label !== false };
  const update = (next) => {
    if ("label" in next) state.label = next.label ?? "";
    if ("show_label" in next) state.show = next.show_label !== false;
    el.textContent = String(state.label);
    el.hidden = !state.show || state.label === "";
  };
  update(props);
  return { el, id, update };
}

/**
 * The `info` line under a label; hidden when empty.
 * @param {Object} props
 * @returns {{el: HTMLElement, update(props: Object): void}}
 */
export function makeInfo(props) {
  const el = h("div", { class: "rillet-info" });
  const update = (next) => {
    if (!("info" in next)) return;
    el.textContent = next.info ?? "";
    el.hidden = !next.info;
  };
  el.hidden = true;
  update(props);
  return { el, update };
}

/**
 * Whether a value counts as unchanged (cheap for strings and numbers; structural for
 * JSON-like values).
 * @param {any} a
 * @param {any} b
 * @returns {boolean}
 */
export function sameValue(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * Normalise Gradio `choices` (list of [label, value] pairs, or plain values) to pairs.
 * @param {Array} choices
 * @returns {Array<[string, any]>}
 */
export function normChoices(choices) {
  return (choices || []).map((c) => (Array.isArray(c) ? [String(c[0]), c[1]] : [String(c), c]));
}

/**
 * When every edit is an `append` at the root (a grown string, possibly several merged
 * ones), the appended text; otherwise null.
 * @param {Array|undefined} edits
 * @returns {string|null}
 */
export function rootAppendText(edits) {
  if (!Array.isArray(edits) || edits.length === 0) return null;
  let text = "";
  for (const edit of edits) {
    const [op, path, value] = edit;
    if (op !== "append" || !Array.isArray(path) || path.length || typeof value !== "string") {
      return null;
    }
    text += value;
  }
  return text;
}

const addedStyles = new Set();

/**
 * Add a component's own CSS to the page once (a constructed stylesheet, so the page's
 * Content-Security-Policy needs nothing more). A component module calls it at mount
 * with its name and its rules; colours come from the page's `--rillet-*` variables, so
 * light and dark themes both apply.
 * @param {string} name the component's name (added once per page)
 * @param {string} css its rules
 */
export function addStyles(name, css) {
  if (addedStyles.has(name)) return;
  addedStyles.add(name);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
