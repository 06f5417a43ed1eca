/**
 * Dataframe. Payload: {headers, data: rows of cells, metadata: null | {display_value,
 * styling}} (Gradio's DataframeData; `display_value` replaces a cell's shown text,
 * `styling` is its CSS, from a pandas Styler).
 *
 * Only the rows in view are in the DOM (above 200 rows): the scroll area keeps the full
 * height with two spacer rows, and rendered rows are kept by data index, so scrolling and
 * appending reuse them. A streamed frame that grew at its end arrives as `add` edits of
 * `data` rows: the new rows are appended to the table, nothing else is redrawn (a table
 * scrolled to its end stays at its end, following the new rows).
 *
 * Clicking a header sorts (ascending, descending, off); sorting and searching change only
 * what is shown, never the value. A click on a cell emits "select" ({index: [row, col],
 * value, row_value, col_value}); when interactive, a double click, Enter or typing edits it;
 * Enter or leaving the cell keeps the edit, Escape drops it; a kept edit emits "edit"
 * ({index, value, previous_value}), "input" and "change".
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { makeMarkdown } from "rillet/markdown.js";
import { toolbar } from "rillet/toolbar.js";

/** Up to this many rows, every row is in the DOM; above it, only those in view. */
const VIRTUAL_AFTER = 200;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 10;
/** Row height assumed until one is measured (px). */
const ROW_GUESS = 33;
/** Milliseconds a large table waits to lengthen its scroll area for rows appended below
 * the view (a quarter of a second: the scroll bar follows, without a frame per append). */
const TAIL_DELAY = 250;

const CSS = `
.rillet-dataframe { position: relative; display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.rillet-df-top { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; min-height: 24px;
  padding-right: 96px; }
.rillet-df-top .rillet-label { margin: 0; }
.rillet-df-search { display: flex; gap: 6px; margin-left: auto; flex: 0 1 auto; min-width: 0; }
.rillet-df-search input, .rillet-df-search select { font: inherit; font-size: 13px; color: var(--rillet-text);
  background: var(--rillet-bg); border: 1px solid var(--rillet-input-border); border-radius: var(--rillet-radius);
  padding: 3px 8px; }
.rillet-df-search input { width: 180px; min-width: 60px; flex: 0 1 180px; }
.rillet-df-scroll { overflow: auto; border: 1px solid var(--rillet-border); border-radius: var(--rillet-radius);
  background: var(--rillet-bg); outline: none; position: relative; }
.rillet-df-scroll:focus-visible { border-color: var(--rillet-primary); }
.rillet-df-table { border-collapse: separate; border-spacing: 0; min-width: 100%; font-size: 14px;
  color: var(--rillet-text); font-variant-numeric: tabular-nums; }
.rillet-df-table.rillet-df-fixed { table-layout: fixed; }
.rillet-df-table th, .rillet-df-table td { padding: 0 10px; height: 32px; text-align: left; vertical-align: middle;
  border-bottom: 1px solid var(--rillet-border); border-right: 1px solid var(--rillet-border);
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 480px; box-sizing: border-box; }
.rillet-df-table th:last-child, .rillet-df-table td:last-child { border-right: none; }
.rillet-df-wrap th, .rillet-df-wrap td { white-space: normal; overflow-wrap: anywhere; }
.rillet-df-table thead th { position: sticky; top: 0; z-index: 2; background: var(--rillet-subtle);
  font-weight: 600; cursor: pointer; user-select: none; }
.rillet-df-table thead th:hover { color: var(--rillet-primary); }
.rillet-df-sort { margin-left: 4px; font-size: 10px; color: var(--rillet-muted); }
.rillet-df-table th[aria-sort] .rillet-df-sort { color: var(--rillet-primary); }
.rillet-df-table tbody tr:nth-child(odd of .rillet-df-row) td { background: var(--rillet-bg); }
.rillet-df-table tbody tr:nth-child(even of .rillet-df-row) td { background: var(--rillet-subtle); }
.rillet-df-table td.rillet-df-num { text-align: right; }
.rillet-df-table td.rillet-df-index, .rillet-df-table th.rillet-df-index { color: var(--rillet-muted);
  text-align: center; width: 1%; cursor: default; }
.rillet-df-table td.rillet-df-selected { outline: 2px solid var(--rillet-primary); outline-offset: -2px; }
.rillet-df-table .rillet-df-pinned { position: sticky; z-index: 1; }
.rillet-df-table thead .rillet-df-pinned { z-index: 3; }
.rillet-df-table td.rillet-df-pin-edge, .rillet-df-table th.rillet-df-pin-edge { border-right: 2px solid var(--rillet-border); }
.rillet-df-table td p { margin: 0; }
.rillet-df-table td img { max-height: 80px; max-width: 100%; vertical-align: middle; }
.rillet-df-table td input[type="checkbox"] { accent-color: var(--rillet-primary); margin: 0; }
.rillet-df-editor { font: inherit; color: var(--rillet-text); background: var(--rillet-bg); border: none; outline: none;
  width: 100%; padding: 0; margin: 0; }
.rillet-df-spacer td { padding: 0; border: none; height: 0; background: transparent !important; }
.rillet-df-tail { height: 0; }
.rillet-df-actions { display: flex; gap: 6px; }
.rillet-df-actions button { font: inherit; font-size: 13px; color: var(--rillet-text); background: var(--rillet-bg);
  border: 1px dashed var(--rillet-input-border); border-radius: var(--rillet-radius); padding: 3px 10px; cursor: pointer; }
.rillet-df-actions button:hover { border-color: var(--rillet-primary); color: var(--rillet-primary); }
.rillet-dataframe:fullscreen { background: var(--rillet-bg); padding: 16px; }
.rillet-dataframe:fullscreen .rillet-df-scroll { max-height: none !important; flex: 1; }
`;

