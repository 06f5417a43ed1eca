/**
 * Builds the page from `config.layout`. Layout containers (row, column, group, form,
 * tabs/tab, accordion, sidebar) are made here; every other node mounts the component module its
 * type names, "rillet/components/<type>.js" (a Python component class and its module share
 * that name). A type whose module is missing gets a visible placeholder.
 *
 * Every root element gets `data-rillet-id` and `data-rillet-type`; the result is a registry
 * `Map<id, {id, type, el, api, props, layout}>` where `api` is {get, set, setProps}.
 */

import { addStyles, applyCommon, h } from "rillet/block.js";

const ALIASES = { tabitem: "tab", box: "group", clearbutton: "button", duplicatebutton: "button" };
const CONTAINERS = new Set(["row", "column", "group", "form", "tabs", "tab", "accordion", "sidebar",
  "draggable", "walkthrough", "step"]);
/** Below this width (Gradio's breakpoint) a sidebar lies over the page instead of beside it. */
const NARROW = 768;

const LAYOUT_CSS = `
.rillet-accordion details { padding: 0; }
.rillet-accordion-label { display: flex; align-items: center; justify-content: space-between;
  gap: 8px; list-style: none; padding: 10px 12px; user-select: none; }
.rillet-accordion-label::-webkit-details-marker { display: none; }
.rillet-accordion-label::after { content: ""; width: 7px; height: 7px; margin-right: 4px;
  border-right: 2px solid var(--rillet-muted); border-bottom: 2px solid var(--rillet-muted);
  transform: rotate(45deg); transition: transform 0.15s; }
.rillet-accordion details:not([open]) > .rillet-accordion-label::after { transform: rotate(-45deg); }
.rillet-accordion-body { padding: 0 12px 12px; overflow: auto; }
.rillet-sidebar { position: fixed; top: 0; bottom: 0; left: 0; z-index: 40;
  width: var(--rillet-sidebar-width, 320px); max-width: 90vw;
  background: var(--rillet-subtle); border-right: 1px solid var(--rillet-border);
  transform: translateX(-100%); transition: transform 0.2s ease; }
.rillet-sidebar.rillet-sidebar-right { left: auto; right: 0; border-right: 0;
  border-left: 1px solid var(--rillet-border); transform: translateX(100%); }
.rillet-sidebar.rillet-open { transform: none; box-shadow: 0 0 16px rgb(0 0 0 / 0.12); }
.rillet-sidebar-content { height: 100%; box-sizing: border-box; overflow-y: auto;
  padding: 24px 16px; display: flex; flex-direction: column; gap: var(--rillet-gap); }
.rillet-sidebar-toggle { position: absolute; top: 16px; left: 100%; width: 32px; height: 32px;
  padding: 0; display: flex; align-items: center; justify-content: center; cursor: pointer;
  color: var(--rillet-text); background: var(--rillet-bg); border: 1px solid var(--rillet-border);
  border-left: 0; border-radius: 0 var(--rillet-radius) var(--rillet-radius) 0; }
.rillet-sidebar-right .rillet-sidebar-toggle { left: auto; right: 100%; border-left: 1px solid var(--rillet-border);
  border-right: 0; border-radius: var(--rillet-radius) 0 0 var(--rillet-radius); }
.rillet-sidebar-toggle::before { content: ""; width: 7px; height: 7px;
  border-right: 2px solid currentColor; border-bottom: 2px solid currentColor;
  transform: translateX(-2px) rotate(-45deg); }
.rillet-sidebar.rillet-open .rillet-sidebar-toggle::before,
.rillet-sidebar-right:not(.rillet-open) .rillet-sidebar-toggle::before { transform: translateX(2px) rotate(135deg); }
.rillet-sidebar-right.rillet-open .rillet-sidebar-toggle::before { transform: translateX(-2px) rotate(-45deg); }
body.rillet-sidebar-left .rillet-app { padding-left: 48px; }
body.rillet-sidebar-right .rillet-app { padding-right: 48px; }
@media (max-width: ${NARROW}px) {
  .rillet-sidebar { width: 100vw; max-width: 100vw; }
  .rillet-sidebar.rillet-open .rillet-sidebar-toggle { left: auto; right: 8px; border: 1px solid var(--rillet-border);
    border-radius: var(--rillet-radius); }
  .rillet-sidebar-right.rillet-open .rillet-sidebar-toggle { right: auto; left: 8px; }
  .rillet-sidebar-content { padding-top: 56px; }
}
@media (min-width: ${NARROW + 1}px) {
  .rillet-sidebar.rillet-open { box-shadow: none; }
  body.rillet-pushed-left .rillet-app { padding-left: calc(var(--rillet-pushed-left) + 16px); }
  body.rillet-pushed-right .rillet-app { padding-right: calc(var(--rillet-pushed-right) + 16px); }
  body.rillet-pushed-left .rillet-app, body.rillet-pushed-right .rillet-app { max-width: none; }
}
`;
const warned = new Set();

