/**
 * BrowserState: invisible; its value lives in the browser's localStorage under
 * `storage_key`, encrypted with a key derived from `secret` (AES-GCM, Web Crypto).
 * At mount it reads the stored value back (`ready` resolves once it has, so the layout
 * waits for it before the page's load events); `set` (a function's output) stores the new
 * value and emits "change". Payload: the value, or null when nothing is stored (the
 * server then uses `default_value`).
 *
 * Web Crypto exists only in secure contexts (https, localhost): elsewhere the value is
 * kept for the page's lifetime only, with a console warning.
 */

import { applyCommon, sameValue } from "rillet/block.js";

const FORMAT = "rillet1";

/**
 * Mount a browser-stored value on `el` (which stays hidden).
 * @param {HTMLElement} el component root
 * @param {Object} props config props (default_value, storage_key, secret)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void, ready: Promise<void>}}
 */
export function mount(el, props, ctx) {
  el.classList.add("rillet-state");
  applyCommon(el, { elem_id: props.elem_id, elem_classes: props.elem_classes });
  el.hidden = true;
  const store = new SealedStore(String(props.storage_key ?? ""), String(props.secret ?? ""));
  let value = props.default_value ?? null;
  let writes = Promise.resolve();
  const ready = store.read().then((stored) => {
    if (stored !== undefined) value = stored;
  });
  return {
    get: () => value,
    set(next) {
      const v = next ?? null;
      if (sameValue(v, value)) return;
      value = v;
      writes = writes.then(() => store.write(v));
      ctx.emit("change");
    },
    setProps(update) {
      if ("value" in update) this.set(update.value);
    },
    ready,
  };
}

/** One encrypted entry of localStorage. */
class SealedStore {
  /**
   * @param {string} key the localStorage key
   * @param {string} secret what the AES key is derived from
   */
  constructor(key, secret) {
    this.key = key;
    this.secret = secret;
    /** @type {Promise<CryptoKey|null>|null} */
    this.cryptoKey = null;
  }

  /** The AES-GCM key: SHA-256 of the secret; null where Web Crypto is missing. */
  aesKey() {
    if (!this.cryptoKey) {
      const subtle = globalThis.crypto && globalThis.crypto.subtle;
      if (!subtle) {
        console.warn("rillet: BrowserState needs a secure context (https or localhost) to "
          + "encrypt its value; it is kept for this page only");
        this.cryptoKey = Promise.resolve(null);
      } else {
        this.cryptoKey = subtle.digest("SHA-256", new TextEncoder().encode(this.secret))
          .then((bits) => subtle.importKey("raw", bits, "AES-GCM", false, ["encrypt", "decrypt"]));
      }
    }
    return this.cryptoKey;
  }

  /**
   * The stored value; undefined when there is none or it does not decrypt (another
   * secret, another format).
   * @returns {Promise<any>}
   */
  async read() {
    const stored = readItem(this.key);
    if (!stored) return undefined;
    const key = await this.aesKey();
    const parts = stored.split(":");
    if (!key || parts.length !== 3 || parts[0] !== FORMAT) return undefined;
    try {
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(parts[1]) }, key,
        fromBase64(parts[2]));
      return JSON.parse(new TextDecoder().decode(plain));
    } catch {
      console.warn(`rillet: the stored value of BrowserState "${this.key}" could not be read; using the default`);
      return undefined;
    }
  }

  /**
   * Store `value` encrypted (null removes it).
   * @param {any} value
   * @returns {Promise<void>}
   */
  async write(value) {
    try {
      if (value === null) {
        localStorage.removeItem(this.key);
        return;
      }
      const key = await this.aesKey();
      if (!key) return;
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plain);
      localStorage.setItem(this.key, `${FORMAT}:${toBase64(iv)}:${toBase64(new Uint8Array(sealed))}`);
    } catch (err) {
      console.warn(`rillet: BrowserState "${this.key}" could not be stored`, err);
    }
  }
}

/** @param {string} key @returns {string|null} */
function readItem(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled by the browser
  }
}

/** @param {Uint8Array} bytes @returns {string} */
function toBase64(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** @param {string} text @returns {Uint8Array<ArrayBuffer>} */
function fromBase64(text) {
  const chars = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(chars.length));
  for (let i = 0; i < chars.length; i += 1) bytes[i] = chars.charCodeAt(i);
  return bytes;
}