/**
 * Mount a dataframe into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, headers, datatype, interactive, ...)
 * @param {{emit(name: string, data?: any): void}} ctx
 * @returns {{get(): Object, set(value: any, edits?: Array): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("dataframe", CSS);
  return new Dataframe(el, props, ctx);
}

/**
 * How many rows `edits` add at the end of a table of `length` rows, when that is all they
 * do (one `add` of `data[length + k]` each, in order); otherwise null.
 * @param {Array|undefined} edits
 * @param {number} length
 * @returns {number|null}
 */
export function appendedCount(edits, length) {
  if (!Array.isArray(edits) || edits.length === 0) return null;
  let next = length;
  for (const [op, path] of edits) {
    if (op !== "add" || !Array.isArray(path) || path.length !== 2 || path[0] !== "data" || path[1] !== next) {
      return null;
    }
    next += 1;
  }
  return next - length;
}

/**
 * A table as CSV text (RFC 4180 quoting).
 * @param {Array<any>} headers
 * @param {Array<Array<any>>} rows
 * @returns {string}
 */
export function toCsv(headers, rows) {
  const field = (v) => {
    const text = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(field).join(",")).join("\n");
}

class Dataframe {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.md = null;
    /** @type {Map<number, HTMLTableRowElement>} rendered rows by data index */
    this.rendered = new Map();
    /** @type {Array<number>|null} data indices in display order (null: all, in order) */
    this.view = null;
    this.sort = null;
    this.query = "";
    this.queryColumn = -1;
    this.selected = null;
    this.rowH = 0;
    this.frozen = false;
    this.windowKey = "";
    this.csvUrl = null;
    /** rows appended since the last frame, drawn at the next one (all at once) */
    this.pendingRows = 0;
    this.frame = 0;
    /** the spacer's height a pending lengthening sets (see `lengthenLater`) */
    this.tailPx = null;
    this.tailTimer = 0;
    this.take(props.value);
    el.classList.add("rillet-dataframe");
    this.build();
    this.observer = new ResizeObserver(() => this.layout());
    this.observer.observe(this.scroller);
  }

  /** @returns {Object} the payload: headers, rows and metadata */
  get() {
    return { headers: this.headers, data: this.rows, metadata: this.meta };
  }

  /**
   * @param {any} value a payload
   * @param {Array} [edits] the edits that made it from the last one (streaming)
   */
  set(value, edits) {
    const added = appendedCount(edits, this.rows.length);
    const next = value || {};
    if (added !== null && Array.isArray(next.data) && next.data.length === this.rows.length + added
        && !next.metadata && !this.meta) {
      this.rows = next.data;
      this.pendingRows += added;
      // rows that land below the view need no frame: they are taken now, reading no layout
      if (!this.frame && this.belowView()) this.flushAppended();
      else this.frame ||= requestAnimationFrame(() => this.flushAppended());
      this.ctx.emit("change");
      return;
    }
    if (sameRows(next.data, this.rows) && sameList(next.headers, this.headers)
        && JSON.stringify(next.metadata ?? null) === JSON.stringify(this.meta)) return;
    this.take(value);
    this.reload();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    const { value, ...rest } = props;
    Object.assign(this.props, rest);
    applyCommon(this.el, rest);
    if (Object.keys(rest).some((k) => !["visible", "elem_id", "elem_classes"].includes(k))) {
      if ("value" in props) this.take(value);
      this.build();
      if ("value" in props) this.ctx.emit("change");
    } else if ("value" in props) {
      this.set(value);
    }
  }

  /** Keep a payload as the value. */
  take(value) {
    const v = value || {};
    this.headers = Array.isArray(v.headers) ? v.headers.slice() : (this.props.headers || []).slice();
    this.rows = Array.isArray(v.data) ? v.data : [];
    this.meta = v.metadata || null;
    this.dropCsv();
  }

  // -- building ------------------------------------------------------------------------

  /** (Re)build the whole component from its props. */
  build() {
    const p = this.props;
    this.el.replaceChildren();
    this.label = makeLabel(p, null);
    this.md = null;
    const top = h("div", { class: "rillet-df-top" }, [this.label.el]);
    if (p.show_search === "search" || p.show_search === "filter") top.append(this.searchBox());
    this.probing = true;
    this.bar = toolbar(p.buttons ?? null, {
      copy: () => (this.rows.length ? toCsv(this.headers, this.rows) : null),
      // asked on every update whether there is anything to download: say so without
      // making the CSV, which is made when the button is clicked
      download: () => (!this.rows.length ? null : this.probing ? "#" : this.downloadUrl()),
      downloadName: () => "dataframe.csv",
      fullscreen: () => this.el,
    });
    this.colgroup = h("colgroup");
    this.thead = h("thead");
    this.tbody = h("tbody");
    this.table = h("table", { class: "rillet-df-table", "data-testid": "dataframe-table" },
      [this.colgroup, this.thead, this.tbody]);
    this.table.classList.toggle("rillet-df-wrap", Boolean(p.wrap));
    const height = typeof p.max_height === "number" ? `${p.max_height}px` : p.max_height || "500px";
    this.scroller = h("div", { class: "rillet-df-scroll", tabindex: "0", style: `max-height: ${height}`,
      "data-testid": "dataframe" }, [this.table]);
    this.scroller.addEventListener("scroll", () => this.renderWindow(false), { passive: true });
    this.scroller.addEventListener("keydown", (e) => this.onKey(e));
    this.topSpacer = spacer();
    // below the table, not in it: growing it (rows appended out of view) leaves the
    // table's own layout as it was
    this.bottomSpacer = h("div", { class: "rillet-df-tail", "aria-hidden": "true" });
    this.scroller.append(this.bottomSpacer);
    this.actions = h("div", { class: "rillet-df-actions" });
    this.probing = false;
    this.el.append(top, this.bar.el, this.scroller, this.actions);
    applyCommon(this.el, p);
    if (this.observer) {
      this.observer.disconnect();
      this.observer.observe(this.scroller);
    }
    this.reload();
  }

  searchBox() {
    const box = h("div", { class: "rillet-df-search" });
    const input = h("input", { type: "search", placeholder: "Search...", "aria-label": "Search the table",
      "data-testid": "dataframe-search" });
    input.value = this.query;
    input.addEventListener("input", () => {
      this.query = input.value;
      this.refilter();
    });
    if (this.props.show_search === "filter") {
      const select = h("select", { "aria-label": "Column to search", "data-testid": "dataframe-filter-column" });
      select.append(h("option", { value: "-1", text: "All columns" }));
      this.headers.forEach((name, i) => select.append(h("option", { value: String(i), text: String(name) })));
      select.value = String(this.queryColumn);
      select.addEventListener("change", () => {
        this.queryColumn = Number(select.value);
        this.refilter();
      });
      box.append(select);
    }
    box.append(input);
    return box;
  }

  /** Redraw after a new value or new props: headers, the visible rows, the add buttons. */
  reload() {
    this.rendered.clear();
    this.shownRows = [];
    this.tbody.replaceChildren();
    this.selected = null;
    this.frozen = false;
    this.rowH = 0;
    this.table.classList.toggle("rillet-df-fixed", this.props.column_widths?.length > 0);
    this.table.style.width = "";
    this.drawHead();
    const span = String(Math.max(1, this.headers.length + (this.props.show_row_numbers ? 1 : 0)));
    this.topSpacer.firstElementChild.setAttribute("colspan", span);
    this.computeView();
    this.windowKey = "";
    this.renderWindow(true);
    this.drawActions();
    this.updateBar();
    this.layout();
  }

  drawHead() {
    const cols = [];
    const cells = [];
    const widths = this.props.column_widths || [];
    if (this.props.show_row_numbers) {
      cols.push(h("col"));
      cells.push(h("th", { class: "rillet-df-index", text: "" }));
    }
    this.headers.forEach((name, c) => {
      const col = h("col");
      if (widths[c]) col.style.width = widths[c];
      cols.push(col);
      const mark = h("span", { class: "rillet-df-sort", "aria-hidden": "true", text: "⇅" });
      const th = h("th", { scope: "col", title: String(name), "data-col": String(c) }, [String(name ?? ""), mark]);
      if (this.sort && this.sort.col === c) {
        th.setAttribute("aria-sort", this.sort.dir > 0 ? "ascending" : "descending");
        mark.textContent = this.sort.dir > 0 ? "▲" : "▼";
      }
      th.addEventListener("click", () => this.toggleSort(c));
      cells.push(th);
    });
    this.colgroup.replaceChildren(...cols);
    this.thead.replaceChildren(h("tr", {}, cells));
    this.pin(cells);
  }

  drawActions() {
    const p = this.props;
    this.actions.replaceChildren();
    if (!p.interactive) return;
    const rowMax = p.row_limits?.[1] ?? null;
    const colMax = p.column_limits?.[1] ?? null;
    const rowsFixed = p.row_count?.[1] === "fixed" || (rowMax !== null && this.rows.length >= rowMax);
    const colsFixed = p.column_count?.[1] === "fixed" || (p.static_columns || []).length > 0
      || (colMax !== null && this.headers.length >= colMax);
    if (!rowsFixed) {
      this.actions.append(h("button", { type: "button", text: "+ Add row", "data-testid": "dataframe-add-row",
        onclick: () => this.addRow() }));
    }
    if (!colsFixed) {
      this.actions.append(h("button", { type: "button", text: "+ Add column", "data-testid": "dataframe-add-column",
        onclick: () => this.addColumn() }));
    }
    this.actions.hidden = this.actions.childElementCount === 0;
  }

  // -- the rows in view ----------------------------------------------------------------

  /** Sorted and filtered data indices (null: every row, in order). */
  computeView() {
    const q = this.query.trim().toLowerCase();
    if (!q && !this.sort) {
      this.view = null;
      return;
    }
    let idx = this.rows.map((_, i) => i);
    if (q) {
      const col = this.queryColumn;
      idx = idx.filter((i) => {
        const row = this.rows[i];
        const cells = col >= 0 ? [row[col]] : row;
        return cells.some((v) => v !== null && v !== undefined && String(v).toLowerCase().includes(q));
      });
    }
    if (this.sort) {
      const { col, dir } = this.sort;
      idx.sort((a, b) => dir * compare(this.rows[a][col], this.rows[b][col]) || a - b);
    }
    this.view = idx;
  }

  get shownCount() {
    return this.view ? this.view.length : this.rows.length;
  }

  /** The data index shown at display position `pos`. */
  dataIndex(pos) {
    return this.view ? this.view[pos] : pos;
  }

  /** Read where the table is scrolled and how tall its view and header are. */
  readGeometry() {
    this.scrollY = this.scroller.scrollTop;
    this.viewH = this.scroller.clientHeight;
    this.headH = this.thead.offsetHeight;
  }

  /**
   * Put the rows in view (all of them for a small table) between the two spacers,
   * reusing rendered rows.
   * @param {boolean} force redraw even when the same rows are in view
   * @param {boolean} [fresh] read the geometry first; false: use the last read (rows
   *   appended: reading it would make the browser lay the page out before its frame)
   * @param {boolean} [lazyTail] rows appended below the view: when the rows in view stay
   *   as they are, the scroll area is lengthened a little later, for all the appends of
   *   that while at once (nothing in view changes, so the page draws no frame per append)
   */
  renderWindow(force, fresh = true, lazyTail = false) {
    const n = this.shownCount;
    let start = 0;
    let end = n;
    const rowH = this.rowH || ROW_GUESS;
    if (n > VIRTUAL_AFTER) {
      if (fresh || this.viewH === undefined) this.readGeometry();
      const offset = this.scrollY - this.headH;
      const visible = Math.ceil((this.viewH || 500) / rowH);
      start = Math.max(0, Math.min(n - visible, Math.floor(offset / rowH)) - OVERSCAN);
      end = Math.min(n, start + visible + 2 * OVERSCAN);
    }
    const key = `${start}:${end}:${n}`;
    if (!force && key === this.windowKey) return;
    const same = !force && this.windowKey.startsWith(`${start}:${end}:`);
    this.windowKey = key;
    if (lazyTail && same) {
      this.lengthenLater((n - end) * rowH);
      return;
    }
    const keep = new Map();
    const rows = [];
    for (let pos = start; pos < end; pos += 1) {
      const i = this.dataIndex(pos);
      const tr = this.rendered.get(i) || this.renderRow(i);
      if (this.props.show_row_numbers) this.numberRow(tr, pos);
      keep.set(i, tr);
      rows.push(tr);
    }
    this.rendered = keep;
    setHeight(this.topSpacer, start * rowH);
    this.lengthenLater(null);
    setHeight(this.bottomSpacer, (n - end) * rowH);
    this.placeRows(rows);
  }

  /**
   * Set the spacer below the rows to `px` after TAIL_DELAY (the last value asked for wins),
   * or (null) drop such a pending change.
   * @param {number|null} px
   */
  lengthenLater(px) {
    this.tailPx = px;
    if (px === null) {
      clearTimeout(this.tailTimer);
      this.tailTimer = 0;
      return;
    }
    this.tailTimer ||= setTimeout(() => {
      this.tailTimer = 0;
      if (this.tailPx !== null) setHeight(this.bottomSpacer, this.tailPx);
    }, TAIL_DELAY);
  }

  /**
   * Put `rows` after the top spacer, touching the DOM only where it differs: rows already
   * in place stay, rows added after them are appended.
   * @param {Array<HTMLTableRowElement>} rows
   */
  placeRows(rows) {
    const shown = this.shownRows || [];
    const kept = shown.length <= rows.length && shown.every((tr, k) => tr === rows[k])
      && this.tbody.firstChild === this.topSpacer;
    if (kept) {
      if (rows.length > shown.length) this.tbody.append(...rows.slice(shown.length));
    } else {
      this.tbody.replaceChildren(this.topSpacer, ...rows);
    }
    this.shownRows = rows;
  }

  /**
   * Whether the rows appended (`pendingRows`) land below the rows in view of a large table
   * that is neither sorted nor searched and does not follow its end, by the geometry last
   * read: taking them changes nothing in view (the scroll area lengthens later).
   * @returns {boolean}
   */
  belowView() {
    const before = this.shownCount - this.pendingRows;
    if (this.view || before <= VIRTUAL_AFTER || this.viewH === undefined) return false;
    const end = this.headH + before * (this.rowH || ROW_GUESS);
    return !(this.scrollY > 0 && this.scrollY + this.viewH >= end - 2);
  }

  flushAppended() {
    this.frame = 0;
    const count = this.pendingRows;
    this.pendingRows = 0;
    if (count > 0) this.appended(count);
  }

  /**
   * New rows at the end of the data: draw them only if they come into view. A large table
   * that is not sorted or searched reads no layout here (its scroll position and sizes are
   * those last read), so the browser lays it out once, in its frame.
   * @param {number} count rows added
   */
  appended(count) {
    this.dropCsv();
    const el = this.scroller;
    const before = this.shownCount - count;
    const estimated = !this.view && before > VIRTUAL_AFTER && this.viewH !== undefined;
    const following = estimated
      ? this.scrollY > 0 && this.scrollY + this.viewH >= this.headH + before * (this.rowH || ROW_GUESS) - 2
      : el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
    if (this.view) {
      this.computeView();
      this.renderWindow(true);
    } else {
      const n = this.rows.length;
      const wasAll = n - count <= VIRTUAL_AFTER && n > VIRTUAL_AFTER;
      if (wasAll) this.measure();
      this.renderWindow(false, !estimated, estimated && !following);
    }
    this.drawActions();
    this.updateBar();
    if (following) el.scrollTop = el.scrollHeight; // at the end before: stay at the end
  }

  numberRow(tr, pos) {
    tr.firstElementChild.textContent = String(pos + 1);
  }

  /** @param {number} i data index */
  renderRow(i) {
    const tr = h("tr", { class: "rillet-df-row", "data-row": String(i) });
    const cells = [];
    if (this.props.show_row_numbers) cells.push(h("td", { class: "rillet-df-index" }));
    const row = this.rows[i] || [];
    for (let c = 0; c < this.headers.length; c += 1) cells.push(this.renderCell(i, c, row[c]));
    tr.append(...cells);
    this.pin(cells);
    return tr;
  }

  datatype(c) {
    const d = this.props.datatype;
    return (Array.isArray(d) ? d[c] : d) || "str";
  }

  editable(c) {
    return Boolean(this.props.interactive) && !(this.props.static_columns || []).includes(c);
  }

  /** One cell, drawn after its column's datatype. */
  renderCell(i, c, value) {
    const kind = this.datatype(c);
    const td = h("td", { "data-col": String(c) });
    td.addEventListener("click", () => this.select(i, c));
    if (this.editable(c) && kind !== "bool") td.addEventListener("dblclick", () => this.edit(i, c));
    const style = this.meta?.styling?.[i]?.[c];
    if (style) {
      td.style.cssText = style;
      if (td.style.backgroundColor && !td.style.color) td.style.color = readableOn(td.style.backgroundColor);
    }
    const shown = this.meta?.display_value?.[i]?.[c] ?? value;
    this.fillCell(td, kind, shown, i, c);
    return td;
  }

  fillCell(td, kind, shown, i, c) {
    if (kind === "bool") {
      const box = h("input", { type: "checkbox", "aria-label": String(this.headers[c] ?? "") });
      box.checked = shown === true || shown === "true" || shown === "True";
      box.disabled = !this.editable(c);
      box.addEventListener("change", () => this.commit(i, c, box.checked));
      td.replaceChildren(box);
      return;
    }
    if (shown === null || shown === undefined) {
      td.replaceChildren();
      return;
    }
    if (kind === "number") td.classList.add("rillet-df-num");
    if (kind === "markdown") {
      this.md ||= makeMarkdown({ lineBreaks: this.props.line_breaks !== false });
      td.innerHTML = this.md.render(String(shown));
    } else if (kind === "html") {
      td.innerHTML = String(shown); // the app's own markup, as gr.HTML shows it
    } else if (kind === "image" && typeof shown === "string" && shown) {
      td.replaceChildren(h("img", { src: shown, alt: "", loading: "lazy" }));
    } else {
      const text = String(shown);
      const max = this.props.max_chars;
      const cut = max && text.length > max ? `${text.slice(0, max)}…` : text;
      td.textContent = cut;
      if (cut !== text || !this.props.wrap) td.title = text;
    }
  }

  /** Make the first `pinned_columns` cells of a row stick to the left edge. */
  pin(cells) {
    const count = this.props.pinned_columns || 0;
    if (!count || !this.pinLeft) return;
    const first = this.props.show_row_numbers ? 1 : 0;
    const last = Math.min(cells.length, first + count);
    for (let k = 0; k < last; k += 1) {
      cells[k].classList.add("rillet-df-pinned");
      cells[k].style.left = `${this.pinLeft[k] || 0}px`;
    }
    if (last > 0) cells[last - 1].classList.add("rillet-df-pin-edge");
  }

  /** Measure once laid out: row height, and (for a large table) fixed column widths. */
  layout() {
    if (!this.scroller.isConnected || this.scroller.clientWidth === 0) return;
    if (!this.frozen) this.measure();
    this.renderWindow(false);
  }

  measure() {
    const first = this.tbody.querySelector("tr.rillet-df-row");
    if (!first) return;
    const heads = [...this.thead.querySelectorAll("th")];
    const widths = heads.map((th) => th.getBoundingClientRect().width);
    this.pinLeft = widths.map((_, k) => widths.slice(0, k).reduce((a, b) => a + b, 0));
    if (this.props.pinned_columns) {
      this.pin(heads);
      for (const tr of this.rendered.values()) this.pin([...tr.children]);
    }
    const rows = [...this.rendered.values()].slice(0, 50);
    const total = rows.reduce((sum, tr) => sum + tr.getBoundingClientRect().height, 0);
    this.rowH = rows.length ? total / rows.length : ROW_GUESS;
    if (this.rows.length > VIRTUAL_AFTER && !this.props.column_widths?.length) {
      // Rows come and go while scrolling: keep the columns as wide as they first were.
      [...this.colgroup.children].forEach((col, k) => {
        /** @type {HTMLElement} */ (col).style.width = `${widths[k]}px`;
      });
      this.table.style.width = `${widths.reduce((a, b) => a + b, 0)}px`;
      this.table.classList.add("rillet-df-fixed");
    }
    this.frozen = true;
    this.windowKey = "";
  }

  // -- sorting and searching -----------------------------------------------------------

  toggleSort(c) {
    if (!this.sort || this.sort.col !== c) this.sort = { col: c, dir: 1 };
    else if (this.sort.dir > 0) this.sort = { col: c, dir: -1 };
    else this.sort = null;
    this.drawHead();
    this.computeView();
    this.scroller.scrollTop = 0;
    this.renderWindow(true);
  }

  refilter() {
    this.computeView();
    this.scroller.scrollTop = 0;
    this.renderWindow(true);
  }

  // -- selecting and editing -----------------------------------------------------------

  select(i, c) {
    this.markSelected(i, c);
    const row = this.rows[i] || [];
    this.ctx.emit("select", {
      index: [i, c],
      value: row[c],
      row_value: row,
      col_value: this.rows.map((r) => r[c]),
      selected: true,
    });
  }

  markSelected(i, c) {
    this.tbody.querySelector("td.rillet-df-selected")?.classList.remove("rillet-df-selected");
    this.selected = [i, c];
    this.cellAt(i, c)?.classList.add("rillet-df-selected");
  }

  /** @returns {HTMLTableCellElement|null} */
  cellAt(i, c) {
    const tr = this.rendered.get(i);
    return tr ? tr.querySelector(`td[data-col="${c}"]`) : null;
  }

  onKey(e) {
    if (!this.selected || e.target !== this.scroller) return;
    const [i, c] = this.selected;
    const typing = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
    if ((e.key === "Enter" || typing) && this.editable(c) && this.datatype(c) !== "bool") {
      e.preventDefault();
      this.edit(i, c, typing ? e.key : null);
      return;
    }
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const pos = this.view ? this.view.indexOf(i) : i;
    const nextPos = Math.max(0, Math.min(this.shownCount - 1, pos + move[0]));
    const nextCol = Math.max(0, Math.min(this.headers.length - 1, c + move[1]));
    const next = this.dataIndex(nextPos);
    const rowH = this.rowH || ROW_GUESS;
    const top = nextPos * rowH;
    const head = this.thead.offsetHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + rowH + head > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + rowH + head - this.scroller.clientHeight;
    }
    this.renderWindow(false);
    this.select(next, nextCol);
  }

  /**
   * Edit a cell in place: Enter or leaving keeps the text, Escape drops it.
   * @param {number} i data index
   * @param {number} c column
   * @param {string|null} [typed] a key typed on the selected cell: the text starts with it
   */
  edit(i, c, typed = null) {
    const td = this.cellAt(i, c);
    if (!td || td.querySelector(".rillet-df-editor")) return;
    const before = this.rows[i]?.[c];
    const input = h("input", { class: "rillet-df-editor", "aria-label": String(this.headers[c] ?? ""),
      "data-testid": "dataframe-editor" });
    input.value = before === null || before === undefined ? "" : String(before);
    td.replaceChildren(input);
    input.focus();
    if (typed === null) input.select();
    else input.value = typed;
    let done = false;
    const finish = (keep) => {
      if (done) return;
      done = true;
      if (keep) this.commit(i, c, coerce(input.value, this.datatype(c), before));
      this.redrawCell(i, c);
      this.scroller.focus({ preventScroll: true });
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") finish(true);
      else if (e.key === "Escape") finish(false);
      e.stopPropagation();
    });
    input.addEventListener("blur", () => finish(true));
  }

  redrawCell(i, c) {
    const td = this.cellAt(i, c);
    if (!td) return;
    td.replaceChildren();
    this.fillCell(td, this.datatype(c), this.rows[i]?.[c], i, c);
  }

  /** Keep an edited cell: the value is copied (a payload handed out is never changed). */
  commit(i, c, value) {
    const previous = this.rows[i]?.[c];
    if (previous === value) return;
    this.rows = this.rows.slice();
    this.rows[i] = this.rows[i].slice();
    this.rows[i][c] = value;
    if (this.meta) this.meta = null;
    this.dropCsv();
    this.ctx.emit("edit", { index: [i, c], value, previous_value: previous });
    this.changed();
  }

  addRow() {
    this.rows = [...this.rows, this.headers.map(() => "")];
    this.computeView();
    this.renderWindow(true);
    this.drawActions();
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.changed();
  }

  addColumn() {
    this.headers = [...this.headers, String(this.headers.length + 1)];
    this.rows = this.rows.map((row) => [...row, ""]);
    this.reload();
    this.changed();
  }

  changed() {
    this.dropCsv();
    this.updateBar();
    this.ctx.emit("input");
    this.ctx.emit("change");
  }

  // -- export --------------------------------------------------------------------------

  /** Show or hide the corner buttons (nothing to copy or download in an empty table). */
  updateBar() {
    this.probing = true;
    try {
      this.bar.update();
    } finally {
      this.probing = false;
    }
  }

  downloadUrl() {
    this.csvUrl ||= URL.createObjectURL(new Blob([toCsv(this.headers, this.rows)], { type: "text/csv" }));
    return this.csvUrl;
  }

  dropCsv() {
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = null;
  }
}

