/**
 * DeepLinkButton: Button (drawn by button.js) with a link icon that, when clicked, copies
 * the page's address to the clipboard and shows `copied_value` for a second before its
 * text comes back. It still emits "click" for the app's own listeners.
 * Gradio's `?deep_link=` snapshot of the session is not made (the server warns about it);
 * a `deep_link` already in the address is dropped, since rillet cannot restore it.
 */

import { addStyles } from "rillet/block.js";
import { mount as mountButton } from "rillet/components/button.js";
import { writeClipboard } from "rillet/toolbar.js";

const ICON = "url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' "
  + "fill='none' stroke='black' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'%3E"
  + "%3Cpath d='M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7'/%3E"
  + "%3Cpath d='M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7'/%3E%3C/svg%3E\")";

const CSS = `
.rillet-deeplink.rillet-deeplink-icon .rillet-btn::before { content: ""; display: inline-block;
  width: 1em; height: 1em; margin-right: 6px; vertical-align: -0.15em; background: currentColor;
  -webkit-mask: ${ICON} center / contain no-repeat; mask: ${ICON} center / contain no-repeat; }
`;
/** How long the button shows `copied_value`, as in Gradio. */
const COPIED_MS = 1000;

/** The page's address, without a deep link of its own. @returns {string} */
export function pageLink() {
  const url = new URL(window.location.href);
  url.searchParams.delete("deep_link");
  return url.toString();
}

/**
 * Mount a deep-link button into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (button's, and copied_value)
 * @param {Object} ctx {emit, ...}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("deeplinkbutton", CSS);
  const own = { copied_value: props.copied_value ?? "Link Copied!", value: props.value ?? "" };
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  const wrapped = Object.create(ctx);
  wrapped.emit = (/** @type {string} */ name, /** @type {any} */ data) => {
    if (name === "click") onClick();
    return ctx.emit(name, data);
  };
  const api = mountButton(el, props, wrapped);
  el.classList.add("rillet-deeplink");
  const drawIcon = () => el.classList.toggle("rillet-deeplink-icon", !props.icon);
  drawIcon();

  function onClick() {
    writeClipboard(pageLink()).catch((err) => console.warn("rillet: could not copy the link", err));
    if (timer !== null) clearTimeout(timer);
    else api.setProps({ value: own.copied_value });
    el.dataset.copied = "true";
    timer = setTimeout(() => {
      timer = null;
      delete el.dataset.copied;
      api.setProps({ value: own.value });
    }, COPIED_MS);
  }

  return {
    get: () => own.value,
    set(value) {
      own.value = value ?? "";
      if (timer === null) api.set(value);
    },
    setProps(next) {
      Object.assign(props, next);
      if ("copied_value" in next) own.copied_value = next.copied_value ?? "";
      if ("value" in next) own.value = next.value ?? "";
      const shown = timer === null ? next : { ...next, value: own.copied_value };
      api.setProps(shown);
      drawIcon();
    },
  };
}
