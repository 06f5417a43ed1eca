/**
 * Per-output run status: while an event runs, each of its outputs shows where it is
 * (queue position, elapsed time, progress bar) and, in "full" mode, a pulsing border.
 *
 * The status box is one `<div class="rillet-status">` inside the component's root element
 * (which is `position: relative`): a thin bar along the card's top edge and one line of
 * text at its top right, so it never covers the value nor is clipped. The root gets the classes `rillet-pending` (waiting for the first value) and
 * `rillet-generating` (values are streaming in).
 */

import { h } from "rillet/block.js";

const views = new WeakMap();
const ticking = new Set();
let ticker = null;

/**
 * The status view of a component root element (one per element, made on first use).
 * @param {HTMLElement} el
 * @returns {StatusView}
 */
export function statusFor(el) {
  let view = views.get(el);
  if (!view) {
    view = new StatusView(el);
    views.set(el, view);
  }
  return view;
}

/** The status shown on one component. Several runs may target it at once: each keeps
 * its own state, and the view shows the one that began last and is still running. */
export class StatusView {
  /** @param {HTMLElement} el component root */
  constructor(el) {
    this.el = el;
    this.runs = new Map(); // owner -> {mode, started, eta, queue, progress, generating}
    this.box = null;
  }

  /**
   * Start showing the status of a run.
   * @param {Object} owner the run (its later calls are matched by identity)
   * @param {"full"|"minimal"} mode
   */
  begin(owner, mode) {
    this.runs.delete(owner);
    this.runs.set(owner, { mode, started: performance.now(), eta: null, queue: "", progress: null,
      generating: false });
    this.ensureBox();
    ticking.add(this);
    startTicker();
    this.render();
  }

  /** Queue position from an `estimation` message. */
  queued(owner, { rank, queue_size: size, rank_eta: eta }) {
    this.change(owner, (run) => {
      run.queue = rank === null || rank === undefined ? "queued" : `queued ${rank + 1}/${size}`;
      run.eta = typeof eta === "number" ? eta : null;
    });
  }

  /** The worker picked the event up (`process_starts`). */
  running(owner, eta) {
    this.change(owner, (run) => {
      run.queue = "";
      run.started = performance.now();
      run.eta = typeof eta === "number" ? eta : null;
    });
  }

  /** A value arrived while the run goes on. */
  generating(owner) {
    const run = this.runs.get(owner);
    if (run && !run.generating) this.change(owner, (r) => { r.generating = true; });
  }

  /** `progress` message data: [{index, length, unit, progress, desc}]. */
  progress(owner, data) {
    const item = (data || []).find((p) => p && (p.progress !== null || p.length)) || null;
    this.change(owner, (run) => { run.progress = item; });
  }

  /** The run ended: drop what it showed (an older run still going shows again). */
  end(owner) {
    if (!this.runs.delete(owner)) return;
    if (this.runs.size === 0) ticking.delete(this);
    this.render();
  }

  change(owner, fn) {
    const run = this.runs.get(owner);
    if (!run) return;
    fn(run);
    if (run === this.current()) this.render();
  }

  current() {
    let last = null;
    for (const run of this.runs.values()) last = run;
    return last;
  }

  ensureBox() {
    if (this.box) return;
    this.timeText = document.createTextNode("");
    this.bar = h("div", { class: "rillet-progress-fill" });
    this.desc = h("span", { class: "rillet-progress-desc" });
    this.track = h("div", { class: "rillet-progress", role: "progressbar" }, [this.bar]);
    const line = h("div", { class: "rillet-status-line" },
      [this.desc, h("span", { class: "rillet-status-time" }, [this.timeText])]);
    this.box = h("div", { class: "rillet-status", "aria-live": "off" }, [this.track, line]);
    this.el.append(this.box);
  }

  render() {
    const run = this.current();
    const full = Boolean(run) && run.mode === "full";
    this.el.classList.toggle("rillet-pending", full && !run.generating);
    this.el.classList.toggle("rillet-generating", full && run.generating);
    if (!this.box) return;
    this.box.hidden = !run;
    if (!run) return;
    this.setProgress(run.progress);
    this.tick();
  }

  setProgress(item) {
    this.track.hidden = !item;
    this.desc.hidden = !item;
    if (!item) return;
    const frac = Math.max(0, Math.min(1, item.progress ?? (item.length ? item.index / item.length : 0)));
    this.bar.style.width = `${frac * 100}%`;
    this.track.setAttribute("aria-valuenow", String(Math.round(frac * 100)));
    const count = item.length ? `${item.index}/${item.length}${item.unit ? ` ${item.unit}` : ""}` : "";
    const pct = !item.length && item.progress !== null && item.progress !== undefined ? `${Math.round(frac * 100)}%` : "";
    const text = [item.desc, count || pct].filter(Boolean).join(" ");
    this.desc.textContent = text;
    this.desc.title = text;
  }

  tick() {
    const run = this.current();
    if (!run || !this.box) return;
    const secs = (performance.now() - run.started) / 1000;
    const time = run.eta ? `${secs.toFixed(1)}/${run.eta.toFixed(1)}s` : `${secs.toFixed(1)}s`;
    const text = run.queue ? `${run.queue} | ${time}` : time;
    if (this.timeText.data !== text) this.timeText.data = text;
  }
}

function startTicker() {
  if (ticker) return;
  ticker = setInterval(() => {
    for (const view of ticking) view.tick();
    if (ticking.size === 0) {
      clearInterval(ticker);
      ticker = null;
    }
  }, 100);
}
