/**
 * What the output components share for their chrome: the small button bar in the corner
 * of an output (Gradio's `buttons=`: download, fullscreen, copy, copy_all; and a chat's
 * clear), a single copy
 * button (a chat message's), the line icons they draw, and the empty state of a media
 * component (an icon and a hint: "Drop Image Here - or - Click to Upload", or a faint icon
 * alone for an empty output).
 *
 * A component builds a toolbar with the actions it offers and the names the app asked for;
 * names without an action here are ignored (the Python side warns about them).
 */

import { addStyles, h } from "rillet/block.js";

/** Line icons on a 24x24 grid, drawn with `currentColor` strokes. */
export const ICONS = {
  download: "M12 3v12m0 0l-5-5m5 5l5-5M4 19h16",
  fullscreen: "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5",
  copy: "M8 8h11v11H8zM5 16V5h11",
  copy_all: "M10 10h10v10H10zM7 17H4V4h13v3",
  copied: "M5 12l5 5L20 7",
  clear: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
  upload: "M12 16V4m0 0L7 9m5-5l5 5M4 20h16",
  image: "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 8.5a1 1 0 1 0 0 .01",
  audio: "M9 18V6l11-2v12M9 18a3 3 0 1 1-6 0a3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0a3 3 0 0 1 6 0z",
  video: "M3 7h12v10H3zM15 10.5l6-3.5v10l-6-3.5",
  webcam: "M12 3a7 7 0 1 0 0 14a7 7 0 0 0 0-14zM12 7a3 3 0 1 0 0 6a3 3 0 0 0 0-6zM8 21h8M12 17v4",
  microphone: "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3",
};

const LABELS = { download: "Download", fullscreen: "Fullscreen", copy: "Copy", copy_all: "Copy all",
  clear: "Clear" };
const COPIED_MS = 1500;

/**
 * @typedef {Object} ToolbarActions
 * @property {() => (string|null)} [download] the URL to download (null: nothing yet)
 * @property {() => (string|null)} [downloadName] the file name offered
 * @property {() => (HTMLElement|null)} [fullscreen] the element shown full screen
 * @property {() => (string|null)} [copy] the text copied
 * @property {() => (string|null)} [copy_all] the text copied by "copy_all" (a whole chat)
 * @property {(text: string) => void} [copied] called once the text is on the clipboard
 * @property {() => void} [clear] empties the component (a chat's "Clear")
 */

/**
 * A toolbar with a button per requested name that has an action.
 * @param {Array<any>|null|undefined} names what the app asked for (`buttons=`); null: all.
 *   Entries that are not names (Gradio's custom buttons) are ignored.
 * @param {ToolbarActions} actions
 * @returns {{el: HTMLElement, update(): void}} `update()` hides the bar while nothing
 *   can be downloaded or copied (an empty output)
 */
export function toolbar(names, actions) {
  addStyles("toolbar", CSS);
  const wanted = names == null ? Object.keys(LABELS) : names.filter((n) => typeof n === "string");
  const el = h("div", { class: "rillet-toolbar" });
  const buttons = [];
  for (const name of wanted) {
    if (!(name in LABELS) || !actions[name]) continue;
    const button = iconButton(name, LABELS[name]);
    button.addEventListener("click", () => run(name, actions, button));
    buttons.push(button);
    el.append(button);
  }
  const update = () => {
    el.hidden = buttons.length === 0 || isEmpty(actions);
  };
  update();
  return { el, update };
}

/** Nothing to act on: no file to download, or (without one) no text to copy. */
function isEmpty(actions) {
  if (actions.download) return !actions.download();
  const text = actions.copy ? actions.copy() : actions.copy_all ? actions.copy_all() : "x";
  return !text;
}

/**
 * The file name a download of `value` offers: its own, else the last part of its path.
 * @param {Object|null} value a FileData
 * @param {string} fallback
 * @returns {string}
 */
