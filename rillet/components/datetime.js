/**
 * DateTime. Payload: text, "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD" when `include_time` is
 * false), "now" or "now - <n><d|h|m|s>"; null when empty. Type it (Enter or leaving the box
 * takes it; Enter also emits "submit") or pick it with the calendar button (the browser's
 * date picker). A new value emits "change"; text that is not a date is marked and not taken.
 */

import { addStyles, applyCommon, h, makeInfo, makeLabel, uid } from "rillet/block.js";

const CSS = `
.rillet-datetime-row { position: relative; display: flex; align-items: stretch; gap: 6px; }
.rillet-datetime-row .rillet-input { flex: 1 1 auto; min-width: 0; }
.rillet-datetime-row .rillet-input.rillet-invalid { border-color: var(--rillet-stop, red);
  outline-color: var(--rillet-stop, red); }
.rillet-datetime-open { flex: none; display: inline-flex; align-items: center; justify-content: center;
  width: 38px; padding: 0; cursor: pointer; color: var(--rillet-muted); background: var(--rillet-bg);
  border: 1px solid var(--rillet-input-border); border-radius: var(--rillet-radius, 6px); }
.rillet-datetime-open:hover { color: var(--rillet-text); border-color: var(--rillet-primary); }
.rillet-datetime-open svg { width: 18px; height: 18px; }
.rillet-datetime-picker { position: absolute; right: 0; bottom: 0; width: 38px; height: 1px; opacity: 0;
  pointer-events: none; border: 0; padding: 0; }
`;

const SVG = "http://www.w3.org/2000/svg";

/**
 * Mount a date (and time) box into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, include_time, label, interactive, ...)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): string|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("datetime", CSS);
  return new DateTimeBox(el, props, ctx);
}

class DateTimeBox {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { include_time: true, ...props };
    const id = uid("datetime");
    this.label = makeLabel(this.props, id);
    this.info = makeInfo(this.props);
    this.input = h("input", { id, type: "text", class: "rillet-input", spellcheck: "false",
      autocomplete: "off", "data-testid": "datetime-input" });
    this.input.addEventListener("input", () => this.mark());
    this.input.addEventListener("blur", () => this.commit());
    this.input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      this.commit();
      this.ctx.emit("submit");
    });
    this.picker = h("input", { class: "rillet-datetime-picker", tabindex: "-1", "aria-hidden": "true" });
    this.picker.addEventListener("change", () => this.onPicked());
    this.open = h("button", { type: "button", class: "rillet-datetime-open", title: "Pick a date",
      "aria-label": "Pick a date", "data-testid": "datetime-open" }, [calendarIcon()]);
    this.open.addEventListener("click", () => this.showPicker());
    el.classList.add("rillet-datetime");
    el.append(this.label.el, this.info.el,
      h("div", { class: "rillet-datetime-row" }, [this.input, this.open, this.picker]));
    this.value = text(props.value);
    this.input.value = this.value ?? "";
    this.apply(this.props);
  }

  /** @returns {string|null} */
  get() {
    return this.value;
  }

  /** @param {any} value */
  set(value) {
    const next = text(value);
    if (next === this.value) return;
    this.value = next;
    this.input.value = next ?? "";
    this.mark();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    this.apply(props);
    if ("value" in props) this.set(props.value);
  }

  apply(props) {
    applyCommon(this.el, props);
    this.label.update(props);
    this.info.update(props);
    if ("include_time" in props) {
      const withTime = this.props.include_time !== false;
      this.input.placeholder = withTime ? "YYYY-MM-DD HH:MM:SS" : "YYYY-MM-DD";
      this.picker.type = withTime ? "datetime-local" : "date";
      if (withTime) this.picker.step = "1";
      this.mark();
    }
    if ("interactive" in props) {
      this.input.readOnly = props.interactive === false;
      this.open.hidden = props.interactive === false;
    }
  }

  /** Mark the box when its text is not a date this component takes. */
  mark() {
    this.input.classList.toggle("rillet-invalid", !isValid(this.input.value, this.props.include_time !== false));
  }

  /** Take the typed text as the value when it is valid and new. */
  commit() {
    const typed = this.input.value;
    if (!isValid(typed, this.props.include_time !== false)) return;
    const next = text(typed);
    if (next === this.value) return;
    this.value = next;
    this.ctx.emit("change");
  }

  showPicker() {
    this.picker.value = pickerValue(this.value, this.props.include_time !== false);
    try {
      this.picker.showPicker();
    } catch {
      this.input.focus(); // no picker here: typing still works
    }
  }

  onPicked() {
    const picked = this.picker.value; // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]"
    if (!picked) return;
    const withTime = this.props.include_time !== false;
    let out = picked.slice(0, 10);
    if (withTime) {
      const time = picked.slice(11);
      out += ` ${time.length === 5 ? `${time}:00` : time.slice(0, 8)}`;
    }
    this.input.value = out;
    this.mark();
    this.commit();
  }
}

/** A payload as the shown text; null for none or empty. */
function text(value) {
  if (value === null || value === undefined) return null;
  const s = String(value);
  return s.trim() === "" ? null : s;
}

/**
 * Whether `value` is a date this component takes (empty counts: it clears).
 * @param {string} value
 * @param {boolean} withTime
 * @returns {boolean}
 */
function isValid(value, withTime) {
  if (value === null || value === undefined || value.trim() === "") return true;
  const exact = withTime ? /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ : /^\d{4}-\d{2}-\d{2}$/;
  return exact.test(value) || /^\s*now\s*(?:-\s*\d+\s*[dhms])?\s*$/.test(value);
}

/** The picker's starting value: the shown date when it is one, else now (local time). */
function pickerValue(value, withTime) {
  const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}))?$/.exec(value ?? "");
  if (m) return withTime ? `${m[1]}T${m[2] ?? "00:00:00"}` : m[1];
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return withTime ? `${day}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` : day;
}

/** A small calendar icon (inline SVG: the page's CSP allows no inline images by URL). */
function calendarIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("aria-hidden", "true");
  /** @type {Array<[string, Object<string, string>]>} */
  const parts = [
    ["rect", { x: "3", y: "5", width: "18", height: "16", rx: "2" }],
    ["path", { d: "M3 10h18M8 3v4M16 3v4" }],
  ];
  for (const [tag, attrs] of parts) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    svg.append(node);
  }
  return svg;
}
