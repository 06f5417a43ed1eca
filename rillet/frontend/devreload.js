/**
 * Reload mode (`rillet app.py`, where /config says `dev_mode`): the page listens on
 * `<api>/dev/reload` and reloads itself when the app was rebuilt; while the last edit
 * failed to load, a banner shows the error (the last good app goes on serving).
 * Test hook: `.rillet-reload-error` is the banner.
 */

import { h } from "rillet/block.js";

/**
 * Follow the server's reloads.
 * @param {{app_id: number}} config the /config this page was built from
 * @param {string} apiPrefix e.g. "/gradio_api"
 * @returns {EventSource}
 */
export function followReloads(config, apiPrefix) {
  const source = new EventSource(`${apiPrefix}/dev/reload`);
  source.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.app_id !== config.app_id) {
      source.close();
      location.reload();
      return;
    }
    showError(state.error);
  };
  return source;
}

/** @param {string|null} message */
function showError(message) {
  let banner = document.querySelector(".rillet-reload-error");
  if (!message) {
    banner?.remove();
    return;
  }
  if (!banner) {
    banner = h("div", { class: "rillet-reload-error", role: "alert" });
    document.body.prepend(banner);
  }
  banner.replaceChildren(
    h("strong", { text: "The last edit did not load; still serving the previous version." }),
    h("pre", { text: message }),
  );
}
