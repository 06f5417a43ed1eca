/**
 * Vega, Vega-Lite and vega-embed, loaded once and only when a chart is drawn.
 *
 * The pinned packages ship their browser bundles in UMD form: evaluated as ES modules
 * (served by the vendor route, no build step) each one sets its global (`vega`,
 * `vegaLite`, `vegaEmbed`), and vega-embed's reads the two before it, so they are imported
 * in that order. Charts are compiled to an AST and run by Vega's interpreter (`ast: true`):
 * the page's Content-Security-Policy forbids the code generation Vega does otherwise.
 */

/** Where the vendored modules are (the page's import map; the server's vendor route). */
const VENDOR = "rillet/vendor/";

/** @type {Promise<any>|null} vega-embed's function, once asked for */
let loading = null;

/**
 * vega-embed's `embed(el, spec, options)` (its `vega` and `vegaLite` hang off it).
 * @returns {Promise<any>}
 */
export function loadVegaEmbed() {
  if (!loading) {
    loading = (async () => {
      await import(VENDOR + "vega.js");
      await import(VENDOR + "vega-lite.js");
      await import(VENDOR + "vega-embed.js");
      return /** @type {any} */ (globalThis).vegaEmbed;
    })();
  }
  return loading;
}