/** @type {CanvasRenderingContext2D|null} */
let colourParser = null;

/**
 * A colour (any CSS colour) as [r, g, b], or null.
 * @param {string} colour
 * @returns {Array<number>|null}
 */
function rgbOf(colour) {
  colourParser ||= document.createElement("canvas").getContext("2d");
  if (!colourParser) return null;
  colourParser.fillStyle = "#000";
  colourParser.fillStyle = colour.trim();
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(colourParser.fillStyle));
  return hex ? hex.slice(1).map((x) => parseInt(x, 16)) : null;
}

/** @param {Array<number>} rgb */
function lightness(rgb) {
  return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
}

/**
 * The page's text or background colour, whichever reads better on a styled cell's
 * `background` (a Styler's light green stays readable in the dark theme).
 * @param {string} background
 * @returns {string}
 */
function readableOn(background) {
  const bg = rgbOf(background);
  const page = getComputedStyle(document.documentElement);
  const text = rgbOf(page.getPropertyValue("--rillet-text") || "#000");
  const base = rgbOf(page.getPropertyValue("--rillet-bg") || "#fff");
  if (!bg || !text || !base) return "";
  const lightCell = lightness(bg) > 0.5;
  const textIsDarker = lightness(text) < lightness(base);
  return lightCell === textIsDarker ? "var(--rillet-text)" : "var(--rillet-bg)";
}

/**
 * @param {HTMLElement} el
 * @param {number} px
 */
function setHeight(el, px) {
  const value = `${px}px`;
  if (el.style.height !== value) el.style.height = value;
}

function spacer() {
  return h("tr", { class: "rillet-df-spacer", "aria-hidden": "true" }, [h("td", { colspan: "1000" })]);
}

function sameList(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, k) => v === b[k]);
}

/** Whether two tables hold the same cells (cheap: no serialising). */
function sameRows(a, b) {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((row, i) => row === b[i] || sameList(row, b[i]));
}

/** Numbers in order, then text (natural order), then empty cells. */
function compare(a, b) {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  const numA = typeof a === "number" ? a : Number(a);
  const numB = typeof b === "number" ? b : Number(b);
  if (!Number.isNaN(numA) && !Number.isNaN(numB)) return numA - numB;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** An edited cell's text as its column's kind of value (a number column keeps numbers). */
function coerce(text, kind, before) {
  if (kind === "bool") return text === "true" || text === "True";
  if (kind === "number" || typeof before === "number") {
    const n = Number(text);
    if (text.trim() !== "" && !Number.isNaN(n)) return n;
  }
  return text;
}