/**
 * Build the layout into `root` and mount every component.
 * @param {HTMLElement} root
 * @param {Object} config the /config JSON
 * @param {(id: number) => Object} makeCtx the ctx handed to a component's mount()
 * @returns {Promise<Map<number, Object>>} registry
 */
export async function buildLayout(root, config, makeCtx) {
  const builder = new Builder(config, makeCtx);
  addStyles("layout", LAYOUT_CSS);
  builder.children(config.layout || { children: [] }, root, null);
  await builder.mountAll();
  await builder.settled();
  return builder.registry;
}

// --- @gr.render (rillet/frontend/render.js) ---
/**
 * Build a render block's new content into its container's element and mount it: the
 * entries of `part.components` that `part.layout`'s children name (the container itself is
 * not rebuilt). `parentType` is the container's type ("row" lays children out side by side).
 * @param {HTMLElement} el the container's content element
 * @param {{components: Object[], layout: Object, dependencies: Object[]}} part
 * @param {(id: number) => Object} makeCtx
 * @param {string} parentType
 * @returns {Promise<Map<number, Object>>} the new entries of the registry
 */
export async function buildSubtree(el, part, makeCtx, parentType) {
  const builder = new Builder(part, makeCtx);
  builder.children(part.layout || { children: [] }, el, { type: parentType });
  await builder.mountAll();
  await builder.settled();
  return builder.registry;
}
// --- end @gr.render ---

class Builder {
  constructor(config, makeCtx) {
    this.makeCtx = makeCtx;
    this.components = new Map((config.components || []).map((c) => [c.id, c]));
    this.usage = usageOf(config.dependencies || []);
    this.registry = new Map();
    this.leaves = [];
  }

  children(node, parentEl, parent) {
    for (const child of node.children || []) {
      const comp = this.components.get(child.id);
      if (!comp) {
        console.warn(`rillet: layout refers to unknown component id ${child.id}`);
        continue;
      }
      if (comp.type === "form" && parent && parent.type === "draggable") {
        // the user drags a Form's fields one by one (as in Gradio): they go straight in
        const el = h("div", { dataset: { rilletId: String(comp.id), rilletType: comp.type } });
        this.register(comp, "form", el, inertApi(el), true);
        this.children(child, parentEl, parent);
        continue;
      }
      const el = this.node(child, comp, parent);
      if (parent && (parent.type === "tabs" || parent.type === "walkthrough")) this.addTab(parent.container, comp, el);
      else parentEl.append(el);
      if (parent && (parent.type === "row" || parent.inRow)) flexInRow(el, comp);
    }
  }

  node(child, comp, parent) {
    const type = ALIASES[comp.type] || comp.type;
    const props = comp.props || {};
    const el = h("div", { dataset: { rilletId: String(comp.id), rilletType: comp.type } });
    if (CONTAINERS.has(type)) {
      const container = makeContainer(type, el, props, this.makeCtx(comp.id));
      this.register(comp, type, el, container.api, true);
      // a Form's fields lie side by side, sharing its width, when the Form is in a row
      const inRow = type === "form" && Boolean(parent) && parent.type === "row";
      this.children(child, container.content, { type, container, inRow });
    } else {
      el.className = "rillet-block";
      this.leaves.push({ comp, type, el });
      if (child.children && child.children.length) this.children(child, el, null);
    }
    return el;
  }

