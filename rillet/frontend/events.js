/**
 * The dependency engine: which component events run which dependencies, and what the
 * page shows while they run.
 *
 * - A component's `ctx.emit(name)` fires every dependency with target [id, name].
 * - Backend dependencies run through the queue (`Run`): inputs' `get()`, join, status
 *   on the outputs, each streamed value `set()` at once, final values or an error toast.
 * - Frontend-only ones (`backend_fn: false`) do their `frontend` action (`clear`).
 * - `cancels` stops the running events of those dependencies; `trigger_after` chains
 *   (`.then` / `.success`); `frontend.running_swap` swaps two components while running.
 * - `document.body.dataset.rilletRunning` is the number of runs in flight.
 * - Outputs whose api has `runStarted()` / `runEnded(result)` hear when a run that
 *   targets them starts and ends (a streamed audio output uses them).
 * - Live inputs (`connection: "stream"`): the first "stream" event of a component joins
 *   the queue with its first chunk; later ones go to that running event
 *   (`POST /stream/{id}`). `streamReady(id)` is false while a chunk waits for its result,
 *   so a webcam sends its next frame when the last one has been answered and a slow
 *   function is never flooded. "close_stream" ends the event; when it ends by itself
 *   (time limit) the input's `streamEnded(result)` is called.
 * - `frontend.cancel_stale` (live Interfaces): a new trigger cancels the runs in progress,
 *   so only the newest input's result shows.
 */

import { translator } from "rillet/i18n.js";
import { applyRender } from "rillet/render.js";
import { statusFor } from "rillet/status.js";
import { showToast } from "rillet/toast.js";

const NO_DETAILS = "An error occurred; see the server log.";
const LAST_WINS = new Set(["change", "key_up", "input", "release"]);

/** Runs the app's dependencies. */
export class Engine {
  /**
   * @param {Object} config the /config JSON
   * @param {import("rillet/client.js").Client} client
   */
  constructor(config, client) {
    this.client = client;
    /** @type {((value: any) => any) | null} gr.I18n: translates the values outputs get */
    this.translate = config.i18n_translations ? translator(config.i18n_translations) : null;
    this.registry = new Map();
    this.ready = false;
    this.deps = (config.dependencies || []).map((dep, i) => ({ ...dep, fnIndex: dep.id ?? i }));
    this.byTrigger = new Map();  // "id:event" -> [dep]
    this.followers = new Map();  // fnIndex -> [dep] with trigger_after = fnIndex
    for (const dep of this.deps) this.index(dep);
    this.runs = new Map();       // fnIndex -> Set<Run>
    this.lastWanted = new Map(); // fnIndex -> trigger waiting for the current run to end
    this.running = 0;
    /** @type {Map<number, Promise<Function>>} the listeners' `js` functions, by fnIndex */
    this.jsFns = new Map();
    client.onLog = showLog;
  }

  index(dep) {
    if (dep.trigger_after !== null && dep.trigger_after !== undefined) {
      listPush(this.followers, dep.trigger_after, dep);
      return;
    }
    for (const [id, name] of dep.targets || []) listPush(this.byTrigger, `${id}:${name}`, dep);
  }

  /**
   * Start handling events of the mounted components.
   * @param {Map<number, Object>} registry from buildLayout
   */
  attach(registry) {
    this.registry = registry;
    this.ready = true;
    setRunning(0);
  }

  /**
   * A component event: run every dependency it triggers.
   * @param {number} id component id
   * @param {string} name event name ("click", "change", "submit", ...)
   * @param {any} [data] event data (Gradio's SelectData etc.)
   */
  dispatch(id, name, data = null) {
    if (!this.ready) return;
    if (name === "close_stream") {
      for (const run of this.liveRuns(id)) run.closeStream();
      return;
    }
    for (const dep of this.byTrigger.get(`${id}:${name}`) || []) {
      this.trigger(dep, { triggerId: id, eventName: name, eventData: data });
    }
  }

