/**
 * Dataset: samples to click. Props: `components` ([{name, class_id}], or names), `samples` (one list per
 * sample, each value as its component sends it), `headers`, `samples_per_page`, `layout`,
 * `sample_labels`. One component (or labels) draws a gallery of cards, several a table;
 * more samples than a page draw page buttons. Payload: the clicked sample's index (over
 * all pages) or null. A click emits "click" and "select" ({index, value: the sample}).
 */

import { addStyles, applyCommon, h, makeLabel, sameValue } from "rillet/block.js";
import { renderMarkdownInto } from "rillet/markdown.js";

const CSS = `
.rillet-dataset-gallery { display: flex; flex-wrap: wrap; gap: 8px; }
.rillet-dataset-card { font: inherit; color: var(--rillet-text); background: var(--rillet-bg);
  border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); padding: 6px 12px;
  cursor: pointer; max-width: 100%; text-align: left; overflow: hidden; }
.rillet-dataset-card:hover, .rillet-dataset-table tbody tr:hover { background: var(--rillet-subtle);
  border-color: var(--rillet-primary); }
.rillet-dataset-card.rillet-selected, .rillet-dataset-table tr.rillet-selected { border-color: var(--rillet-primary); }
.rillet-dataset-card.rillet-media { padding: 0; }
.rillet-dataset-table-wrap { overflow-x: auto; border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius); }
.rillet-dataset-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.rillet-dataset-table th { text-align: left; font-weight: 600; color: var(--rillet-muted);
  border-bottom: 1px solid var(--rillet-border); padding: 8px 12px; }
.rillet-dataset-table td { padding: 8px 12px; border-top: 1px solid var(--rillet-border); vertical-align: top; }
.rillet-dataset-table tbody tr:first-child td { border-top: 0; }
.rillet-dataset-table tbody tr { cursor: pointer; }
.rillet-dataset-table tbody tr:focus-visible { outline: 2px solid var(--rillet-primary); outline-offset: -2px; }
.rillet-dataset-text { display: block; max-width: 40ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rillet-dataset-img, .rillet-dataset-video { display: block; width: 96px; height: 96px; object-fit: cover; }
.rillet-dataset-swatch { display: inline-block; width: 20px; height: 20px; border-radius: 4px;
  border: 1px solid var(--rillet-border); vertical-align: middle; }
.rillet-dataset-markdown { max-height: 6em; overflow: hidden; }
.rillet-dataset-markdown > :first-child { margin-top: 0; }
.rillet-dataset-markdown > :last-child { margin-bottom: 0; }
.rillet-dataset-mini { border-collapse: collapse; font-size: 12px; }
.rillet-dataset-mini td { border: 1px solid var(--rillet-border); padding: 1px 4px; }
.rillet-dataset-pages { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin-top: 8px;
  font-size: 13px; color: var(--rillet-muted); }
.rillet-dataset-page { font: inherit; color: var(--rillet-text); background: none; border: 1px solid transparent;
  border-radius: 4px; padding: 1px 7px; cursor: pointer; }
.rillet-dataset-page.rillet-selected { border-color: var(--rillet-border); font-weight: 700; }
`;

