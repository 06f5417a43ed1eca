/**
 * Navbar: a bar of links. In a multipage app (`demo.route()`, `ctx.pages`) first the
 * app's pages shown in the navbar (the main one named `main_page_name`; `false` leaves it
 * out), then those of `value`'s `[name, path]` pairs not already there; alone, the main
 * page and `value`. A path is taken relative to the app's root (`"settings"`,
 * `"?option=a"`), a full URL as it is (opened in a new tab); the link to the page being
 * shown is marked `aria-current="page"`. Payload: the list of pairs.
 */

import { addStyles, applyCommon, h } from "rillet/block.js";

const CSS = `
.rillet-block.rillet-navbar { padding: 0; border: 0; border-radius: 0; background: none; box-shadow: none; }
.rillet-navbar-links { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end;
  gap: 4px; padding: 6px 0 10px; border-bottom: 1px solid var(--rillet-border); }
.rillet-page-navbar { margin-bottom: var(--rillet-gap); }
.rillet-navbar-link { padding: 6px 12px; border-radius: var(--rillet-radius);
  color: var(--rillet-muted); text-decoration: none; font-weight: 500; }
.rillet-navbar-link:hover { color: var(--rillet-text); background: var(--rillet-subtle); }
.rillet-navbar-link[aria-current="page"] { color: var(--rillet-text); background: var(--rillet-subtle); }
`;

/**
 * The address a navbar path leads to: a full URL as it is, else relative to the app root.
 * @param {string} path
 * @returns {URL}
 */
export function linkUrl(path) {
  const text = String(path ?? "");
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return new URL(text);
  // relative to the app's root, also from a page of a multipage app (`/settings`)
  return new URL(text.replace(/^\/+/, ""), new URL("./", document.baseURI));
}

/** @param {string} path @returns {boolean} whether `path` leads out of the app */
function isExternal(path) {
  return /^[a-z][a-z0-9+.-]*:/i.test(String(path ?? ""));
}

/**
 * The `[name, path]` links of a navbar: the app's `pages` (`[path, name, show_in_navbar]`;
 * none: the main page alone) that are shown, the main page named `main` (`false`: left
 * out), then the `value` pairs whose path is not among them yet.
 * @param {Array<[string, string, boolean]>|undefined} pages
 * @param {string|false} main
 * @param {any} value
 * @returns {Array<[string, string]>}
 */
export function navbarLinks(pages, main, value) {
  const list = Array.isArray(pages) && pages.length ? pages : [["", "Home", true]];
  /** @type {Array<[string, string]>} */
  const links = [];
  list.forEach(([path, name, shown], i) => {
    if (i === 0 && path === "") {
      if (main !== false) links.push([String(main ?? name), ""]);
    } else if (shown !== false) {
      links.push([String(name), String(path)]);
    }
  });
  const taken = new Set(links.map(([, path]) => path));
  for (const pair of Array.isArray(value) ? value : []) {
    if (Array.isArray(pair) && pair.length >= 2 && !taken.has(String(pair[1]))) {
      links.push([String(pair[0]), String(pair[1])]);
      taken.add(String(pair[1]));
    }
  }
  return links;
}

/** @param {URL} url @returns {boolean} whether `url` is the page being shown */
function isCurrent(url) {
  const here = new URL(window.location.href);
  const trim = (/** @type {string} */ p) => p.replace(/\/+$/, "");
  return url.origin === here.origin && trim(url.pathname) === trim(here.pathname);
}

/**
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, main_page_name, visible, ...)
 * @param {Object} ctx {emit, pages?: the app's pages and the one shown (rillet/pages.js)}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("navbar", CSS);
  const state = { value: props.value ?? null, main: props.main_page_name ?? "Home" };
  const nav = h("nav", { class: "rillet-navbar-links", "aria-label": "Pages" });
  el.classList.add("rillet-navbar");
  el.append(nav);

  const draw = () => {
    const links = navbarLinks(ctx.pages?.pages, state.main, state.value);
    let current = false;
    nav.replaceChildren(...links.map(([name, path]) => {
      const url = linkUrl(path);
      const a = h("a", { class: "rillet-navbar-link", href: url.href, text: name });
      if (isExternal(path)) {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      // only the first link to the page shown is current (the main page and "?x=" share one)
      if (!current && isCurrent(url)) {
        current = true;
        a.setAttribute("aria-current", "page");
      }
      return a;
    }));
  };

  applyCommon(el, props);
  draw();
  return {
    get: () => state.value,
    set(value) {
      state.value = value ?? null;
      draw();
      ctx.emit("change");
    },
    setProps(next) {
      Object.assign(props, next);
      applyCommon(el, next);
      if ("main_page_name" in next) state.main = next.main_page_name ?? "Home";
      if ("value" in next) this.set(next.value);
      else draw();
    },
  };
}
