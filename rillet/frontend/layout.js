/**
 * Builds the page from `config.layout`. Layout containers (row, column, group, form,
 * tabs/tab, accordion) are made here; every other node mounts the component module its
 * type names, "rillet/components/<type>.js" (a Python component class and its module share
 * that name). A type whose module is missing gets a visible placeholder.
 *
 * Every root element gets `data-rillet-id` and `data-rillet-type`; the result is a registry
 * `Map<id, {id, type, el, api, props, layout}>` where `api` is {get, set, setProps}.
 */

import { applyCommon, h } from "rillet/block.js";

const ALIASES = { tabitem: "tab", box: "group", clearbutton: "button", duplicatebutton: "button" };
const CONTAINERS = new Set(["row", "column", "group", "form", "tabs", "tab", "accordion"]);
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
  builder.children(config.layout || { children: [] }, root, null);
  await builder.mountAll();
  return builder.registry;
}

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
      const el = this.node(child, comp);
      if (parent && parent.type === "tabs") this.addTab(parent.container, comp, el);
      else parentEl.append(el);
      if (parent && parent.type === "row") flexInRow(el, comp);
    }
  }

  node(child, comp) {
    const type = ALIASES[comp.type] || comp.type;
    const props = comp.props || {};
    const el = h("div", { dataset: { rilletId: String(comp.id), rilletType: comp.type } });
    if (CONTAINERS.has(type)) {
      const container = makeContainer(type, el, props, this.makeCtx(comp.id));
      this.register(comp, type, el, container.api, true);
      this.children(child, container.content, { type, container });
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

function accordion(el, props, ctx) {
  const summary = h("summary", { class: "rillet-accordion-label", text: props.label ?? "" });
  const content = h("div", { class: "rillet-accordion-body" });
  const details = h("details", { open: props.open !== false }, [summary, content]);
  details.addEventListener("toggle", () => ctx.emit(details.open ? "expand" : "collapse"));
  el.append(details);
  const update = (next) => {
    applyCommon(el, next);
    if ("label" in next) summary.textContent = next.label ?? "";
    if ("open" in next) details.open = next.open !== false;
  };
  update(props);
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
