/**
 * The "Use via API" panel: how to call each named endpoint of the app from Python
 * (`gradio_client`), JavaScript (`@gradio/client`) and curl (the `sse_v3` two-step: POST
 * `/gradio_api/call/<name>` for an event id, then GET its result stream).
 *
 * Everything shown comes from `/gradio_api/info` (each parameter's name, Python type,
 * default and example value; each return value), so the snippets call the app as it is.
 * The snippets use the example values the server gives; every snippet has a copy button.
 */

import { h } from "rillet/block.js";

const LANGUAGES = [
  { id: "python", label: "Python", install: "pip install gradio_client" },
  { id: "javascript", label: "JavaScript", install: "npm i -D @gradio/client" },
  { id: "bash", label: "curl", install: "" },
];

/**
 * @typedef {{label?: string, parameter_name?: string, parameter_has_default?: boolean,
 *   parameter_default?: any, python_type?: {type?: string}, component?: string,
 *   example_input?: any}} Parameter
 * @typedef {{label?: string, python_type?: {type?: string}, component?: string}} Return
 * @typedef {{parameters?: Parameter[], returns?: Return[], api_visibility?: string}} Endpoint
 */

/**
 * The API panel: an `<aside>` over a backdrop (a click on it or Escape closes the panel)
 * that loads `/gradio_api/info` each time it opens.
 * @param {{apiPrefix: string, appUrl: string}} where the API's URL (absolute) and the app's
 * @returns {{el: HTMLElement, open(): Promise<void>, close(): void, isOpen(): boolean}}
 */
export function apiPanel({ apiPrefix, appUrl }) {
  let language = "python";
  /** @type {Object<string, Endpoint>} */
  let endpoints = {};
  const body = h("div", { class: "rillet-api-body" });
  const tabs = h("div", { class: "rillet-api-tabs", role: "tablist" });
  const closeBtn = h("button", { type: "button", class: "rillet-api-close", "aria-label": "Close",
    "data-testid": "api-close", text: "×" });
  const count = h("span", { class: "rillet-api-count" });
  const backdrop = h("div", { class: "rillet-api-backdrop" });
  const panel = h("aside", { class: "rillet-api", "data-testid": "api-page", "aria-label": "API documentation" }, [
    h("div", { class: "rillet-api-head" }, [
      h("div", {}, [h("h2", { class: "rillet-api-title", text: "API documentation" }), count]),
      closeBtn,
    ]),
    tabs,
    body,
  ]);
  const el = h("div", { class: "rillet-api-layer", hidden: true }, [backdrop, panel]);
  const draw = () => {
    tabs.replaceChildren(...LANGUAGES.map((lang) => h("button", {
      type: "button", role: "tab", class: `rillet-api-tab${lang.id === language ? " rillet-selected" : ""}`,
      "aria-selected": String(lang.id === language), dataset: { lang: lang.id }, text: lang.label,
      onclick: () => { language = lang.id; draw(); },
    })));
    body.replaceChildren(...renderEndpoints(endpoints, language, apiPrefix, appUrl));
  };
  const close = () => {
    el.hidden = true;
    document.removeEventListener("keydown", onKey);
  };
  /** @param {KeyboardEvent} ev */
  const onKey = (ev) => { if (ev.key === "Escape") close(); };
  closeBtn.addEventListener("click", close);
  backdrop.addEventListener("click", close);
  return {
    el,
    async open() {
      el.hidden = false;
      document.addEventListener("keydown", onKey);
      body.replaceChildren(h("p", { class: "rillet-muted", text: "Loading…" }));
      try {
        endpoints = publicEndpoints(await fetchInfo(apiPrefix));
      } catch (err) {
        body.replaceChildren(h("p", { class: "rillet-api-error", text: `Could not load the API: ${err.message}` }));
        return;
      }
      const n = Object.keys(endpoints).length;
      count.textContent = n === 1 ? "1 API endpoint" : `${n} API endpoints`;
      draw();
      panel.dataset.ready = "1";
    },
    close,
    isOpen: () => !el.hidden,
  };
}

async function fetchInfo(apiPrefix) {
  const res = await fetch(`${apiPrefix}/info`, { cache: "no-store" });
  if (!res.ok) throw new Error(`/info answered HTTP ${res.status}`);
  return res.json();
}

/**
 * The named endpoints a client may call and that are documented.
 * @param {{named_endpoints?: Object<string, Endpoint>}} info
 * @returns {Object<string, Endpoint>}
 */