  addTab(tabs, comp, el) {
    const api = tabs.addTab(comp, el, this.makeCtx(comp.id));
    const entry = this.registry.get(comp.id);
    if (entry) entry.api = api;
  }

  register(comp, type, el, api, layout) {
    this.registry.set(comp.id, { id: comp.id, type, el, api, props: comp.props || {}, layout });
  }

  unknown(comp, el, props) {
    el.className = "rillet-block rillet-unknown";
    el.append(h("div", { class: "rillet-unknown-note", text: `Unsupported component: ${comp.type}` }));
    applyCommon(el, props);
    if (!warned.has(comp.type)) {
      warned.add(comp.type);
      console.warn(`rillet: no frontend module for component type "${comp.type}"; showing a placeholder`);
    }
    this.register(comp, comp.type, el, inertApi(el), false);
  }

  async mountAll() {
    const types = [...new Set(this.leaves.map((leaf) => leaf.type))];
    /** @type {(type: string) => Promise<[string, Object|null]>} */
    const loadPair = async (type) => [type, await load(type)];
    const modules = new Map(await Promise.all(types.map(loadPair)));
    for (const { comp, type, el } of this.leaves) {
      const mod = modules.get(type);
      if (!mod) {
        this.unknown(comp, el, comp.props || {});
        continue;
      }
      const props = { ...(comp.props || {}), interactive: this.interactivity(comp, type) };
      try {
        this.register(comp, type, el, mod.mount(el, props, this.makeCtx(comp.id)), false);
      } catch (err) {
        console.warn(`rillet: mounting ${type} #${comp.id} failed`, err);
        el.replaceChildren();
        this.unknown(comp, el, comp.props || {});
      }
    }
  }

  /**
   * Wait for components whose first value comes later than their mount (a `ready` promise
   * on their api, e.g. BrowserState reading the browser's storage), so that load events
   * see it. A component that fails to get ready keeps its initial value.
   */
  async settled() {
    const waits = [...this.registry.values()]
      .map((entry) => entry.api && entry.api.ready)
      .filter((ready) => ready && typeof ready.then === "function");
    await Promise.allSettled(waits);
  }

  /** Gradio's rule: explicit `interactive` wins; else inputs are editable, outputs not. */
  interactivity(comp, type) {
    const explicit = comp.props && comp.props.interactive;
    if (explicit === true || explicit === false) return explicit;
    if (type === "button") return true;
    if (this.usage.inputs.has(comp.id)) return true;
    if (this.usage.outputs.has(comp.id)) return false;
    const value = comp.props && comp.props.value;
    return value === null || value === undefined || value === "";
  }
}

/**
 * Import a component module, or null (with a warning) when it cannot be loaded.
 * @param {string} type
 * @returns {Promise<Object|null>} the module's exports
 */
async function load(type) {
  try {
    return await import(`rillet/components/${type}.js`); // via the import map, under any prefix
  } catch (err) {
    console.warn(`rillet: could not load the "${type}" component module`, err);
    return null;
  }
}

function usageOf(dependencies) {
  const inputs = new Set();
  const outputs = new Set();
  for (const dep of dependencies) {
    for (const id of dep.inputs || []) inputs.add(id);
    // a page-only event (a ClearButton) does not make its outputs read-only, as in Gradio
    if (dep.backend_fn === false) continue;
    for (const id of dep.outputs || []) outputs.add(id);
  }
  return { inputs, outputs };
}

function inertApi(el) {
  return { get: () => null, set() {}, setProps: (props) => applyCommon(el, props) };
}

