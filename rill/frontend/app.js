/**
 * rill's page: fetch /config, build the layout, mount the components, wire the
 * dependencies. Test hooks: `body[data-rill-ready="1"]` once everything is mounted,
 * `body[data-rill-running]` = number of runs in flight.
 */

import { h } from "./block.js";
import { Client } from "./client.js";
import { Engine } from "./events.js";
import { buildLayout } from "./layout.js";
import { renderBlocksInto } from "./md.js";
import { showToast } from "./toast.js";

/**
 * Boot the page into `#rill-app`.
 * @returns {Promise<void>}
 */
export async function boot() {
  const root = document.getElementById("rill-app") || document.body;
  let config;
  try {
    config = await fetchConfig();
  } catch (err) {
    console.warn("rill: could not load /config", err);
    root.replaceChildren(h("div", { class: "rill-boot-error", text: `Could not load the app: ${err.message}` }));
    return;
  }
  document.title = config.title || "rill";
  const client = new Client({ apiPrefix: config.api_prefix || "/gradio_api" });
  const engine = new Engine(config, client);
  if (config.mode === "interface" || config.mode === "chat_interface") root.append(header(config));
  const main = h("div", { class: "rill-layout rill-column rill-root" });
  root.append(main);
  const registry = await buildLayout(main, config, (id) => contextFor(id, engine, client));
  if (config.mode === "interface" && config.article) {
    root.append(markdownBlock(config.article, "rill-article"));
  }
  engine.attach(registry);
  engine.fireLoad();
  document.body.dataset.rillReady = "1";
}

async function fetchConfig() {
  const res = await fetch("/config", { cache: "no-store" });
  if (!res.ok) throw new Error(`/config answered HTTP ${res.status}`);
  return res.json();
}

/**
 * The `ctx` a component receives.
 * `stream.ready()` / `stream.every()` / `stream.active()`: whether a live input may send
 * its next chunk, the seconds between chunks its events ask for, whether one of its live
 * events is running.
 * @returns {{id: number, emit: Function, upload: Function, url: Function, toast: Function,
 *   stream: {ready: () => boolean, every: () => number, active: () => boolean}}}
 */
function contextFor(id, engine, client) {
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

/** Interface's title and description. "Gradio" is the default title, which is not shown. */
function header(config) {
  const head = h("header", { class: "rill-header" });
  const { title, description } = config;
  if (title && title !== "Gradio") {
    head.append(h("h1", { class: "rill-title", text: title }));
  }
  if (description) {
    head.append(markdownBlock(description, "rill-description"));
  }
  return head;
}

function markdownBlock(src, cls) {
  return renderBlocksInto(h("div", { class: `rill-md ${cls}` }), String(src));
}

boot();