  // --- @gr.render (rillet/frontend/render.js) ---
  /**
   * A render block was redrawn: drop the events its previous run made, add `deps` (the
   * new run's), and run those of them that have a `load` target.
   * @param {number} renderId
   * @param {Object[]} deps the render_config's dependencies
   */
  replaceRendered(renderId, deps) {
    const fresh = deps.map((dep) => ({ ...dep, fnIndex: dep.id }));
    this.deps = this.deps.filter((dep) => dep.rendered_in !== renderId).concat(fresh);
    this.byTrigger = new Map();
    this.followers = new Map();
    for (const dep of this.deps) this.index(dep);
    for (const dep of fresh) {
      const onLoad = (dep.targets || []).some(([, name]) => name === "load");
      if (onLoad && (dep.trigger_after === null || dep.trigger_after === undefined)) {
        this.trigger(dep, { triggerId: null, eventName: "load", eventData: null });
      }
    }
  }
  // --- end @gr.render ---

  /** Run the dependencies that have a `load` target. */
  fireLoad() {
    const onUnload = this.deps.some((dep) => (dep.targets || []).some(([, name]) => name === "unload"));
    if (onUnload) this.client.keepAlive();
    for (const dep of this.deps) {
      const onLoad = (dep.targets || []).some(([, name]) => name === "load");
      if (onLoad && (dep.trigger_after === null || dep.trigger_after === undefined)) {
        this.trigger(dep, { triggerId: null, eventName: "load", eventData: null });
      }
    }
  }

  trigger(dep, trig) {
    if (dep.cancels && dep.cancels.length) this.cancelFns(dep.cancels);
    if (dep.backend_fn === false) {
      this.runFrontend(dep, trig);
      return;
    }
    const active = this.runs.get(dep.fnIndex);
    if (dep.connection === "stream") {
      const live = [...(active || [])].find((run) => run.trig.triggerId === trig.triggerId);
      if (live) {
        live.sendChunk();
        return;
      }
    } else if (active && active.size && dep.frontend && dep.frontend.cancel_stale) {
      for (const run of [...active]) run.cancel();
    } else if (active && active.size) {
      const mode = dep.trigger_mode || (LAST_WINS.has(trig.eventName) ? "always_last" : "once");
      if (mode === "once") return;
      if (mode === "always_last") {
        this.lastWanted.set(dep.fnIndex, trig);
        return;
      }
    }
    new Run(this, dep, trig).start();
  }

  /** The running live events fed by component `id`. */
  liveRuns(id) {
    const runs = [];
    for (const dep of this.byTrigger.get(`${id}:stream`) || []) {
      for (const run of this.runs.get(dep.fnIndex) || []) if (run.trig.triggerId === id) runs.push(run);
    }
    return runs;
  }

  /**
   * Whether component `id` may send its next chunk: no chunk of its live events is
   * waiting for a result.
   * @param {number} id
   * @returns {boolean}
   */
  streamReady(id) {
    return this.liveRuns(id).every((run) => !run.awaiting);
  }

  /**
   * Seconds between chunks that the live events of component `id` ask for.
   * @param {number} id
   * @returns {number}
   */
  streamEvery(id) {
    const deps = this.byTrigger.get(`${id}:stream`) || [];
    const every = deps.map((dep) => dep.stream_every).filter((v) => typeof v === "number" && v > 0);
    return every.length ? Math.min(...every) : 0.5;
  }

  runFrontend(dep, trig) {
    const action = dep.frontend || {};
    for (const id of action.clear || []) this.reset(id);
    for (const [id, value] of action.values || []) {
      const entry = this.registry.get(id);
      if (entry && !entry.layout) this.apply(entry, value, undefined);
    }
    if (!dep.js) {
      this.ended(dep, true, trig);
      return;
    }
    // `js=` with no Python function: it runs here, on the inputs, into the outputs
    this.runJs(dep).then((result) => {
      const outputs = dep.outputs || [];
      const values = outputs.length === 1 ? [result] : Array.isArray(result) ? result : [];
      outputs.forEach((id, i) => {
        const entry = this.registry.get(id);
        if (entry && !entry.layout && i < values.length && values[i] !== undefined) {
          this.apply(entry, values[i], undefined);
        }
      });
      this.ended(dep, true, trig);
    }, (err) => {
      jsFailed(dep, err);
      this.ended(dep, false, trig, true);
    });
  }

