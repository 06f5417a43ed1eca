/**
 * The page's side of Gradio's `sse_v3` queue protocol (the same API `gradio_client` uses).
 *
 * - One `session_hash` per page; `submit()` POSTs `queue/join`, then makes sure the
 *   session's single SSE stream (`queue/data`) is open; its messages, interleaved across
 *   events, are routed to the job of their `event_id`.
 * - Generator diffs are applied to a private copy of each output's value.
 * - rillet's `seq`: the last one seen is remembered; messages at or below it are dropped,
 *   and a stream that drops (not after `close_stream`) reopens with `&last_seq=N`.
 */

import { applyEdits } from "rillet/diff.js";
import { SSEParser } from "rillet/sseparser.js";

const RETRY_LIMIT = 10;

/**
 * @typedef {Object} JobHandlers  every handler is optional
 * @property {(msg: Object) => void} [onEstimation]  {rank, queue_size, rank_eta}
 * @property {(msg: Object) => void} [onStart]       {eta}
 * @property {(data: Array) => void} [onProgress]    progress_data
 * @property {(msg: Object) => void} [onLog]         {log, level, duration, title}
 * @property {(values: Array, edits: Array<Array|undefined>) => void} [onData]
 *   values: current full value per output; edits[i]: the edits that made values[i]
 *   (undefined when it came whole; [] when the output did not change)
 * @property {(result: Object) => void} [onComplete] exactly once:
 *   {success: true, values} | {success: false, cancelled: true}
 *   | {success: false, error: string|null, title, duration, visible}
 */

/** One submitted event. */
export class Job {
  constructor(client, fnIndex, handlers) {
    this.client = client;
    this.fnIndex = fnIndex;
    this.handlers = handlers || {};
    this.eventId = null;
    this.done = false;
    this.cancelled = false;
    this.values = null;
  }

  /** Stop this event: POST /cancel and report it as ended at once. */
  cancel() {
    if (this.done) return;
    this.cancelled = true;
    if (this.eventId) this.client.postCancel(this.fnIndex, this.eventId);
    this.finish({ success: false, cancelled: true });
  }

  /**
   * Send the next chunk of a live (`.stream()`) event: POST /stream/{event_id}.
   * @param {Array} data one payload per input
   * @param {any} [eventData]
   * @returns {boolean} false when the event is not joined yet or has ended
   */
  sendChunk(data, eventData = null) {
    if (!this.eventId || this.done) return false;
    this.lastChunk = this.client.post(`stream/${this.eventId}`, { data, fn_index: this.fnIndex,
      session_hash: this.client.sessionHash, event_data: eventData });
    return true;
  }

  /** End a live event: POST /stream/{event_id}/close, once the last chunk sent has
   * reached the server (which processes it before it ends the event). */
  closeStream() {
    if (!this.eventId || this.done) return;
    const close = () => this.client.post(`stream/${this.eventId}/close`,
      { session_hash: this.client.sessionHash });
    if (this.lastChunk) this.lastChunk.then(close);
    else close();
  }

  /** @param {Object} result see JobHandlers.onComplete */
  finish(result) {
    if (this.done) return;
    this.done = true;
    if (this.eventId) this.client.forget(this.eventId);
    this.call("onComplete", result);
  }

  /** Handle one queue message of this event. */
  handle(msg) {
    switch (msg.msg) {
      case "estimation": return this.call("onEstimation", msg);
      case "process_starts": return this.call("onStart", msg);
      case "progress": return this.call("onProgress", msg.progress_data || []);
      case "log": return this.call("onLog", msg);
      case "process_generating": return this.generating(msg.output || {}, false);
      case "process_streaming": return this.generating(msg.output || {}, true);
      case "process_completed": return this.completed(msg);
      case "unexpected_error": return this.fail(msg.message);
      default: return undefined;
    }
  }

  generating(output, whole) {
    const data = output.data || [];
    if (this.values === null || whole) {
      this.values = data.slice();
      this.call("onData", this.values.slice(), data.map(() => undefined));
      return;
    }
    try {
      data.forEach((edits, i) => {
        if (Array.isArray(edits) && edits.length) this.values[i] = applyEdits(this.values[i] ?? null, edits);
      });
    } catch (err) {
      this.fail(`Could not apply a streamed update: ${err.message}`);
      return;
    }
    this.call("onData", this.values.slice(), data);
  }

  completed(msg) {
    const out = msg.output || {};
    if ("error" in out) {
      this.finish({ success: false, error: out.error ?? null, title: out.title || msg.title || "Error",
        duration: out.duration, visible: out.visible });
    } else if (!("data" in out)) {
      this.finish({ success: false, cancelled: true });
    } else if (msg.success === false) {
      this.finish({ success: false, error: null, title: msg.title || "Error" });
    } else {
      this.finish({ success: true, values: out.data });
    }
  }