function publicEndpoints(info) {
  /** @type {Object<string, Endpoint>} */
  const out = {};
  for (const [name, ep] of Object.entries(info.named_endpoints || {})) {
    if (!ep.api_visibility || ep.api_visibility === "public") out[name] = ep;
  }
  return out;
}

/**
 * @param {Object<string, Endpoint>} endpoints
 * @param {string} language
 * @param {string} apiPrefix
 * @param {string} appUrl
 * @returns {HTMLElement[]}
 */
function renderEndpoints(endpoints, language, apiPrefix, appUrl) {
  const names = Object.keys(endpoints);
  if (!names.length) return [h("p", { class: "rillet-muted", text: "This app has no named API endpoints." })];
  const lang = LANGUAGES.find((l) => l.id === language) || LANGUAGES[0];
  const parts = [];
  if (lang.install) {
    parts.push(h("section", { class: "rillet-api-install" }, [
      h("p", { text: `1. Install the ${lang.id === "python" ? "Python" : "JavaScript"} client if you don't already have it:` }),
      codeBlock(lang.install, "install"),
      h("p", { text: "2. Call an endpoint:" }),
    ]));
  } else {
    parts.push(h("p", { class: "rillet-api-install",
      text: "Each call takes two requests: a POST that returns an event id, then a GET that streams the result." }));
  }
  for (const name of names) {
    const ep = endpoints[name];
    const code = snippet(language, name, ep, apiPrefix, appUrl);
    parts.push(h("section", { class: "rillet-api-endpoint", dataset: { endpoint: name } }, [
      h("h3", { class: "rillet-api-name" }, [h("span", { class: "rillet-muted", text: "api_name: " }), h("code", { text: name })]),
      codeBlock(code, language),
      describeParameters(ep.parameters || []),
      describeReturns(ep.returns || []),
    ]));
  }
  return parts;
}

/**
 * A `<pre>` with a copy button.
 * @param {string} code
 * @param {string} kind the snippet's language (a data attribute, for tests and styles)
 * @returns {HTMLElement}
 */
function codeBlock(code, kind) {
  const copy = h("button", { type: "button", class: "rillet-api-copy", "data-testid": "api-copy", text: "Copy" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code);
      copy.textContent = "Copied";
    } catch (err) {
      console.warn("rillet: could not copy to the clipboard", err);
      copy.textContent = "Select and copy";
    }
    setTimeout(() => { copy.textContent = "Copy"; }, 1500);
  });
  return h("div", { class: "rillet-api-code", dataset: { lang: kind } }, [
    h("pre", {}, [h("code", { "data-testid": "api-snippet", text: code })]),
    copy,
  ]);
}

/** @param {Parameter[]} params */
function describeParameters(params) {
  const title = params.length === 1 ? "Accepts 1 parameter:" : `Accepts ${params.length} parameters:`;
  return h("div", { class: "rillet-api-params" }, [
    h("p", { class: "rillet-api-subtitle", text: title }),
    h("ul", {}, params.map((p, i) => h("li", {}, [
      h("code", { class: "rillet-api-pname", text: paramName(p, i) }),
      h("span", { class: "rillet-api-type", text: ` ${p.python_type?.type ?? "Any"}` }),
      h("span", { class: "rillet-muted", text: p.parameter_has_default
        ? ` Default: ${pyLiteral(p.parameter_default)}` : " Required" }),
      h("div", { class: "rillet-api-desc", text: `The input value of the "${p.label ?? ""}" ${p.component ?? ""} component.` }),
    ]))),
  ]);
}

/** @param {Return[]} returns */
function describeReturns(returns) {
  const title = returns.length === 1 ? "Returns 1 element:" : `Returns a tuple of ${returns.length} elements:`;
  return h("div", { class: "rillet-api-returns" }, [
    h("p", { class: "rillet-api-subtitle", text: title }),
    h("ul", {}, returns.map((r, i) => h("li", {}, [
      returns.length > 1 ? h("code", { text: `[${i}] ` }) : null,
      h("span", { class: "rillet-api-type", text: r.python_type?.type ?? "Any" }),
      h("div", { class: "rillet-api-desc", text: `The output value of the "${r.label ?? ""}" ${r.component ?? ""} component.` }),
    ]))),
  ]);
}

/**
 * The code that calls endpoint `name` in `language`.
 * @param {string} language "python" | "javascript" | "bash"
 * @param {string} name "/predict"
 * @param {Endpoint} ep
 * @param {string} apiPrefix the API's absolute URL (".../gradio_api")
 * @param {string} appUrl the app's absolute URL, ending in "/"
 * @returns {string}
 */
