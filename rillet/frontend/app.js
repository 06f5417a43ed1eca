/**
 * rillet's page: fetch /config, build the layout, mount the components, wire the
 * dependencies, and the footer ("Use via API" opens the API panel, apipage.js). Test hooks:
 * `body[data-rillet-ready="1"]` once everything is mounted, `body[data-rillet-running]` =
 * number of runs in flight.
 *
 * Theme: the page follows the system's light or dark setting; `?__theme=dark` or
 * `?__theme=light` (Gradio's URL parameter) wins over it, as `<html data-theme>`.
 *
 * The app's `launch(theme=, css=, head=, js=)` (docs/theming.md): the theme's stylesheet
 * (`config.theme_css`, page variables light and dark) and the custom CSS follow style.css;
 * the head HTML is added to `<head>` (its scripts run in order; the page's CSP allows the
 * app's inline ones by hash); `config.page_js` runs once the app is mounted. The app's root
 * is also `.gradio-container` and `<body>` has the class `dark` in dark mode, so custom CSS
 * and JavaScript written for Gradio find them.
 */

import { apiPanel } from "rillet/apipage.js";
import { h } from "rillet/block.js";
import { translateConfig } from "rillet/i18n.js";
import { Client, pageUrl } from "rillet/client.js";
import { followReloads } from "rillet/devreload.js";
import { Engine } from "rillet/events.js";
import { buildLayout } from "rillet/layout.js";
import { renderMarkdownInto } from "rillet/markdown.js";
import { defaultNavbar, pageInfo, selectPage } from "rillet/pages.js";
import { showToast } from "rillet/toast.js";

/**
 * Boot the page into `#rillet-app`.
 * @returns {Promise<void>}
 */