  fail(message) {
    this.finish({ success: false, error: message || null, title: "Error" });
  }

  call(name, ...args) {
    const fn = this.handlers[name];
    if (!fn) return;
    try {
      fn(...args);
    } catch (err) {
      console.warn(`rillet: ${name} handler failed`, err);
    }
  }
}

/**
 * A session hash: the session's secret, 128 random bits from the browser's CSPRNG as 32
 * hex digits (Math.random is predictable).
 * @returns {string}
 */
export function newSessionHash() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The protocol client: one per page. */
export class Client {
  /**
   * @param {{apiPrefix?: string}} [options] the API's path below the page (as /config's
   *   `api_prefix`) or its full URL
   */
  constructor({ apiPrefix = "gradio_api" } = {}) {
    this.api = pageUrl(apiPrefix);
    this.sessionHash = newSessionHash();
    this.jobs = new Map();      // event_id -> Job still running
    this.early = new Map();     // event_id -> messages that came before its join returned
    this.finished = new Set();  // event_ids that ended (late messages are dropped)
    this.lastSeq = null;
    this.stream = null;         // {ctrl, closed} while a queue/data response is open
    this.resume = false;        // the last stream dropped: reopen with last_seq
    this.retries = 0;
    this.retryTimer = null;
    /** Called with session-wide `log` messages. @type {(msg: Object) => void} */
    this.onLog = null;
    /** The heartbeat stream, when the app has unload events. @type {EventSource|null} */
    this.heartbeat = null;
  }

  /**
   * Keep a heartbeat stream open while the page lives, so the server knows when it
   * closes and runs the app's `unload` events (Gradio's `demo.unload`).
   */
  keepAlive() {
    if (this.heartbeat) return;
    this.heartbeat = new EventSource(`${this.api}/heartbeat/${encodeURIComponent(this.sessionHash)}`);
  }

  /**
   * Submit an event to the queue.
   * @param {number} fnIndex dependency index
   * @param {Array} data one payload per input
   * @param {{triggerId?: number|null, eventData?: any, handlers?: JobHandlers}} [options]
   * @returns {Job}
   */
  submit(fnIndex, data, { triggerId = null, eventData = null, handlers } = {}) {
    const job = new Job(this, fnIndex, handlers);
    this.join(job, { data, fn_index: fnIndex, session_hash: this.sessionHash,
      event_data: eventData, trigger_id: triggerId });
    return job;
  }

  async join(job, body) {
    let eventId;
    try {
      // The page's query string goes along, for gr.Request.query_params (as Gradio's client).
      const res = await fetch(`${this.api}/queue/join${globalThis.location?.search ?? ""}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const reply = await readJson(res);
      if (!res.ok) throw new Error(detailOf(reply, res));
      eventId = reply.event_id;
    } catch (err) {
      job.fail(err.message || String(err));
      return;
    }
    job.eventId = eventId;
    if (job.done) {
      this.finished.add(eventId);
      if (job.cancelled) this.postCancel(job.fnIndex, eventId);
      return;
    }
    this.jobs.set(eventId, job);
    this.flushEarly(eventId, job);
    this.ensureStream();
  }

  flushEarly(eventId, job) {
    const pending = this.early.get(eventId);
    if (!pending) return;
    this.early.delete(eventId);
    for (const msg of pending) if (!job.done) job.handle(msg);
  }

  /** @param {string} eventId an event that ended; its late messages are dropped */
  forget(eventId) {
    this.jobs.delete(eventId);
    this.early.delete(eventId);
    this.finished.add(eventId);
  }

  /**
   * POST /cancel for an event (fire and forget).
   * @param {number} fnIndex
   * @param {string} eventId
   */
  postCancel(fnIndex, eventId) {
    this.post("cancel", { session_hash: this.sessionHash, fn_index: fnIndex, event_id: eventId });
  }

  /**
   * POST a JSON body to `{api}/{path}`, fire and forget (a 404 for an event that has
   * just ended is expected and ignored).
   * @param {string} path
   * @param {Object} body
   * @returns {Promise<void>} settles when the server has answered (or the request failed)
   */
  post(path, body) {
    return fetch(`${this.api}/${path}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then((res) => { if (res.body) res.body.cancel(); })
      .catch((err) => console.warn(`rillet: ${path} request failed`, err));
  }

  /** Open the session's stream unless it is open or a reconnect is scheduled. */
  ensureStream() {
    if (this.stream || this.retryTimer) return;
    this.openStream();
  }

  async openStream() {
    const stream = { ctrl: new AbortController(), closed: false };
    this.stream = stream;
    let url = `${this.api}/queue/data?session_hash=${encodeURIComponent(this.sessionHash)}`;
    if (this.resume && this.lastSeq !== null) url += `&last_seq=${this.lastSeq}`;
    try {
      const res = await fetch(url, { signal: stream.ctrl.signal, cache: "no-store",
        headers: { Accept: "text/event-stream" } });
      if (!res.ok || !res.body) throw new Error(`queue/data answered HTTP ${res.status}`);
      await this.readStream(res.body, stream);
    } catch (err) {
      if (!stream.ctrl.signal.aborted) console.warn("rillet: event stream interrupted:", err.message || err);
    }
    if (this.stream === stream) this.stream = null;
    this.afterStream(stream.closed);
  }

  async readStream(body, stream) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SSEParser((data) => this.onEvent(data, stream));
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(decoder.decode(value, { stream: true }));
      if (stream.closed) {
        reader.cancel().catch(() => {});
        return;
      }
    }
  }

