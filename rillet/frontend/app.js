/**
 * rillet's page: fetch /config, build the layout, mount the components, wire the
 * dependencies. Test hooks: `body[data-rillet-ready="1"]` once everything is mounted,
 * `body[data-rillet-running]` = number of runs in flight.
 */

import { h } from "rillet/block.js";
import { Client, pageUrl } from "rillet/client.js";
import { followReloads } from "rillet/devreload.js";
import { Engine } from "rillet/events.js";
import { buildLayout } from "rillet/layout.js";
import { renderMarkdownInto } from "rillet/markdown.js";
import { showToast } from "rillet/toast.js";

/**
 * Boot the page into `#rillet-app`.
 * @returns {Promise<void>}
 */
export async function boot() {
  const root = document.getElementById("rillet-app") || document.body;
  let config;
  try {
    config = await fetchConfig();
  } catch (err) {
    console.warn("rillet: could not load /config", err);
    root.replaceChildren(h("div", { class: "rillet-boot-error", text: `Could not load the app: ${err.message}` }));
    return;
  }
  document.title = config.title || "rillet";
  const apiPrefix = pageUrl(config.api_prefix || "gradio_api");
  if (config.dev_mode) followReloads(config, apiPrefix);
  const client = new Client({ apiPrefix });
  const engine = new Engine(config, client);
  if (config.mode === "interface" || config.mode === "chat_interface") root.append(header(config));
  const main = h("div", { class: "rillet-layout rillet-column rillet-root" });
  root.append(main);
  const registry = await buildLayout(main, config, (id) => contextFor(id, engine, client));
  if (config.mode === "interface" && config.article) {
    root.append(markdownBlock(config.article, "rillet-article"));
  }
  engine.attach(registry);
  engine.fireLoad();
  document.body.dataset.rilletReady = "1";
}

async function fetchConfig() {
  const res = await fetch(pageUrl("config"), { cache: "no-store" });
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
  const head = h("header", { class: "rillet-header" });
  const { title, description } = config;
  if (title && title !== "Gradio") {
    head.append(h("h1", { class: "rillet-title", text: title }));
  }
  if (description) {
    head.append(markdownBlock(description, "rillet-description"));
  }
  return head;
}

function markdownBlock(src, cls) {
  return renderMarkdownInto(h("div", { class: `rillet-md ${cls}` }), String(src));
}

boot();
