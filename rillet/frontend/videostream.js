/**
 * Video chunks played through MediaSource as they arrive.
 *
 * Each chunk is a standalone fragmented MP4 (init segment `ftyp`+`moov`, then `moof`+`mdat`
 * fragments) whose timestamps go on from the previous chunk's, and its FileData's
 * `mime_type` names its codecs (`video/mp4; codecs="avc1.64001F, mp4a.40.2"`). Every chunk
 * is fetched the moment it is announced; in order, its init segment is appended to the one
 * SourceBuffer only when it differs from the last one appended (a new picture size or new
 * parameter sets: MediaSource's way of switching streams; `changeType()` first when the
 * codecs changed), then its fragments. Playback starts with the first chunk when autoplay
 * is on; if the browser refuses sound without a gesture, it plays muted and says so, and
 * if it refuses even that, it waits for a click. `finish()` ends the stream
 * (`endOfStream()`), so the element has its full duration and can seek; the view then
 * hands the element's place to the joined file without a visible seam (components/video.js).
 *
 * Measured for tests and benchmarks: when the first chunk arrived and when its first frame
 * was shown (`requestVideoFrameCallback` where there is one), the milliseconds playback sat
 * waiting for data (stalls), and each append's [start, end).
 */

/** A hole in the buffer shorter than this (seconds) is jumped over. */
const MAX_GAP = 0.5;
/** Seconds kept behind the playhead when the browser's buffer quota is full. */
const KEEP_BEHIND = 10;

/**
 * @typedef {Object} VideoHooks  every hook is optional
 * @property {() => void} [onFirstFrame] the first frame is on screen
 * @property {(kind: "muted"|"paused", resume: () => void) => void} [onBlocked] autoplay
 *   was refused: it plays muted, or it waits; `resume()` (from a click) plays with sound
 * @property {(err: Error) => void} [onError] a chunk could not be fetched or appended
 */

/** One stream's chunks on one `<video>`. */
export class VideoChunkPlayer {
  /**
   * @param {HTMLVideoElement} video
   * @param {{autoplay: boolean} & VideoHooks} options
   */
  constructor(video, options) {
    this.video = video;
    this.options = options;
    this.received = 0;
    /** [{index, start, end, reinit, arrivedAt, appendedAt}] in append order */
    this.appended = [];
    this.firstChunkAt = null;
    this.firstFrameAt = null;
    this.stallMs = 0;
    this.stallStart = null;
    /** [{at: playhead seconds, ms}] each wait for data */
    this.waits = [];
    this.finished = false;
    this.stopped = false;
    this.buffer = null;
    this.lastInit = null;
    this.lastMime = null;
    this.chain = Promise.resolve();
    this.listeners = [];
    /** aborted on stop: listeners others put on the element for this stream's life */
    this.listening = new AbortController();
    this.attach();
  }

  /** The MediaSource ("open", "ended", "closed"). */
  get state() {
    return this.source.readyState;
  }

  /** Milliseconds playback has waited for data, the wait going on included. */
  get stalls() {
    return this.stallMs + (this.stallStart === null ? 0 : performance.now() - this.stallStart);
  }