/** Share a row's width by `scale` (0 = keep natural width) above `min_width`. */
function flexInRow(el, comp) {
  const props = comp.props || {};
  const scale = props.scale ?? 1;
  const fallback = comp.type === "column" ? 320 : 160;
  el.style.flex = scale === 0 ? "0 0 auto" : `${scale} 1 0%`;
  el.style.minWidth = `min(${props.min_width ?? fallback}px, 100%)`;
}

function makeContainer(type, el, props, ctx) {
  el.className = `rillet-layout rillet-${type}`;
  if (type === "tabs") return new Tabs(el, props, ctx);
  if (type === "tab") return tabPanel(el, props);
  if (type === "accordion") return accordion(el, props, ctx);
  if (type === "sidebar") return sidebar(el, props, ctx);
  if (type === "draggable") return draggable(el, props);
  if (type === "walkthrough") return new Walkthrough(el, props, ctx);
  if (type === "step") return tabPanel(el, props);
  const update = (next) => {
    applyCommon(el, next);
    if ("variant" in next) {
      el.classList.toggle("rillet-panel", next.variant === "panel");
      el.classList.toggle("rillet-compact", next.variant === "compact");
    }
    if ("equal_height" in next) el.classList.toggle("rillet-equal-height", Boolean(next.equal_height));
  };
  update(props);
  return { content: el, api: { get: () => null, set() {}, setProps: update } };
}

function tabPanel(el, props) {
  el.setAttribute("role", "tabpanel");
  applyCommon(el, { ...props, visible: true });
  // The Tabs container owns this panel's visibility and label; see Tabs.addTab.
  return { content: el, api: { get: () => null, set() {}, setProps: () => {} } };
}

/** A CSS length from Gradio's int (pixels) or string (any CSS length) sizes; "" for none. */
function cssSize(value) {
  if (value === null || value === undefined || value === "") return "";
  return typeof value === "number" ? `${value}px` : String(value);
}

/**
 * Accordion: a label that opens and closes its body. The user's toggle emits "expand" or
 * "collapse" (Gradio's events); `gr.update(open=...)` changes it without an event.
 */
function accordion(el, props, ctx) {
  const title = h("span", { class: "rillet-accordion-title" });
  const summary = h("summary", { class: "rillet-accordion-label" }, [title]);
  const content = h("div", { class: "rillet-accordion-body" });
  const details = h("details", { open: props.open !== false }, [summary, content]);
  let quiet = details.open;
  details.addEventListener("toggle", () => {
    if (details.open === quiet) return; // a change made by setProps, already known
    quiet = details.open;
    ctx.emit(details.open ? "expand" : "collapse");
  });
  el.append(details);
  const update = (next) => {
    applyCommon(el, next);
    if ("label" in next) title.textContent = next.label ?? "";
    if ("open" in next) {
      quiet = next.open !== false;
      details.open = quiet;
    }
    if ("height" in next) content.style.height = cssSize(next.height);
    if ("max_height" in next) content.style.maxHeight = cssSize(next.max_height);
  };
  update(props);
  return { content, api: { get: () => null, set() {}, setProps: update } };
}

/**
 * Sidebar: a panel fixed to the left (or right) edge of the window, opened and closed by
 * its toggle button. Open on a wide window it pushes the page aside; on a narrow one it
 * lies over the page. The user's toggle emits "expand" or "collapse".
 */