/**
 * Mount a dataset into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (components, samples, headers, samples_per_page, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): number|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("dataset", CSS);
  return new Dataset(el, props, ctx);
}

class Dataset {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props, label: props.label ?? "Examples" };
    this.label = makeLabel(this.props, null);
    this.body = h("div", { class: "rillet-dataset-body" });
    this.pages = h("div", { class: "rillet-dataset-pages" });
    el.classList.add("rillet-dataset");
    el.append(this.label.el, this.body, this.pages);
    applyCommon(el, this.props);
    this.value = typeof props.value === "number" ? props.value : null;
    this.page = 0;
    this.render();
  }

  /** @returns {number|null} */
  get() {
    return this.value;
  }

  /** @param {any} value the selected sample's index */
  set(value) {
    const next = typeof value === "number" ? value : null;
    if (sameValue(next, this.value)) return;
    this.value = next;
    this.mark();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const next = { ...props };
    if ("label" in next) next.label = next.label ?? "Examples";
    Object.assign(this.props, next);
    applyCommon(this.el, next);
    this.label.update(next);
    if ("samples" in next || "sample_labels" in next) this.page = 0;
    this.render();
    if ("value" in next) this.set(next.value);
  }

  /** The samples drawn: their labels when `sample_labels` is set, else their values. */
  rows() {
    const labels = this.props.sample_labels;
    if (Array.isArray(labels)) return labels.map((label) => [label]);
    return Array.isArray(this.props.samples) ? this.props.samples : [];
  }

  /** @returns {string[]} the components' names */
  kinds() {
    return (this.props.components || []).map((c) => (typeof c === "string" ? c : String(c && c.name)));
  }

  gallery() {
    const names = this.kinds();
    return (names.length < 2 || Array.isArray(this.props.sample_labels)) && this.props.layout !== "table";
  }

  render() {
    const rows = this.rows();
    const perPage = Math.max(1, Number(this.props.samples_per_page) || 10);
    const pageCount = Math.max(1, Math.ceil(rows.length / perPage));
    this.page = Math.min(this.page, pageCount - 1);
    const first = this.page * perPage;
    const shown = rows.slice(first, first + perPage).map((row, i) => ({ row, index: first + i }));
    const kinds = Array.isArray(this.props.sample_labels) ? ["textbox"] : this.kinds();
    this.items = this.gallery() ? this.drawGallery(shown, kinds[0] || "textbox") : this.drawTable(shown, kinds);
    this.drawPages(pageCount);
    this.mark();
  }

  drawGallery(shown, kind) {
    const items = shown.map(({ row, index }) => {
      const preview = cell(kind, row[0]);
      const card = h("button", { type: "button", class: "rillet-dataset-card", "data-index": String(index) }, [preview]);
      card.classList.toggle("rillet-media", preview.classList.contains("rillet-dataset-media"));
      card.addEventListener("click", () => this.choose(index));
      return { index, node: card };
    });
    this.body.replaceChildren(h("div", { class: "rillet-dataset-gallery" }, items.map((i) => i.node)));
    return items;
  }

  drawTable(shown, kinds) {
    const headers = this.props.headers || [];
    const head = headers.length
      ? h("thead", {}, [h("tr", {}, headers.map((name) => h("th", { text: name })))])
      : null;
    const items = shown.map(({ row, index }) => {
      const tr = h("tr", { tabindex: "0", "data-index": String(index) },
        kinds.map((kind, j) => h("td", {}, [cell(kind, row[j])])));
      tr.addEventListener("click", () => this.choose(index));
      tr.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.choose(index);
        }
      });
      return { index, node: tr };
    });
    const table = h("table", { class: "rillet-dataset-table" }, [head, h("tbody", {}, items.map((i) => i.node))]);
    this.body.replaceChildren(h("div", { class: "rillet-dataset-table-wrap" }, [table]));
    return items;
  }

  /** Page buttons (Gradio's "Pages:"): the first, the last, and those near this one. */
  drawPages(count) {
    this.pages.hidden = count < 2;
    if (count < 2) {
      this.pages.replaceChildren();
      return;
    }
    const parts = [h("span", { text: "Pages:" })];
    let last = -1;
    for (let p = 0; p < count; p += 1) {
      if (p !== 0 && p !== count - 1 && Math.abs(p - this.page) > 2) continue;
      if (p - last > 1) parts.push(h("span", { text: "..." }));
      const button = h("button", { type: "button", class: "rillet-dataset-page", text: String(p + 1) });
      button.classList.toggle("rillet-selected", p === this.page);
      button.addEventListener("click", () => {
        this.page = p;
        this.render();
      });
      parts.push(button);
      last = p;
    }
    this.pages.replaceChildren(...parts);
  }

  mark() {
    for (const { index, node } of this.items || []) node.classList.toggle("rillet-selected", index === this.value);
  }

  choose(index) {
    const samples = Array.isArray(this.props.samples) ? this.props.samples : [];
    this.value = index;
    this.mark();
    this.ctx.emit("click");
    this.ctx.emit("select", { index, value: samples[index] ?? null });
  }
}

/**
 * A sample value drawn for its component: media as a small preview (or its file name
 * when it has no URL), colours as a swatch, tables in miniature, anything else as text.
 * @param {string} kind the component's name
 * @param {any} value
 * @returns {HTMLElement}
 */
function cell(kind, value) {
  const file = fileOf(value);
  if (file) return fileCell(kind, file);
  if (kind === "colorpicker" && typeof value === "string") {
    const swatch = h("span", { class: "rillet-dataset-swatch", title: value });
    swatch.style.background = value;
    return swatch;
  }
  if (kind === "dataframe") return miniTable(value);
  if (kind === "markdown" && typeof value === "string") {
    return renderMarkdownInto(h("div", { class: "rillet-dataset-markdown" }), value);
  }
  if (kind === "checkboxgroup" && Array.isArray(value)) return text(value.join(", "));
  return text(value);
}

/** @param {any} value @returns {HTMLElement} */
function text(value) {
  let shown = "";
  if (value === null || value === undefined) shown = "";
  else if (typeof value === "object") shown = JSON.stringify(value);
  else shown = String(value);
  return h("span", { class: "rillet-dataset-text", title: shown.length > 40 ? shown : null, text: shown });
}

/** A FileData in `value` (or the first of a list of them), else null. */
function fileOf(value) {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === "object" && !Array.isArray(first) && "orig_name" in first && "path" in first) {
    return first;
  }
  return null;
}

function fileCell(kind, file) {
  const name = file.orig_name || file.path || "file";
  if (file.url && (kind === "image" || kind === "imageslider" || kind === "gallery")) {
    return h("img", { class: "rillet-dataset-img rillet-dataset-media", src: file.url, alt: name, loading: "lazy" });
  }
  if (file.url && kind === "video") {
    return h("video", { class: "rillet-dataset-video rillet-dataset-media", src: file.url, muted: true, preload: "metadata" });
  }
  return text(name);
}

function miniTable(value) {
  const data = Array.isArray(value) ? value : (value && Array.isArray(value.data) ? value.data : []);
  const rows = data.slice(0, 3).map((row) => h("tr", {}, (Array.isArray(row) ? row : [row]).slice(0, 3)
    .map((v) => h("td", { text: v === null || v === undefined ? "" : String(v) }))));
  return h("table", { class: "rillet-dataset-mini" }, [h("tbody", {}, rows)]);
}
