/**
 * Multipage apps (`demo.route()`, rillet/pages.py). `/config` lists the pages
 * (`config.pages`: `[path, name, show_in_navbar]`) and what each holds (`config.page[path]`:
 * its layout, components and dependencies). The page served at `/<path>` draws only that
 * page's blocks and runs only its events (its `demo.load` among them), and a bar of links
 * to the pages goes on top when the app has more than one and the page has no `gr.Navbar`
 * of its own (navbar.js draws both).
 */

import { mount as mountNavbar } from "rillet/components/navbar.js";
import { h } from "rillet/block.js";

/**
 * @typedef {{pages: Array<[string, string, boolean]>, current: string}} PageInfo
 * the app's pages and the path of the one shown
 */

/**
 * The path of the page shown: what follows the app's root in the address (`""` for the
 * main page, and for an address that names no page of `config`).
 * @param {Object} config the whole /config
 * @returns {string}
 */
export function currentPage(config) {
  const dir = new URL("./", window.location.href).pathname;
  let rest = window.location.pathname.slice(dir.length).replace(/\/+$/, "");
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return "";
  }
  const pages = config.page && typeof config.page === "object" ? config.page : {};
  return Object.prototype.hasOwnProperty.call(pages, rest) ? rest : "";
}

/**
 * The config of the page shown: only its layout, components and dependencies (as Gradio's
 * `/config?page=<path>`), with `current_page` set. A config without pages is kept whole.
 * @param {Object} config the whole /config
 * @returns {Object}
 */
export function selectPage(config) {
  const pages = config.page;
  if (!pages || typeof pages !== "object") return { ...config, current_page: "" };
  const current = currentPage(config);
  const wanted = pages[current];
  if (!wanted) return { ...config, current_page: current };
  const components = new Set(wanted.components || []);
  const dependencies = new Set(wanted.dependencies || []);
  return {
    ...config,
    components: (config.components || []).filter((/** @type {any} */ c) => components.has(c.id)),
    dependencies: (config.dependencies || []).filter((/** @type {any} */ d) => dependencies.has(d.id)),
    layout: wanted.layout,
    current_page: current,
  };
}

/**
 * The pages of `config` and the one shown, as a `gr.Navbar` on the page needs them.
 * @param {Object} config a config made by selectPage
 * @returns {PageInfo}
 */
export function pageInfo(config) {
  const pages = Array.isArray(config.pages) ? config.pages : [["", "Home", true]];
  return { pages, current: String(config.current_page ?? "") };
}

/**
 * The bar of links drawn on top of a page of a multipage app that has no `gr.Navbar`
 * (Gradio's default one), or null when there is nothing to link to.
 * @param {Object} config a config made by selectPage
 * @returns {HTMLElement|null}
 */
export function defaultNavbar(config) {
  const info = pageInfo(config);
  if (info.pages.length < 2) return null;
  const own = (config.components || []).some((/** @type {any} */ c) => c.type === "navbar");
  if (own) return null;
  const el = h("div", { class: "rillet-block rillet-page-navbar" });
  mountNavbar(el, { value: null, main_page_name: "Home", visible: true }, {
    emit: () => {},
    pages: info,
  });
  return el;
}
