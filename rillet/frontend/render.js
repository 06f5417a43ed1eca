/**
 * `@gr.render` on the page: a render block's run ends with `render_config` (the blocks and
 * events its function made for this session), and its container's content is replaced:
 *
 * - the components the previous run drew inside the container are removed from the page
 *   and from the registry; its events (`rendered_in` = this render block) are dropped;
 * - a new component with the `key` of one just removed (same id, same key) starts with that
 *   one's current value, and the other props its `preserved_by_key` names, so what the
 *   user typed survives the redraw;
 * - the new components are mounted, their events wired, and those with a `load` target run.
 */

import { showToast } from "rillet/toast.js";
import { buildSubtree } from "rillet/layout.js";

/**
 * Draw a render block's new content.
 * @param {import("rillet/events.js").Engine} engine
 * @param {{components?: Object[], layout?: {id: number, children?: Object[]},
 *   dependencies?: Object[], render_id?: number}} config the completion's `render_config`
 * @returns {Promise<void>}
 */
export async function applyRender(engine, config) {
  const layout = config.layout;
  const container = layout ? engine.registry.get(layout.id) : undefined;
  if (!layout || !container) {
    console.warn("rillet: a render names a container that is not on the page");
    return;
  }
  const old = inside(engine.registry, container);
  const components = (config.components || [])
    .filter((comp) => comp.id !== layout.id)
    .map((comp) => preserve(comp, engine.registry.get(comp.id)));
  for (const entry of old) engine.registry.delete(entry.id);
  container.el.replaceChildren();
  const part = { components, layout, dependencies: config.dependencies || [] };
  const made = await buildSubtree(container.el, part, (id) => contextFor(id, engine), container.type);
  for (const [id, entry] of made) engine.registry.set(id, entry);
  engine.replaceRendered(config.render_id ?? -1, part.dependencies);
}

/** The registry's entries drawn inside `container` (not the container itself). */
function inside(registry, container) {
  const found = [];
  for (const entry of registry.values()) {
    if (entry !== container && container.el.contains(entry.el)) found.push(entry);
  }
  return found;
}

/**
 * `comp` with the preserved props of the component it replaces (same id and same key).
 * @param {Object} comp a render_config component
 * @param {Object|undefined} previous its registry entry before the redraw
 */
function preserve(comp, previous) {
  const props = comp.props || {};
  if (!previous || previous.layout || props.key === null || props.key === undefined) return comp;
  if (JSON.stringify(previous.props.key) !== JSON.stringify(props.key)) return comp;
  const kept = Array.isArray(props.preserved_by_key) ? props.preserved_by_key : [props.preserved_by_key];
  const next = { ...props };
  for (const name of kept) {
    if (name === "value") next.value = currentValue(previous, props.value);
    else if (name && name in previous.props) next[name] = previous.props[name];
  }
  return { ...comp, props: next };
}

function currentValue(entry, fallback) {
  try {
    const value = entry.api.get();
    return value === undefined ? fallback : value;
  } catch (err) {
    console.warn(`rillet: reading component ${entry.id} failed`, err);
    return fallback;
  }
}

/** The `ctx` a rendered component receives (the same as app.js gives the others). */
function contextFor(id, engine) {
  const client = engine.client;
  return {
    id,
    emit: (name, data) => engine.dispatch(id, name, data),
    upload: (files) => client.upload(files),
    url: (file) => client.fileUrl(file),
    toast: showToast,
    stream: { ready: () => engine.streamReady(id), every: () => engine.streamEvery(id),
      active: () => engine.liveRuns(id).length > 0 },
  };
}