  attach() {
    const Source = window.ManagedMediaSource || window.MediaSource;
    if (!Source) throw new Error("This browser has no MediaSource: the video plays when the stream ends.");
    this.source = new Source();
    if (window.ManagedMediaSource && Source === window.ManagedMediaSource) this.video.disableRemotePlayback = true;
    this.objectUrl = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => this.source.addEventListener("sourceopen", resolve, { once: true }));
    this.video.src = this.objectUrl;
    const on = (name, fn) => {
      this.video.addEventListener(name, fn);
      this.listeners.push([name, fn]);
    };
    on("waiting", () => this.waiting());
    for (const name of ["playing", "pause", "ended", "seeking"]) on(name, () => this.resumed());
    on("timeupdate", () => { if (!this.video.paused && this.video.readyState > 2) this.resumed(); });
  }

  /**
   * A chunk arrived: fetch it now; append it after the ones before.
   * @param {string} url
   * @param {string} mime its FileData's mime_type
   */
  push(url, mime) {
    const index = this.received++;
    const arrivedAt = performance.now();
    if (this.firstChunkAt === null) this.firstChunkAt = arrivedAt;
    const bytes = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`video chunk ${index + 1}: HTTP ${res.status}`);
      return res.arrayBuffer();
    });
    bytes.catch(() => {}); // handled in the chain, in order
    this.chain = this.chain.then(async () => {
      const data = await bytes;
      await this.opened;
      if (this.stopped) return;
      await this.append(index, data, mime || 'video/mp4; codecs="avc1.42E01E"', arrivedAt);
    }).catch((err) => this.call("onError", err));
  }

  async append(index, data, mime, arrivedAt) {
    const [init, media] = splitFragments(data);
    if (!this.buffer) {
      this.buffer = this.source.addSourceBuffer(mime);
      this.lastMime = mime;
    } else if (mime !== this.lastMime && this.buffer.changeType) {
      this.buffer.changeType(mime);
      this.lastMime = mime;
    }
    const reinit = !sameBytes(init, this.lastInit);
    const before = this.bufferedEnd();
    if (reinit) {
      await this.appendBytes(init);
      this.lastInit = init;
    }
    await this.appendBytes(media);
    if (this.stopped) return;
    this.appended.push({ index, start: before, end: this.bufferedEnd(), reinit, arrivedAt,
      appendedAt: performance.now() });
    if (this.appended.length === 1) this.started();
    this.skipGap();
  }

  /** Append, making room behind the playhead once if the browser's quota is full. */
  async appendBytes(bytes) {
    try {
      await this.update(() => this.buffer.appendBuffer(bytes));
    } catch (err) {
      if (err.name !== "QuotaExceededError" || this.video.currentTime <= KEEP_BEHIND) throw err;
      await this.update(() => this.buffer.remove(0, this.video.currentTime - KEEP_BEHIND));
      await this.update(() => this.buffer.appendBuffer(bytes));
    }
  }

  update(start) {
    return new Promise((resolve, reject) => {
      const done = () => { cleanup(); resolve(); };
      const failed = () => { cleanup(); reject(new Error("the browser could not append this video chunk")); };
      const cleanup = () => {
        this.buffer.removeEventListener("updateend", done);
        this.buffer.removeEventListener("error", failed);
      };
      this.buffer.addEventListener("updateend", done);
      this.buffer.addEventListener("error", failed);
      try {
        start();
      } catch (err) {
        cleanup();
        reject(err);
      }
    });
  }

  bufferedEnd() {
    const ranges = this.buffer ? this.buffer.buffered : null;
    return ranges && ranges.length ? ranges.end(ranges.length - 1) : 0;
  }

  /** The first chunk is in: watch for its first frame; autoplay. */
  started() {
    const video = this.video;
    const shown = (now) => {
      if (this.firstFrameAt === null) {
        this.firstFrameAt = now ?? performance.now();
        this.call("onFirstFrame");
      }
    };
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback((now) => shown(now));
    else video.addEventListener("playing", () => shown(), { once: true });
    if (this.options.autoplay) this.autoplay();
  }

  autoplay() {
    const video = this.video;
    const settled = () => { this.starting = false; };
    this.starting = true;
    video.play().then(settled, (err) => {
      if (err.name !== "NotAllowedError" || this.stopped) {
        settled();
        return;
      }
      video.muted = true;
      const unmute = () => { video.muted = false; return video.play(); };
      video.play()
        .then(() => { settled(); this.call("onBlocked", "muted", unmute); })
        .catch(() => { settled(); this.call("onBlocked", "paused", unmute); });
    });
  }

  /** True while the element plays, or is about to (autoplay still being tried). */
  get playing() {
    return Boolean(this.starting) || (!this.video.paused && !this.video.ended);
  }

  waiting() {
    // a stall: stuck after the first frame showed, while more data was to come
    if (this.firstFrameAt !== null && !this.finished && this.stallStart === null) this.stallStart = performance.now();
    this.skipGap();
  }

  resumed() {
    if (this.stallStart !== null) {
      const ms = performance.now() - this.stallStart;
      this.stallMs += ms;
      this.waits.push({ at: this.video.currentTime, ms });
    }
    this.stallStart = null;
  }

  /** Jump a small hole between the playhead and the next buffered range. */
  skipGap() {
    const video = this.video;
    const ranges = video.buffered;
    for (let i = 0; i < ranges.length; i++) {
      const start = ranges.start(i);
      if (start > video.currentTime && start - video.currentTime < MAX_GAP
        && (i === 0 || ranges.end(i - 1) <= video.currentTime + 0.01)) {
        video.currentTime = start;
        return;
      }
    }
  }

  /** No more chunks will come: end the MediaSource once every chunk is appended. */
  finish() {
    this.finished = true;
    this.resumed();
    return this.chain.then(() => {
      if (this.source.readyState === "open" && !(this.buffer && this.buffer.updating)) {
        this.source.endOfStream();
      }
    });
  }

  /** Stop taking chunks and let the element go (it keeps what it shows until reused). */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.finished = true;
    this.resumed();
    for (const [name, fn] of this.listeners) this.video.removeEventListener(name, fn);
    this.listeners = [];
    this.listening.abort();
    URL.revokeObjectURL(this.objectUrl);
  }

  call(name, ...args) {
    const fn = this.options[name];
    if (fn) fn(...args);
  }
}

/**
 * A fragmented MP4 as [init segment, media segments]: top-level `ftyp`/`moov` boxes, and
 * the `moof`/`mdat` (and `styp`, `sidx`, `prft`, `emsg`) boxes; anything else is dropped.
 * @param {ArrayBuffer} data
 * @returns {[Uint8Array, Uint8Array]}
 */
export function splitFragments(data) {
  const view = new DataView(data);
  const init = [];
  const media = [];
  let at = 0;
  while (at + 8 <= data.byteLength) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...new Uint8Array(data, at + 4, 4));
    if (size === 1) size = Number(view.getBigUint64(at + 8));
    else if (size === 0) size = data.byteLength - at;
    if (size < 8 || at + size > data.byteLength) throw new Error(`a video chunk's ${type} box is cut short`);
    const box = new Uint8Array(data, at, size);
    if (type === "ftyp" || type === "moov") init.push(box);
    else if (["moof", "mdat", "styp", "sidx", "prft", "emsg"].includes(type)) media.push(box);
    at += size;
  }
  return [concat(init), concat(media)];
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function sameBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