export function fileName(value, fallback) {
  if (!value) return fallback;
  const path = String(value.path || value.url || "").split(/[?#]/)[0];
  return value.orig_name || path.split(/[\\/]/).pop() || fallback;
}

/**
 * One copy button (a chat message's): puts `text()` on the clipboard, then shows a tick.
 * @param {() => string} text
 * @param {(text: string) => void} [copied] called once it is on the clipboard
 * @returns {HTMLButtonElement}
 */
export function copyButton(text, copied) {
  addStyles("toolbar", CSS);
  const button = iconButton("copy", LABELS.copy);
  button.addEventListener("click", () => run("copy", { copy: text, copied }, button));
  return button;
}

/**
 * @param {string} name an ICONS key (`data-action`)
 * @param {string} label its accessible name and tooltip
 * @returns {HTMLButtonElement}
 */
function iconButton(name, label) {
  const button = h("button", {
    type: "button", class: "rillet-toolbar-button", title: label, "aria-label": label, "data-action": name,
  });
  button.append(icon(ICONS[name]));
  return button;
}

/**
 * @param {string} name
 * @param {ToolbarActions} actions
 * @param {HTMLButtonElement} button
 */
function run(name, actions, button) {
  if (name === "download") {
    const url = actions.download?.();
    if (!url) return;
    const a = h("a", { href: url, download: actions.downloadName?.() || "" });
    document.body.append(a);
    a.click();
    a.remove();
  } else if (name === "fullscreen") {
    const target = actions.fullscreen?.();
    if (!target) return;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else target.requestFullscreen?.().catch(() => {});
  } else if (name === "clear") {
    actions.clear?.();
  } else if (name === "copy" || name === "copy_all") {
    const text = actions[name]?.() ?? "";
    writeClipboard(text).then(() => {
      showCopied(button, name);
      actions.copied?.(text);
    }, (err) => console.warn("rillet: could not copy to the clipboard", err));
  }
}

/** The tick that says it was copied, for a moment. */
function showCopied(button, name) {
  button.replaceChildren(icon(ICONS.copied));
  button.dataset.copied = "1";
  setTimeout(() => {
    button.replaceChildren(icon(ICONS[name]));
    delete button.dataset.copied;
  }, COPIED_MS);
}

/**
 * Put `text` on the clipboard: the Clipboard API where the page may use it (https or
 * localhost), else a selected hidden textarea and the older copy command (a page served
 * over plain http on a LAN address).
 * @param {string} text
 * @returns {Promise<void>}
 */
export function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = h("textarea", { class: "rillet-clipboard-helper", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("the browser refused to copy"));
}

/**
 * An inline SVG icon.
 * @param {string} path an ICONS value
 * @returns {SVGSVGElement}
 */
export function icon(path) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
  p.setAttribute("d", path);
  svg.append(p);
  return svg;
}

/**
 * The empty state of a media component: a large icon and, below it, hint lines (the
 * middle one of three is faint: "- or -"). Without lines it is a faint icon alone (an
 * empty output). A `for` id makes the whole area the label of a file picker; an
 * `onclick` makes it a button (open the webcam).
 * @param {{icon: string, lines?: string[], for?: string, onclick?: () => void, testid?: string}} spec
 *   `icon` is an ICONS key
 * @returns {HTMLElement}
 */
export function emptyState(spec) {
  addStyles("toolbar", CSS);
  const lines = spec.lines || [];
  const tag = spec.for ? "label" : spec.onclick ? "button" : "div";
  const el = h(tag, {
    class: `rillet-empty-state${lines.length ? "" : " rillet-empty-faint"}`,
    for: spec.for || null, type: tag === "button" ? "button" : null, "data-testid": spec.testid || null,
  });
  if (spec.onclick) el.addEventListener("click", spec.onclick);
  const glyph = h("span", { class: "rillet-empty-icon" });
  glyph.append(icon(ICONS[spec.icon]));
  el.append(glyph);
  lines.forEach((line, i) => {
    const faint = lines.length === 3 && i === 1;
    el.append(h("span", { class: faint ? "rillet-empty-or" : "rillet-empty-line", text: line }));
  });
  return el;
}

const CSS = `
.rillet-toolbar { position: absolute; top: 6px; right: 6px; z-index: 5; display: flex; gap: 4px; }
.rillet-toolbar[hidden] { display: none; }
.rillet-toolbar-button { display: inline-flex; align-items: center; justify-content: center;
  width: 28px; height: 28px; padding: 0; border: 1px solid var(--rillet-border);
  border-radius: 6px; background: var(--rillet-bg); color: var(--rillet-muted); cursor: pointer; }
.rillet-toolbar-button:hover { color: var(--rillet-text); }
.rillet-toolbar-button[data-copied] { color: var(--rillet-primary); }
.rillet-toolbar-button svg { width: 16px; height: 16px; fill: none; stroke: currentColor;
  stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.rillet-clipboard-helper { position: fixed; top: 0; left: -9999px; opacity: 0; }
.rillet-empty-state { display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 2px; width: 100%; height: 100%; min-height: inherit; box-sizing: border-box; padding: 16px;
  margin: 0; border: 0; background: none; font: inherit; color: var(--rillet-muted); text-align: center; }
label.rillet-empty-state, button.rillet-empty-state { cursor: pointer; }
label.rillet-empty-state:hover, button.rillet-empty-state:hover { color: var(--rillet-text); }
.rillet-empty-icon { display: inline-flex; margin-bottom: 6px; }
.rillet-empty-icon svg { width: 28px; height: 28px; fill: none; stroke: currentColor; stroke-width: 1.6;
  stroke-linecap: round; stroke-linejoin: round; }
.rillet-empty-faint .rillet-empty-icon { opacity: 0.5; margin: 0; }
.rillet-empty-faint .rillet-empty-icon svg { width: 22px; height: 22px; }
.rillet-empty-line { font-size: 1rem; }
.rillet-empty-or { font-size: 0.85rem; opacity: 0.6; }
:fullscreen.rillet-fullscreen-target { display: flex; align-items: center; justify-content: center;
  width: 100vw; height: 100vh; max-width: none; max-height: none; background: var(--rillet-bg); }
:fullscreen.rillet-fullscreen-target img, :fullscreen.rillet-fullscreen-target video {
  max-width: 100%; max-height: 100%; width: auto; height: auto; object-fit: contain; }
`;
