/**
 * Translated text (`gr.I18n`): replaces the keys' markers the server sends,
 * `__i18n__{"__type__": "translation_metadata", "key": "greeting"}` inside any string, and
 * Gradio's `{"__type__": "translation_metadata", "key": ...}` objects, with the text for
 * the browser's language. The translations come from `/config`'s `i18n_translations`
 * (`launch(i18n=...)`); a key is looked up in the browser's languages in order (exact
 * locale, then its language: "fr-CA", then "fr"), then in "en", and shown as the key
 * itself when none has it.
 */

const MARKER_RE = /__i18n__\{"__type__": "translation_metadata", "key": ("(?:[^"\\]|\\.)*")\}/g;

/** @typedef {Record<string, Record<string, string>>} Tables translations by locale */
/** @typedef {(value: any) => any} Translate */

/**
 * The locales to look keys up in, best first: each browser language as given, then its
 * primary language, then "en"; only those `tables` has (matched without regard to case).
 * @param {Tables} tables
 * @param {readonly string[]} languages the browser's, e.g. navigator.languages
 * @returns {string[]}
 */
export function localeOrder(tables, languages) {
  const byLower = new Map(Object.keys(tables).map((name) => [name.toLowerCase(), name]));
  /** @type {string[]} */
  const order = [];
  for (const wanted of [...languages.flatMap((l) => [l, l.split("-")[0]]), "en"]) {
    const found = byLower.get(String(wanted).toLowerCase());
    if (found && !order.includes(found)) order.push(found);
  }
  return order;
}

/**
 * A function that translates a value: strings (every marker in them), Gradio's
 * translation objects, and arrays and plain objects holding them (copied; anything else
 * is returned as it is).
 * @param {Tables | null | undefined} tables
 * @param {readonly string[]} [languages]
 * @returns {Translate}
 */
export function translator(tables, languages = navigator.languages || [navigator.language]) {
  const order = localeOrder(tables || {}, languages);
  /** @param {string} key */
  const lookup = (key) => {
    for (const locale of order) {
      const text = tables?.[locale]?.[key];
      if (typeof text === "string") return text;
    }
    return key;
  };
  /** @param {string} text */
  const inText = (text) =>
    text.includes("__i18n__") ? text.replace(MARKER_RE, (_, quoted) => lookup(JSON.parse(quoted))) : text;
  /** @type {Translate} */
  const translate = (value) => {
    if (typeof value === "string") return inText(value);
    if (Array.isArray(value)) return value.map(translate);
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      if (value.__type__ === "translation_metadata" && typeof value.key === "string") return lookup(value.key);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translate(v)]));
    }
    return value;
  };
  return translate;
}

/**
 * Translate a `/config` in place, before the page draws it: every component's props
 * (labels, values, choices, placeholders...). Returns the translator, for the values
 * events bring later.
 * @param {{components?: Array<{props?: Record<string, any>}>, i18n_translations?: Tables | null}} config
 * @param {readonly string[]} [languages]
 * @returns {Translate}
 */
export function translateConfig(config, languages) {
  const translate = translator(config.i18n_translations, languages);
  for (const component of config.components || []) {
    if (component.props) component.props = translate(component.props);
  }
  return translate;
}