export async function boot() {
  applyTheme(new URLSearchParams(location.search).get("__theme"));
  const root = document.getElementById("rillet-app") || document.body;
  let config;
  try {
    config = selectPage(await fetchConfig()); // a multipage app: this page's part (pages.js)
    translateConfig(config); // gr.I18n: labels and values in the browser's language
  } catch (err) {
    console.warn("rillet: could not load /config", err);
    root.replaceChildren(h("div", { class: "rillet-boot-error", text: `Could not load the app: ${err.message}` }));
    return;
  }
  document.title = config.title || "rillet";
  applyPageStyle(config);
  root.classList.add("gradio-container");
  const apiPrefix = pageUrl(config.api_prefix || "gradio_api");
  if (config.dev_mode) followReloads(config, apiPrefix);
  const client = new Client({ apiPrefix });
  const engine = new Engine(config, client);
  if (config.mode === "interface" || config.mode === "chat_interface") root.append(header(config));
  const main = h("div", { class: "rillet-layout rillet-column rillet-root" });
  root.append(main);
  const pages = pageInfo(config);
  const pageBar = defaultNavbar(config);
  if (pageBar) root.prepend(pageBar);
  const registry = await buildLayout(main, config, (id) => ({ ...contextFor(id, engine, client), pages }));
  if (config.mode === "interface" && config.article) {
    root.append(markdownBlock(config.article, "rillet-article"));
  }
  if (config.fill_height) fillHeight(root, main, registry);
  root.classList.toggle("rillet-fill-width", Boolean(config.fill_width));
  const foot = footer(config, apiPrefix);
  if (foot) root.append(foot);
  engine.attach(registry);
  engine.fireLoad();
  runPageJs(config.page_js);
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

/**
 * `?__theme=dark|light` as `<html data-theme>`; style.css swaps its colour variables on it.
 * @param {string|null} theme
 */
function applyTheme(theme) {
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  const dark = () => theme === "dark" || (theme !== "light" && system.matches);
  document.body.classList.toggle("dark", dark());
  system.addEventListener("change", () => document.body.classList.toggle("dark", dark()));
}

/**
 * The app's theme stylesheet, custom CSS and head HTML (see the top of this file).
 * @param {{theme_css?: string|null, css?: string|null, head?: string|null}} config
 */
function applyPageStyle(config) {
  if (config.theme_css) document.head.append(h("style", { "data-rillet": "theme", text: config.theme_css }));
  if (config.css) document.head.append(h("style", { "data-rillet": "css", text: config.css }));
  if (config.head) addHead(String(config.head));
}

/**
 * Add `html` to `<head>`. Parsed nodes are copied; scripts are made anew, which is what
 * runs them (a parsed script does not), external ones in document order.
 * @param {string} html
 */
function addHead(html) {
  const parsed = new DOMParser().parseFromString(`<!doctype html><html><head>${html}</head></html>`, "text/html");
  for (const node of [...parsed.head.childNodes, ...parsed.body.childNodes]) {
    if (node instanceof Element && node.tagName === "SCRIPT") {
      const script = document.createElement("script");
      for (const { name, value } of Array.from(node.attributes)) script.setAttribute(name, value);
      script.textContent = node.textContent;
      if (script.src) script.async = false;
      document.head.append(script);
    } else {
      document.head.append(document.importNode(node, true));
    }
  }
}

/**
 * Run the app's `launch(js=...)` as an inline script: its exact text is allowed by hash in
 * the page's CSP (rillet/server/guard.py), so nothing is evaluated.
 * @param {string|null|undefined} code
 */
function runPageJs(code) {
  if (!code) return;
  document.body.append(h("script", { "data-rillet": "js", text: code }));
}

/**
 * The footer of `launch(footer_links=...)`: "Use via API" (the API panel) and
 * "Built with rillet" ("settings" and "runs" have no page in rillet). No links, no footer.
 * @returns {HTMLElement|null}
 */
function footer(config, apiPrefix) {
  const links = Array.isArray(config.footer_links) ? config.footer_links : ["api", "gradio"];
  const items = [];
  if (links.includes("api")) {
    const panel = apiPanel({ apiPrefix, appUrl: new URL(".", document.baseURI).href });
    document.body.append(panel.el);
    const button = h("button", { type: "button", class: "rillet-footer-link", "data-testid": "use-via-api",
      text: "Use via API" });
    button.addEventListener("click", () => (panel.isOpen() ? panel.close() : panel.open()));
    items.push(button);
    if (new URLSearchParams(location.search).get("view") === "api") panel.open();
  }
  if (links.includes("gradio")) {
    items.push(h("span", { class: "rillet-footer-text", "data-testid": "built-with", text: "Built with rillet" }));
  }
  for (const link of links) {
    if (link && typeof link === "object" && link.label && /^https?:/.test(String(link.url || ""))) {
      items.push(h("a", { class: "rillet-footer-link", href: String(link.url), target: "_blank",
        rel: "noopener noreferrer", text: String(link.label) }));
    }
  }
  if (!items.length) return null;
  const parts = items.flatMap((item, i) => (i ? [h("span", { class: "rillet-footer-sep", text: "·" }), item] : [item]));
  return h("footer", { class: "rillet-footer" }, parts);
}

/**
 * `Blocks(fill_height=True)`: the layout fills the window; a block or column whose `scale`
 * is 1 or more grows into the height left (in a column, by its scale).
 * @param {HTMLElement} root the page's `<main>`
 * @param {HTMLElement} main the layout's root column
 * @param {Map<number, {el: HTMLElement, props: Object}>} registry
 */
function fillHeight(root, main, registry) {
  root.classList.add("rillet-fill-height");
  for (const { el, props } of registry.values()) {
    const scale = Number(props.scale);
    const parent = el.parentElement;
    if (!(scale >= 1) || !parent || !isColumn(parent)) continue;
    el.classList.add("rillet-grow");
    el.style.flexGrow = String(scale);
    for (let up = parent; up && up !== main.parentElement; up = up.parentElement) {
      if (isColumn(up) || up.classList.contains("rillet-row")) up.classList.add("rillet-grow-path");
    }
  }
}

function isColumn(el) {
  // a Form lays its fields out as its parent does: side by side in a row
  if (el.classList.contains("rillet-form")) return !el.parentElement?.classList.contains("rillet-row");
  return ["rillet-column", "rillet-root", "rillet-tab", "rillet-accordion-body", "rillet-group"]
    .some((c) => el.classList.contains(c));
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