function sidebar(el, props, ctx) {
  const state = { open: props.open !== false, width: cssSize(props.width ?? 320) || "320px",
    position: props.position === "right" ? "right" : "left" };
  const content = h("div", { class: "rillet-sidebar-content" });
  const toggle = h("button", { type: "button", class: "rillet-sidebar-toggle" });
  el.append(toggle, content);
  const narrow = window.matchMedia(`(max-width: ${NARROW}px)`);
  const draw = () => {
    el.classList.toggle("rillet-open", state.open);
    el.classList.toggle("rillet-sidebar-right", state.position === "right");
    el.style.setProperty("--rillet-sidebar-width", state.width);
    toggle.setAttribute("aria-expanded", String(state.open));
    toggle.setAttribute("aria-label", state.open ? "Close sidebar" : "Open sidebar");
    content.inert = !state.open;
    push();
  };
  /** Make room for an open sidebar beside the page (wide windows only; CSS decides). */
  const push = () => {
    const body = document.body;
    for (const side of ["left", "right"]) {
      // Room for the toggle button at the edge, and for the whole sidebar while open.
      body.classList.toggle(`rillet-sidebar-${side}`, side === state.position && !el.hidden);
      const here = side === state.position && state.open && !el.hidden;
      body.classList.toggle(`rillet-pushed-${side}`, here);
      if (here) body.style.setProperty(`--rillet-pushed-${side}`, `min(${state.width}, 90vw)`);
    }
  };
  toggle.addEventListener("click", () => {
    state.open = !state.open;
    draw();
    ctx.emit(state.open ? "expand" : "collapse");
  });
  narrow.addEventListener("change", push);
  const update = (next) => {
    applyCommon(el, next);
    if ("label" in next) el.setAttribute("aria-label", next.label || "Sidebar");
    if ("open" in next) state.open = next.open !== false;
    if ("width" in next) state.width = cssSize(next.width) || "320px";
    if ("position" in next) state.position = next.position === "right" ? "right" : "left";
    draw();
  };
  el.setAttribute("role", "complementary");
  update({ ...props, label: props.label });
  return { content, api: { get: () => null, set() {}, setProps: update } };
}

/** Tabs: a bar of tab buttons over the panels; one panel shows at a time. */
class Tabs {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.tabs = []; // {props, panel, button, ctx}
    this.bar = h("div", { class: "rillet-tab-bar", role: "tablist" });
    this.content = h("div", { class: "rillet-tab-panels" });
    this.selected = -1;
    el.append(this.bar, this.content);
    applyCommon(el, props);
    this.api = { get: () => null, set() {}, setProps: (next) => this.setProps(next) };
  }

  addTab(comp, panel, ctx) {
    const props = { ...(comp.props || {}) };
    const index = this.tabs.length;
    const button = h("button", { type: "button", class: "rillet-tab-button", role: "tab",
      text: props.label ?? `Tab ${index + 1}` });
    button.addEventListener("click", () => this.select(index, true));
    const tab = { props, panel, button, ctx };
    this.tabs.push(tab);
    this.bar.append(button);
    this.content.append(panel);
    this.refreshTab(tab);
    const wanted = this.props.selected;
    const isWanted = wanted !== null && wanted !== undefined && (wanted === props.id || wanted === index);
    if ((this.selected < 0 && props.visible !== false) || isWanted) this.select(index, false);
    else panel.hidden = true;
    return this.tabApi(tab);
  }

  /** The tab's own api: its prop updates (label, visible, interactive) go through Tabs. */
  tabApi(tab) {
    tab.setProps = (next) => {
      Object.assign(tab.props, next);
      this.refreshTab(tab);
      if ("visible" in next && tab.props.visible === false && this.tabs[this.selected] === tab) {
        const other = this.tabs.findIndex((t) => t.props.visible !== false);
        if (other >= 0) this.select(other, false);
      }
    };
    return { get: () => null, set() {}, setProps: tab.setProps };
  }

  refreshTab(tab) {
    tab.button.textContent = tab.props.label ?? tab.button.textContent;
    tab.button.hidden = tab.props.visible === false;
    tab.button.disabled = tab.props.interactive === false;
  }

  select(index, byUser) {
    if (index === this.selected && !byUser) return;
    const changed = index !== this.selected;
    this.selected = index;
    this.tabs.forEach((tab, i) => {
      tab.panel.hidden = i !== index;
      tab.button.classList.toggle("rillet-selected", i === index);
      tab.button.setAttribute("aria-selected", String(i === index));
    });
    if (!byUser || !changed) return;
    const tab = this.tabs[index];
    const data = { index, value: tab.props.label ?? null, selected: true };
    tab.ctx.emit("select", data);
    this.ctx.emit("select", data);
    this.ctx.emit("change");
  }

  setProps(next) {
    Object.assign(this.props, next);
    applyCommon(this.el, next);
    if ("selected" in next) {
      const i = this.tabs.findIndex((t, j) => t.props.id === next.selected || j === next.selected);
      if (i >= 0) this.select(i, false);
    }
  }
}