  /**
   * Call a listener's `js=` function (served by the app as a module: the page's
   * Content-Security-Policy forbids evaluating text) on the inputs' current values.
   * @param {Object} dep
   * @returns {Promise<any>}
   */
  async runJs(dep) {
    if (!this.jsFns.has(dep.fnIndex)) {
      const url = `${this.client.api}/js/${dep.fnIndex}.mjs`;
      this.jsFns.set(dep.fnIndex, import(url).then((module) => module.default));
    }
    const fn = await /** @type {Promise<Function>} */ (this.jsFns.get(dep.fnIndex));
    const values = (dep.inputs || []).map((/** @type {number} */ id) => this.payloadOf(id));
    return await fn(...values);
  }

  /** Cancel every running event of these dependencies (they end on the page at once). */
  cancelFns(fnIndices) {
    for (const fn of fnIndices) {
      this.lastWanted.delete(fn);
      for (const run of [...(this.runs.get(fn) || [])]) run.cancel();
    }
  }

  /** Put a component back to its value in the config. */
  reset(id) {
    const entry = this.registry.get(id);
    if (!entry || entry.layout) return;
    const initial = entry.props.value;
    const value = initial === undefined || initial === null ? null : structuredClone(initial);
    this.safely(entry, () => entry.api.set(value));
  }

  /** The payload of input `id` (null for unknown or failing components). */
  payloadOf(id) {
    const entry = this.registry.get(id);
    if (!entry) return null;
    try {
      const value = entry.api.get();
      return value === undefined ? null : value;
    } catch (err) {
      console.warn(`rillet: reading component ${id} failed`, err);
      return null;
    }
  }

  /**
   * Show a value on an output: a Gradio update dict ({"__type__": "update", ...})
   * becomes setProps (+ set when it has a value); anything else is set(value, edits).
   */
  apply(entry, value, edits) {
    if (this.translate && hasMarker(value)) [value, edits] = [this.translate(value), undefined];
    this.safely(entry, () => {
      if (!isUpdate(value)) {
        entry.api.set(value, edits);
        return;
      }
      const { __type__: _, value: inner, ...props } = value;
      if (Object.keys(props).length) entry.api.setProps(props);
      if ("value" in value) entry.api.set(inner, valueEdits(edits));
    });
  }

  safely(entry, fn) {
    try {
      fn();
    } catch (err) {
      console.warn(`rillet: updating ${entry.type} #${entry.id} failed`, err);
    }
  }

  started(run) {
    const fn = run.dep.fnIndex;
    if (!this.runs.has(fn)) this.runs.set(fn, new Set());
    const set = this.runs.get(fn);
    set.add(run);
    this.running += 1;
    setRunning(this.running);
    if (set.size === 1) this.swap(run.dep, true);
  }

  /** Start the events chained after `dep`: `.then` always, `.success` only after a
   * success, `.failure` only after an error (not after a Stop). */
  ended(dep, success, trig, failed = false) {
    for (const next of this.followers.get(dep.fnIndex) || []) {
      const wanted = next.trigger_only_on_failure ? failed : success || !next.trigger_only_on_success;
      if (wanted) this.trigger(next, trig);
    }
  }

  finished(run, success, failed = false) {
    const fn = run.dep.fnIndex;
    const set = this.runs.get(fn);
    set.delete(run);
    this.running -= 1;
    setRunning(this.running);
    if (set.size === 0) this.swap(run.dep, false);
    this.ended(run.dep, success, run.trig, failed);
    const wanted = this.lastWanted.get(fn);
    if (wanted && set.size === 0) {
      this.lastWanted.delete(fn);
      new Run(this, run.dep, wanted).start();
    }
  }

