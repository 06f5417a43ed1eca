/**
 * Timer: nothing to see. While `active`, it emits "tick" every `value` seconds (only
 * while the page is shown, as Gradio does). A new value (the interval) or `active`
 * restarts or stops it at once; a new value also emits "change".
 * Payload: the interval in seconds.
 */

/**
 * Mount a timer into `el` (which it hides).
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value: seconds between ticks, active)
 * @param {{emit(name: string, data?: any): void}} ctx
 * @returns {{get(): number|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new Timer(el, props, ctx);
}

class Timer {
  constructor(el, props, ctx) {
    this.ctx = ctx;
    this.value = seconds(props.value);
    this.active = props.active !== false;
    /** @type {number|null} */
    this.handle = null;
    el.hidden = true;
    el.classList.add("rillet-timer");
    el.dataset.testid = "timer";
    this.el = el;
    this.restart();
  }

  /** @returns {number|null} */
  get() {
    return this.value;
  }

  /** @param {any} value seconds between ticks */
  set(value) {
    const next = seconds(value);
    if (next === this.value) return;
    this.value = next;
    this.restart();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update (value, active) */
  setProps(props) {
    if ("active" in props) this.active = props.active !== false;
    if ("value" in props) this.set(props.value); // restarts when the interval changes
    if ("active" in props) this.restart();
  }

  /** Stop the running interval and start a new one when active with a positive value. */
  restart() {
    if (this.handle !== null) window.clearInterval(this.handle);
    this.handle = null;
    this.el.dataset.active = String(this.active);
    this.el.dataset.interval = String(this.value);
    if (!this.active || this.value === null || !(this.value > 0)) return;
    this.handle = window.setInterval(() => {
      if (document.visibilityState === "visible") this.ctx.emit("tick");
    }, this.value * 1000);
  }
}

/** The interval as a number of seconds, or null. */
function seconds(value) {
  if (value === null || value === undefined || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