  afterStream(closedCleanly) {
    this.resume = !closedCleanly;
    if (closedCleanly) this.retries = 0;
    if (this.jobs.size === 0) return;
    if (closedCleanly) {
      this.openStream();
      return;
    }
    this.retries += 1;
    if (this.retries > RETRY_LIMIT) {
      this.retries = 0;
      this.failAll("Lost the connection to the server.");
      return;
    }
    const delay = Math.min(200 * 2 ** (this.retries - 1), 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.jobs.size) this.ensureStream();
    }, delay);
  }

  onEvent(data, stream) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      console.warn("rillet: ignoring a malformed stream message", data.slice(0, 200));
      return;
    }
    if (typeof msg.seq === "number") {
      if (this.lastSeq !== null && msg.seq <= this.lastSeq) return;
      this.lastSeq = msg.seq;
      this.retries = 0;
    }
    this.route(msg, stream);
  }

  route(msg, stream) {
    if (msg.msg === "heartbeat") return;
    if (msg.msg === "close_stream") {
      stream.closed = true;
      return;
    }
    const id = msg.event_id;
    if (!id) {
      if (msg.msg === "unexpected_error") this.failAll(msg.message || "Unexpected server error.");
      else if (msg.msg === "log" && this.onLog) this.onLog(msg);
      return;
    }
    const job = this.jobs.get(id);
    if (job) job.handle(msg);
    else if (!this.finished.has(id)) {
      if (!this.early.has(id)) this.early.set(id, []);
      this.early.get(id).push(msg);
    }
  }

  /** End every running job with an error. @param {string} message */
  failAll(message) {
    for (const job of [...this.jobs.values()]) job.fail(message);
  }

  /**
   * Upload files; resolves to one FileData per file.
   * @param {File[]} files
   * @returns {Promise<Object[]>}
   */
  async upload(files) {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const res = await fetch(`${this.api}/upload`, { method: "POST", body: form });
    const reply = await readJson(res);
    if (!res.ok) throw new Error(detailOf(reply, res));
    return reply.map((path, i) => ({
      path, url: this.fileUrl({ path }), orig_name: files[i].name, size: files[i].size,
      mime_type: files[i].type || null, is_stream: false, meta: { _type: "gradio.FileData" },
    }));
  }

  /**
   * The URL a FileData (or a bare server path) can be fetched from.
   * @param {Object|string|null} file
   * @returns {string}
   */
  fileUrl(file) {
    if (!file) return "";
    if (typeof file === "string") return `${this.api}/file=${encodePath(file)}`;
    if (file.url) return file.url;
    return file.path ? `${this.api}/file=${encodePath(file.path)}` : "";
  }
}

/**
 * A path of the app as a URL below the page's own, so the page works under a reverse
 * proxy's path prefix: at `https://host/myapp/`, "config" and "/gradio_api" are
 * `https://host/myapp/config` and `https://host/myapp/gradio_api` (a full URL stays).
 * @param {string} path
 * @returns {string} without a trailing slash
 */
export function pageUrl(path) {
  return new URL(path.replace(/^\/+/, ""), document.baseURI).href.replace(/\/+$/, "");
}

function encodePath(path) {
  return String(path).split("/").map(encodeURIComponent).join("/");
}

async function readJson(res) {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

function detailOf(reply, res) {
  const detail = reply && (reply.detail ?? reply.error ?? reply.message);
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail) && detail.some((d) => d && d.is_valid === false)) {
    // a validator= refused the inputs: each failing one, named, with its message
    return detail.filter((d) => d && d.is_valid === false)
      .map((d) => (d.parameter_name ? `${d.parameter_name}: ${d.message}` : d.message)).join("\n");
  }
  if (detail) return JSON.stringify(detail);
  return res.status === 503 ? "The queue is full; try again later." : `Request failed (HTTP ${res.status}).`;
}