  /** Interface's Submit -> Stop swap while a dependency runs. */
  swap(dep, running) {
    const pair = dep.frontend && dep.frontend.running_swap;
    if (!pair) return;
    const [hideId, showId] = pair;
    for (const [id, visible] of [[hideId, !running], [showId, running]]) {
      const entry = this.registry.get(id);
      if (entry) this.safely(entry, () => entry.api.setProps({ visible }));
    }
  }
}

/** One backend event of a dependency, from join to completion. */
class Run {
  constructor(engine, dep, trig) {
    this.engine = engine;
    this.dep = dep;
    this.trig = trig;
    this.job = null;
    this.outputs = (dep.outputs || []).map((id) => engine.registry.get(id) || null);
    const mode = dep.show_progress || "full";
    const shown = Array.isArray(dep.show_progress_on)  // show_progress_on= : these instead
      ? dep.show_progress_on.map((/** @type {number} */ id) => engine.registry.get(id) || null)
      : this.outputs;
    this.statuses = mode === "hidden" ? [] : shown
      .filter((entry) => entry && !entry.layout && !entry.el.hidden && entry.type !== "state")
      .map((entry) => statusFor(entry.el));
    this.mode = mode === "minimal" ? "minimal" : "full";
    this.live = dep.connection === "stream";
    this.awaiting = false; // a live chunk sent and not answered yet
    /** @type {Object|null} a render's render_config, once it completes (@gr.render) */
    this.renderConfig = null;
    /** @type {number[]} the gr.State ids the run changed: their "change" fires */
    this.changedStates = [];
  }

  start() {
    if (this.live) this.awaiting = true;
    const data = (this.dep.inputs || []).map((id) => this.engine.payloadOf(id));
    if (!this.dep.js) {
      // the join goes out first; the page's own changes are drawn while it travels (its
      // messages are handled in later tasks, after these)
      this.submit(data);
      this.began();
      return;
    }
    this.began();
    // `js=` runs first, here; what it returns is what the Python function gets
    this.engine.runJs(this.dep).then((result) => {
      if (result === undefined) this.submit(data);
      else this.submit(data.length === 1 ? [result] : Array.isArray(result) ? result : data);
    }, (err) => {
      jsFailed(this.dep, err);
      this.complete({ success: false, cancelled: true });
    });
  }

  /** The page's side of a run starting: counted (Stop buttons swapped in), its outputs
   * told, their statuses shown. */
  began() {
    this.engine.started(this);
    this.lifecycle("runStarted");
    for (const status of this.statuses) status.begin(this, this.mode);
  }

  /** @param {any[]} data the inputs' payloads */
  submit(data) {
    this.job = this.engine.client.submit(this.dep.fnIndex, data, {
      triggerId: this.trig.triggerId, eventData: this.trig.eventData, handlers: this.handlers(),
    });
    this.hearCompletion();
  }

  // --- @gr.render ---
  /** Keep the completion's `render_config` and `changed_state_ids` (the client's result
   * does not carry them). */
  hearCompletion() {
    const job = this.job;
    if (!job || typeof job.completed !== "function") return;
    const completed = job.completed.bind(job);
    job.completed = (/** @type {any} */ msg) => {
      const output = (msg && msg.output) || {};
      this.renderConfig = output.render_config || null;
      this.changedStates = Array.isArray(output.changed_state_ids) ? output.changed_state_ids : [];
      completed(msg);
    };
  }
  // --- end @gr.render ---

  handlers() {
    return {
      onEstimation: (msg) => this.statuses.forEach((s) => s.queued(this, msg)),
      onStart: (msg) => this.statuses.forEach((s) => s.running(this, msg.eta)),
      onProgress: (data) => this.statuses.forEach((s) => s.progress(this, data)),
      onLog: showLog,
      onData: (values, edits) => this.onData(values, edits),
      onComplete: (result) => this.onComplete(result),
    };
  }

  /** Send the inputs' current values to this live event as its next chunk. */
  sendChunk() {
    const data = (this.dep.inputs || []).map((id) => this.engine.payloadOf(id));
    if (this.job && this.job.sendChunk(data, this.trig.eventData)) {
      this.awaiting = true;
    }
  }

