/**
 * Gapless playback of audio chunks with Web Audio.
 *
 * Each chunk (a small WAV file) is fetched as soon as it arrives, decoded with
 * `decodeAudioData` and scheduled with `AudioBufferSourceNode.start(next)`, `next` being
 * where the previous chunk ends, so chunks play back to back with no gap and no overlap.
 * The AudioContext runs at the stream's own sample rate (read from the first chunk's WAV
 * header), so nothing is resampled and every chunk boundary falls on a whole sample
 * frame. The first chunk plays as soon as it has decoded; later ones are queued; only a
 * chunk that comes after the queue ran dry (an underrun) re-primes the clock.
 *
 * When the browser refuses to start sound without a user gesture, the context stays
 * suspended and the clock waits: `onBlocked` is called once the first chunk is ready, and
 * a later `resume()` (from a click) plays the stream from where it stands, losing nothing.
 * (Chromium also starts a blocked context by itself when a chunk is scheduled after the
 * user has interacted with the page.)
 */

/** Seconds ahead of the clock the first chunk (or one after an underrun) is scheduled. */
const LEAD = 0.025;
/** A chunk scheduled closer to the clock than this counts as late (an underrun). */
const MARGIN = 0.005;

/**
 * @typedef {Object} StreamHooks  every hook is optional
 * @property {() => void} [onPlay]     the first chunk was scheduled on a running clock
 * @property {() => void} [onDrained]  every chunk has played and no more will come
 * @property {(resume: () => void) => void} [onBlocked]  autoplay was refused (the first
 *   chunk is ready and the context is suspended)
 * @property {(running: boolean) => void} [onState]  the context started or stopped running
 * @property {(err: Error) => void} [onError]  a chunk could not be fetched or decoded
 */

/** One stream's chunks on one AudioContext. */
export class AudioChunkPlayer {
  /**
   * @param {{autoplay: boolean, warm?: AudioContext|null} & StreamHooks} options autoplay false:
   *   wait for `resume()`; warm: an AudioContext started early, used if its rate fits
   */
  constructor(options) {
    this.options = options;
    this.audio = null;
    this.sources = [];
    /** [{index, start, duration, frames, sampleRate, readyMs}] in schedule order */
    this.scheduled = [];
    this.underruns = 0;
    this.received = 0;
    /** chunks received and not yet scheduled (or failed) */
    this.pending = 0;
    this.nextTime = null;
    this.finished = false;
    this.stopped = false;
    this.chain = Promise.resolve();
  }

  /**
   * A chunk arrived: fetch it now, decode and schedule it after the ones before.
   * @param {string} url
   */
  push(url) {
    const index = this.received++;
    this.pending += 1;
    const arrived = performance.now();
    const bytes = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`chunk ${index + 1}: HTTP ${res.status}`);
      return res.arrayBuffer();
    });
    bytes.catch(() => {}); // handled in the chain, in order
    this.chain = this.chain.then(async () => {
      const data = await bytes;
      if (this.stopped) return;
      const audio = this.context(data);
      const buffer = await audio.decodeAudioData(data);
      if (!this.stopped) this.schedule(buffer, index, performance.now() - arrived);
    }).catch((err) => this.call("onError", err)).finally(() => { this.pending -= 1; });
  }

  /** No more chunks will come. */
  finish() {
    this.finished = true;
    this.chain.then(() => {
      if (!this.sources.length) this.drained();
    });
  }

  /** Silence now and let the AudioContext go. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    for (const source of this.sources) {
      try { source.stop(); } catch { /* not started yet */ }
    }
    this.sources = [];
    if (this.audio) this.audio.close().catch(() => {});
  }

  /** Start (or go on) playing: call it from a user gesture. */
  resume() {
    if (this.audio && !this.stopped) return this.audio.resume();
    return Promise.resolve();
  }

  /** Hold the clock; `resume()` goes on from here. */
  pause() {
    if (this.audio && !this.stopped) this.audio.suspend();
  }

  get running() {
    return Boolean(this.audio) && this.audio.state === "running";
  }

  /** Seconds played and seconds received so far. */
  progress() {
    const first = this.scheduled[0];
    const total = this.scheduled.reduce((sum, s) => sum + s.duration, 0);
    const played = first && this.audio ? Math.max(0, this.audio.currentTime - first.start) : 0;
    return { played: Math.min(played, total), total };
  }

  /** The AudioContext at the stream's sample rate: the warm one made when the run began
   * (`options.warm`, started while the server worked) if its rate is right, else a new one. */
  context(data) {
    if (this.audio) return this.audio;
    const rate = wavRate(data);
    const warm = this.options.warm;
    if (warm && warm.state !== "closed" && (!rate || warm.sampleRate === rate)) {
      this.audio = warm;
    } else {
      if (warm) warm.close().catch(() => {});
      this.audio = rate ? new AudioContext({ sampleRate: rate }) : new AudioContext();
    }
    this.audio.addEventListener("statechange", () => {
      if (!this.stopped) this.call("onState", this.audio.state === "running");
    });
    if (!this.options.autoplay) {
      this.audio.suspend();
      this.call("onState", false);
    }
    return this.audio;
  }

  schedule(buffer, index, readyMs) {
    const audio = this.audio;
    const now = audio.currentTime;
    if (this.nextTime === null || this.nextTime < now + MARGIN) {
      if (this.nextTime !== null) this.underruns += 1;
      // on a whole sample frame: every later chunk then starts on one too
      this.nextTime = Math.ceil((now + LEAD) * audio.sampleRate) / audio.sampleRate;
    }
    const source = audio.createBufferSource();
    source.buffer = buffer;
    source.connect(audio.destination);
    source.start(this.nextTime);
    source.addEventListener("ended", () => this.ended(source));
    this.sources.push(source);
    this.scheduled.push({ index, start: this.nextTime, duration: buffer.duration, frames: buffer.length,
      sampleRate: buffer.sampleRate, readyMs });
    this.nextTime += buffer.duration;
    if (this.scheduled.length === 1 && audio.state === "running") this.call("onPlay");
    else if (this.scheduled.length === 1 && this.options.autoplay) {
      this.call("onBlocked", () => this.resume()); // refused: the clock waits for this call
    }
  }

  ended(source) {
    this.sources = this.sources.filter((s) => s !== source);
    // a chunk still being fetched or decoded (slow under load) is not lost: it plays late
    if (this.finished && !this.sources.length && !this.pending) this.drained();
  }

  drained() {
    if (this.stopped) return;
    this.stop();
    this.call("onDrained");
  }

  call(name, ...args) {
    const fn = this.options[name];
    if (fn) fn(...args);
  }
}

/**
 * The sample rate in a WAV header (0 when the bytes are not a WAV Web Audio can run at).
 * @param {ArrayBuffer} data
 * @returns {number}
 */
export function wavRate(data) {
  if (data.byteLength < 28) return 0;
  const tag = (at) => String.fromCharCode(...new Uint8Array(data, at, 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE" || tag(12) !== "fmt ") return 0;
  const rate = new DataView(data).getUint32(24, true);
  return rate >= 3000 && rate <= 768000 ? rate : 0;
}