export function snippet(language, name, ep, apiPrefix, appUrl) {
  const params = ep.parameters || [];
  if (language === "javascript") return jsSnippet(name, params, appUrl);
  if (language === "bash") return curlSnippet(name, params, apiPrefix);
  return pySnippet(name, params, appUrl);
}

/** @param {string} name @param {Parameter[]} params @param {string} appUrl */
function pySnippet(name, params, appUrl) {
  const values = params.map((p) => exampleOf(p));
  const imports = values.some(hasFile) ? "Client, handle_file" : "Client";
  const lines = [`from gradio_client import ${imports}`, "", `client = Client(${JSON.stringify(appUrl)})`,
    "result = client.predict("];
  params.forEach((p, i) => lines.push(`    ${paramName(p, i)}=${pyLiteral(values[i])},`));
  lines.push(`    api_name=${JSON.stringify(name)},`, ")", "print(result)");
  return lines.join("\n");
}

/** @param {string} name @param {Parameter[]} params @param {string} appUrl */
function jsSnippet(name, params, appUrl) {
  const values = params.map((p) => exampleOf(p));
  const imports = values.some(hasFile) ? "Client, handle_file" : "Client";
  const lines = [`import { ${imports} } from "@gradio/client";`, "",
    `const client = await Client.connect(${JSON.stringify(appUrl)});`];
  if (params.length) {
    lines.push(`const result = await client.predict(${JSON.stringify(name)}, {`);
    params.forEach((p, i) => lines.push(`  ${jsKey(paramName(p, i))}: ${jsLiteral(values[i])},`));
    lines.push("});");
  } else {
    lines.push(`const result = await client.predict(${JSON.stringify(name)});`);
  }
  lines.push("", "console.log(result.data);");
  return lines.join("\n");
}

/** @param {string} name @param {Parameter[]} params @param {string} apiPrefix */
function curlSnippet(name, params, apiPrefix) {
  const url = `${apiPrefix}/call/${name.replace(/^\//, "")}`;
  const body = JSON.stringify({ data: params.map((p) => wireValue(exampleOf(p))) });
  return [
    `EVENT_ID=$(curl -s -X POST ${shellQuote(url)} \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(body)} \\`,
    `  | sed -E 's/.*"event_id": *"([^"]+)".*/\\1/')`,
    `curl -sN ${shellQuote(url)}/$EVENT_ID`,
  ].join("\n");
}

/** @param {Parameter} p @param {number} i */
function paramName(p, i) {
  const name = p.parameter_name || `param_${i}`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `param_${i}`;
}

/** @param {Parameter} p */
function exampleOf(p) {
  if (p.parameter_has_default) return p.parameter_default;
  return p.example_input === undefined ? null : p.example_input;
}

/** A `FileData` example (`{path or url, meta: {_type: "gradio.FileData"}}`). */
function isFile(v) {
  return Boolean(v) && typeof v === "object" && !Array.isArray(v) && v.meta && v.meta._type === "gradio.FileData";
}

function hasFile(v) {
  if (isFile(v)) return true;
  if (Array.isArray(v)) return v.some(hasFile);
  if (v && typeof v === "object") return Object.values(v).some(hasFile);
  return false;
}

function fileUrl(v) {
  return String(v.url || v.path || "");
}

/** A JSON value written as a Python literal (files through `handle_file`). */
export function pyLiteral(v) {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : `float(${JSON.stringify(String(v))})`;
  if (typeof v === "string") return JSON.stringify(v);
  if (isFile(v)) return `handle_file(${JSON.stringify(fileUrl(v))})`;
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(", ")}}`;
}

/** A JSON value written as JavaScript (files through `handle_file`). */
function jsLiteral(v) {
  if (v === undefined) return "null";
  if (isFile(v)) return `handle_file(${JSON.stringify(fileUrl(v))})`;
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(", ")}]`;
  if (v && typeof v === "object") {
    return `{ ${Object.entries(v).map(([k, x]) => `${jsKey(k)}: ${jsLiteral(x)}`).join(", ")} }`;
  }
  return JSON.stringify(v);
}

function jsKey(k) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
}

/** A value as the HTTP API takes it: a file by its URL. */
function wireValue(v) {
  if (isFile(v)) return { path: fileUrl(v), meta: { _type: "gradio.FileData" } };
  if (Array.isArray(v)) return v.map(wireValue);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wireValue(x)]));
  return v === undefined ? null : v;
}

/** A string in single quotes for a POSIX shell. */
function shellQuote(s) {
  return `'${String(s).replace(/'/g, "'\\''")}'`;
}