  /** End this live event after the call in progress (the input stopped). */
  closeStream() {
    if (this.job) this.job.closeStream();
  }

  /** Stop this run (POST /cancel) and end it on the page now. */
  cancel() {
    if (this.job) this.job.cancel();
  }

  onData(values, edits) {
    this.awaiting = false;
    if (this.live) this.tellInput("streamAnswered");
    this.outputs.forEach((entry, i) => {
      if (!entry || i >= values.length) return;
      const change = edits[i];
      if (Array.isArray(change) && change.length === 0) return;
      this.engine.apply(entry, values[i], change);
    });
    for (const status of this.statuses) status.generating(this);
  }

  onComplete(result) {
    const config = result.success ? result.render_config || this.renderConfig : null;
    if (config) {  // @gr.render: draw the new content, then end (so .then sees it)
      applyRender(this.engine, config)
        .catch((err) => console.warn("rillet: drawing a render failed", err))
        .finally(() => this.complete(result));
      return;
    }
    this.complete(result);
  }

  complete(result) {
    if (result.success) {
      const values = result.values || [];
      this.outputs.forEach((entry, i) => {
        if (entry && i < values.length) this.engine.apply(entry, values[i], undefined);
      });
      const first = this.outputs.find((entry) => entry && !entry.el.hidden);
      if (this.dep.scroll_to_output && first) first.el.scrollIntoView({ behavior: "smooth", block: "nearest" });
    } else if (!result.cancelled && result.visible !== false) {
      showToast({
        level: "error",
        title: result.error ? result.title || "Error" : "Error",
        message: result.error ?? NO_DETAILS,
        duration: result.duration === undefined ? 10 : result.duration,
      });
    }
    for (const status of this.statuses) status.end(this);
    this.lifecycle("runEnded", result);
    this.awaiting = false;
    if (this.live) this.tellInput("streamEnded", result);
    this.engine.finished(this, Boolean(result.success), !result.success && !result.cancelled);
    if (result.success) for (const id of this.changedStates) this.engine.dispatch(id, "change");
  }

  /** Tell the live input that feeds this run (`api.streamAnswered()`, `api.streamEnded(result)`). */
  tellInput(hook, ...args) {
    const input = this.engine.registry.get(this.trig.triggerId);
    if (input && !input.layout && typeof input.api[hook] === "function") {
      this.engine.safely(input, () => input.api[hook](...args));
    }
  }

  /** Tell the outputs that have the hook (`api.runStarted()`, `api.runEnded(result)`). */
  lifecycle(hook, ...args) {
    for (const entry of this.outputs) {
      if (entry && !entry.layout && typeof entry.api[hook] === "function") {
        this.engine.safely(entry, () => entry.api[hook](...args));
      }
    }
  }
}

/** A listener's `js=` function failed: the console says why, a toast that it did. */
function jsFailed(dep, err) {
  console.warn(`rillet: the js function of event ${dep.fnIndex} failed`, err);
  showToast({ level: "error", title: "Error", message: `The page's js function failed: ${err}`, duration: 10 });
}

/** Show a gr.Info / gr.Warning / gr.Success (`log` message) as a toast. */
function showLog(msg) {
  if (msg.visible === false) return;
  showToast({ level: msg.level || "info", title: msg.title, message: msg.log,
    duration: msg.duration === undefined ? 10 : msg.duration });
}

function setRunning(count) {
  document.body.dataset.rilletRunning = String(count);
}

function isUpdate(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && value.__type__ === "update";
}

/** Edits of an update dict's "value", re-rooted; undefined when there are others. */
function valueEdits(edits) {
  if (!Array.isArray(edits) || !edits.length) return undefined;
  if (!edits.every(([, path]) => Array.isArray(path) && path[0] === "value")) return undefined;
  return edits.map(([op, path, value]) => [op, path.slice(1), value]);
}

function listPush(map, key, item) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(item);
}

/** Whether `value` holds a gr.I18n key's marker (in any string inside it). */
function hasMarker(value) {
  return JSON.stringify(value ?? null).includes("__i18n__");
}
