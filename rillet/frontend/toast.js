/**
 * Toasts: short notices in the top-right corner, `<div class="rillet-toast" data-level=...>`.
 * Used for errors of runs and for gr.Info / gr.Warning / gr.Success messages.
 */

import { h } from "rillet/block.js";

let stack = null;

function container() {
  if (!stack || !stack.isConnected) {
    stack = h("div", { class: "rillet-toasts", "aria-live": "polite" });
    document.body.append(stack);
  }
  return stack;
}

/**
 * Show a toast.
 * @param {Object} options
 * @param {string} [options.level] "error" | "warning" | "info" | "success"
 * @param {string} [options.title] bold first line (defaults to the level's name)
 * @param {string} [options.message] the text (shown as text, never as HTML)
 * @param {number|null} [options.duration] seconds before it goes away; null or 0 = stays
 * @returns {HTMLElement} the toast element
 */
export function showToast({ level = "info", title, message = "", duration = 10 } = {}) {
  const close = h("button", { class: "rillet-toast-close", type: "button", "aria-label": "Close", text: "×" });
  const toast = h("div", { class: "rillet-toast", role: level === "error" ? "alert" : "status",
    dataset: { level } }, [
    h("div", { class: "rillet-toast-title", text: title || defaultTitle(level) }),
    message ? h("div", { class: "rillet-toast-message", text: String(message) }) : null,
    close,
  ]);
  const remove = () => toast.remove();
  close.addEventListener("click", remove);
  if (duration) setTimeout(remove, duration * 1000);
  container().append(toast);
  return toast;
}

function defaultTitle(level) {
  return { error: "Error", warning: "Warning", success: "Success" }[level] || "Info";
}