// --- Draggable ---
const DRAGGABLE_CSS = `
.rillet-draggable { display: flex; flex-direction: column; gap: var(--rillet-gap); min-width: 0; }
.rillet-draggable.rillet-draggable-row { flex-direction: row; flex-wrap: wrap; align-items: stretch; }
.rillet-draggable-row > * { flex: 1 1 0%; min-width: min(160px, 100%); }
.rillet-draggable > * { position: relative; cursor: grab; transition: opacity 0.15s; }
.rillet-draggable > *:hover { outline: 1px dashed var(--rillet-input-border); outline-offset: 2px; }
.rillet-draggable > *::after { content: "⠿"; position: absolute; top: 2px; right: 6px; z-index: 2;
  color: var(--rillet-muted); font-size: 14px; line-height: 1; opacity: 0; pointer-events: none; }
.rillet-draggable > *:hover::after { opacity: 1; }
.rillet-draggable > .rillet-dragging { opacity: 0.4; cursor: grabbing; }
`;
/** Where a drag may not start: the user is typing, choosing or drawing there. */
const NO_DRAG = "input, textarea, select, button, a, [contenteditable], canvas, audio, video, .rillet-no-drag";

/**
 * Draggable: its children, stacked (orientation "column") or side by side ("row"), trade
 * places as the user drags one over the others; with the keyboard, Alt+Arrow moves the
 * child holding the focus. The order stays in the page (no event, as in Gradio).
 */
function draggable(el, props) {
  addStyles("draggable", DRAGGABLE_CSS);
  /** @type {HTMLElement | null} */
  let dragged = null;
  const row = () => el.classList.contains("rillet-draggable-row");
  const items = () => /** @type {HTMLElement[]} */ ([...el.children]);
  const itemOf = (/** @type {EventTarget | null} */ target) => {
    let node = target instanceof Element ? target : null;
    while (node && node.parentElement !== el) node = node.parentElement;
    return /** @type {HTMLElement | null} */ (node);
  };
  // Children come after this returns: mark each draggable as it arrives.
  const mark = () => items().forEach((child) => { if (!child.dataset.rilletDragReady) {
    child.dataset.rilletDragReady = "1";
    child.draggable = true;
  } });
  new MutationObserver(mark).observe(el, { childList: true });
  el.addEventListener("pointerdown", (event) => {
    const item = itemOf(event.target);
    const inner = event.target instanceof Element && event.target.closest(NO_DRAG);
    if (item) item.draggable = !(inner && el.contains(inner));
  });
  el.addEventListener("dragstart", (event) => {
    const item = itemOf(event.target);
    if (!item || event.target !== item) return; // an image or link inside drags as usual
    dragged = item;
    item.classList.add("rillet-dragging");
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    }
  });
  el.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const before = items().find((child) => {
      if (child === dragged) return false;
      const box = child.getBoundingClientRect();
      return row()
        ? event.clientY < box.top || (event.clientY <= box.bottom && event.clientX < box.left + box.width / 2)
        : event.clientY < box.top + box.height / 2;
    });
    if (before && before !== dragged.nextElementSibling) el.insertBefore(dragged, before);
    else if (!before && el.lastElementChild !== dragged) el.append(dragged);
  });
  const end = () => {
    if (dragged) dragged.classList.remove("rillet-dragging");
    dragged = null;
  };
  el.addEventListener("drop", (event) => { if (dragged) event.preventDefault(); end(); });
  el.addEventListener("dragend", end);
  el.addEventListener("keydown", (event) => {
    const keys = row() ? ["ArrowLeft", "ArrowRight"] : ["ArrowUp", "ArrowDown"];
    const item = itemOf(event.target);
    if (!event.altKey || !item || !keys.includes(event.key)) return;
    event.preventDefault();
    const to = event.key === keys[0] ? item.previousElementSibling : item.nextElementSibling?.nextElementSibling;
    if (event.key === keys[0] && !to) return;
    el.insertBefore(item, to || null);
    if (event.target instanceof HTMLElement) event.target.focus();
  });
  const update = (next) => {
    applyCommon(el, next);
    if ("orientation" in next) el.classList.toggle("rillet-draggable-row", next.orientation === "row");
  };
  update(props);
  return { content: el, api: { get: () => null, set() {}, setProps: update } };
}

