/**
 * The login page: sends the form to `login` and, once the server has set the session
 * cookie, loads the app; a refusal is shown under the fields.
 */

const form = /** @type {HTMLFormElement} */ (document.querySelector(".rillet-login-card"));
const error = /** @type {HTMLElement} */ (form.querySelector(".rillet-login-error"));
const message = /** @type {HTMLElement} */ (form.querySelector(".rillet-login-message"));
message.hidden = !message.textContent?.trim();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.hidden = true;
  const res = await fetch("login", { method: "POST", body: new URLSearchParams(/** @type {any} */ (new FormData(form))) });
  if (res.ok) {
    location.reload();
    return;
  }
  const body = await res.json().catch(() => ({}));
  error.textContent = body.detail || `Could not log in (HTTP ${res.status}).`;
  error.hidden = false;
});