// --- Walkthrough ---
const WALKTHROUGH_CSS = `
.rillet-walkthrough > .rillet-tab-bar.rillet-steps { display: flex; flex-wrap: wrap; align-items: center;
  gap: 4px 0; border: 0; padding: 4px 0 12px; }
.rillet-steps .rillet-step-button { display: flex; align-items: center; gap: 8px; padding: 4px 8px; border: 0;
  background: none; color: var(--rillet-muted); font: inherit; cursor: pointer; border-radius: var(--rillet-radius); }
.rillet-steps .rillet-step-button:disabled { cursor: default; }
.rillet-steps .rillet-step-button:not(:disabled):hover { background: var(--rillet-subtle); }
.rillet-step-number { display: inline-flex; align-items: center; justify-content: center; flex: none;
  width: 26px; height: 26px; border-radius: 50%; border: 1px solid var(--rillet-border);
  font-size: 0.85em; font-weight: 600; color: var(--rillet-muted); background: var(--rillet-bg); }
.rillet-steps .rillet-step-button.rillet-selected { color: var(--rillet-text); font-weight: 600; }
.rillet-steps .rillet-step-button.rillet-selected .rillet-step-number,
.rillet-steps .rillet-step-button.rillet-done .rillet-step-number { background: var(--rillet-primary);
  border-color: var(--rillet-primary); color: var(--rillet-bg); }
.rillet-step-line { flex: 1 1 16px; min-width: 16px; height: 1px; background: var(--rillet-border); }
`;

/**
 * Walkthrough: Tabs drawn as numbered steps joined by lines; the steps before the selected
 * one are marked done. Clicking a step selects it, as Gradio's does.
 */
class Walkthrough extends Tabs {
  constructor(el, props, ctx) {
    super(el, props, ctx);
    addStyles("walkthrough", WALKTHROUGH_CSS);
    this.bar.classList.add("rillet-steps");
  }

  addTab(comp, panel, ctx) {
    if (this.tabs.length) this.bar.append(h("span", { class: "rillet-step-line", "aria-hidden": "true" }));
    const api = super.addTab(comp, panel, ctx);
    this.renumber();
    return api;
  }

  refreshTab(tab) {
    const label = tab.props.label ?? tab.button.dataset.label ?? "";
    tab.button.dataset.label = label;
    tab.button.classList.add("rillet-step-button");
    const number = h("span", { class: "rillet-step-number" });
    tab.button.replaceChildren(number, h("span", { class: "rillet-step-label", text: label }));
    tab.button.hidden = tab.props.visible === false;
    tab.button.disabled = tab.props.interactive === false;
    const line = tab.button.previousElementSibling;
    if (line instanceof HTMLElement && line.classList.contains("rillet-step-line")) line.hidden = tab.button.hidden;
    this.renumber();
  }

  /** Number the visible steps 1, 2, ... and mark those before the selected one done. */
  renumber() {
    let n = 0;
    this.tabs.forEach((tab, i) => {
      const number = tab.button.querySelector(".rillet-step-number");
      if (tab.props.visible !== false) n += 1;
      if (number) number.textContent = String(n);
      tab.button.classList.toggle("rillet-done", this.selected >= 0 && i < this.selected);
    });
  }

  select(index, byUser) {
    super.select(index, byUser);
    this.renumber();
  }
}
