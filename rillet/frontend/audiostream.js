/**
 * Gapless playback of audio chunks with Web Audio, on one AudioContext.
 *
 * Each chunk (a small 16-bit WAV file) is fetched as soon as it arrives, read straight into
 * an AudioBuffer at the chunk's own sample rate (`createBuffer(channels, frames, rate)`, no
 * decoding step and no trip to the decoder's thread; other formats go through
 * `decodeAudioData` on an OfflineAudioContext at their own rate) and scheduled with
 * `AudioBufferSourceNode.start(next)`, `next` being where the previous chunk ends, so chunks
 * play back to back with no gap and no overlap.
 *
 * The AudioContext is not the player's: the view owns one for the page's life, at the
 * device's own rate, started when a run begins (while the server works) and reused by
 * every stream. A chunk at another rate is resampled by Web Audio as it plays (an
 * AudioBuffer keeps its own rate on any context), so the context is never closed and
 * reopened at the stream's rate: that second start-up delayed the first sound by tens of
 * milliseconds and could click. Each stream plays through its own gain node, which `stop()`
 * disconnects: silence at once, and the context stays for the next stream.
 *
 * The first chunk plays as soon as it is ready; later ones are queued. A chunk that comes
 * after the queue ran dry (an underrun: the generator or the network was late) starts at
 * once, and from then on the player keeps more in hand: each underrun widens the look-ahead
 * by how late that chunk was (up to `MAX_LEAD`), so the same lateness again is absorbed
 * instead of heard. The first chunk never waits for it.
 *
 * When the browser refuses to start sound without a user gesture, the context stays
 * suspended and the clock waits: `onBlocked` is called once the first chunk is ready, and
 * a later `resume()` (from a click) plays the stream from where it stands, losing nothing.
 * (Chromium also starts a blocked context by itself when a chunk is scheduled after the
 * user has interacted with the page.)
 */

/** Seconds ahead of the clock the first chunk is scheduled. */
const LEAD = 0.025;
/** A chunk scheduled closer to the clock than this counts as late (an underrun). */
const MARGIN = 0.005;
/** The widest look-ahead underruns may grow it to (seconds). */
const MAX_LEAD = 0.25;
/** WAV samples are little-endian: read as an Int16Array only where the machine is too. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * @typedef {Object} StreamHooks  every hook is optional
 * @property {() => void} [onPlay]     the first chunk was scheduled on a running clock
 * @property {() => void} [onDrained]  every chunk has played and no more will come
 * @property {(resume: () => void) => void} [onBlocked]  autoplay was refused (the first
 *   chunk is ready and the context is suspended)
 * @property {(running: boolean) => void} [onState]  the context started or stopped running
 * @property {(err: Error) => void} [onError]  a chunk could not be fetched or decoded
 */

/** One stream's chunks on the view's AudioContext. */
export class AudioChunkPlayer {
  /**
   * @param {{autoplay: boolean, context: () => AudioContext} & StreamHooks} options autoplay
   *   false: wait for `resume()`; context: the view's AudioContext (made on the first call)
   */
  constructor(options) {
    this.options = options;
    /** @type {AudioContext|null} */
    this.audio = null;
    /** @type {GainNode|null} this stream's way out: disconnected on stop */
    this.out = null;
    this.sources = [];
    /** [{index, start, duration, frames, sampleRate, readyMs}] in schedule order */
    this.scheduled = [];
    this.underruns = 0;
    /** seconds of look-ahead for a chunk that comes after the queue ran dry */
    this.lead = LEAD;
    this.received = 0;
    /** chunks received and not yet scheduled (or failed) */
    this.pending = 0;
    this.nextTime = null;
    this.finished = false;
    this.stopped = false;
    this.listening = new AbortController();
    /** @type {Map<number, OfflineAudioContext>} decoders for chunks that are not 16-bit WAV */
    this.decoders = new Map();
    this.chain = Promise.resolve();
  }

  /**
   * A chunk arrived: fetch it now, read and schedule it after the ones before.
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
      const audio = this.context();
      const buffer = wavBuffer(audio, data) || await this.decode(data);
      if (!this.stopped) this.schedule(buffer, index, performance.now() - arrived);
    }).catch((err) => this.call("onError", err)).finally(() => { this.pending -= 1; });
  }

  /**
   * A chunk that is not 16-bit PCM WAV, decoded at its own rate (an OfflineAudioContext at
   * the WAV header's rate, else at the context's).
   * @param {ArrayBuffer} data
   * @returns {Promise<AudioBuffer>}
   */
  decode(data) {
    const rate = wavRate(data) || this.audio.sampleRate;
    if (!this.decoders.has(rate)) this.decoders.set(rate, new OfflineAudioContext(1, 1, rate));
    return this.decoders.get(rate).decodeAudioData(data);
  }

  /** No more chunks will come. */
  finish() {
    this.finished = true;
    this.chain.then(() => {
      if (!this.sources.length) this.drained();
    });
  }

  /** Silence now; the context stays with the view. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.listening.abort();
    for (const source of this.sources) {
      try { source.stop(); } catch { /* not started yet */ }
    }
    this.sources = [];
    if (this.out) this.out.disconnect();
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

  /** The view's AudioContext, with this stream's gain node on it (on the first chunk). */
  context() {
    if (this.audio) return this.audio;
    const audio = this.options.context();
    this.audio = audio;
    this.out = audio.createGain();
    this.out.connect(audio.destination);
    audio.addEventListener("statechange", () => {
      if (!this.stopped) this.call("onState", audio.state === "running");
    }, { signal: this.listening.signal });
    if (!this.options.autoplay) {
      audio.suspend();
      this.call("onState", false);
    } else if (audio.state === "suspended") {
      audio.resume().catch(() => {}); // refused without a gesture: onBlocked says so
    }
    return audio;
  }

  schedule(buffer, index, readyMs) {
    const audio = this.audio;
    const now = audio.currentTime;
    if (this.nextTime === null || this.nextTime < now + MARGIN) {
      if (this.nextTime !== null) {
        this.underruns += 1;
        this.lead = Math.min(MAX_LEAD, this.lead + (now + MARGIN - this.nextTime));
      }
      // on a whole sample frame of the context
      this.nextTime = Math.ceil((now + this.lead) * audio.sampleRate) / audio.sampleRate;
    }
    const source = audio.createBufferSource();
    source.buffer = buffer;
    source.connect(this.out);
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
 * The `fmt ` fields and the PCM of a RIFF/WAVE file, or null when it is not one.
 * @param {ArrayBuffer} data
 * @returns {{format: number, channels: number, rate: number, bits: number,
 *   pcm: DataView}|null}
 */
export function wavInfo(data) {
  if (data.byteLength < 12) return null;
  const view = new DataView(data);
  const tag = (at) => String.fromCharCode(...new Uint8Array(data, at, 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return null;
  let fmt = null;
  for (let at = 12; at + 8 <= data.byteLength;) {
    const type = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (type === "fmt " && size >= 16 && body + 16 <= data.byteLength) {
      fmt = { format: view.getUint16(body, true), channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (type === "data" && fmt) {
      const length = Math.min(size, data.byteLength - body); // a streamed header may say more
      return { ...fmt, pcm: new DataView(data, body, length) };
    }
    at = body + size + (size & 1);
  }
  return null;
}

/**
 * The sample rate in a WAV header (0 when the bytes are not a WAV Web Audio can run at).
 * @param {ArrayBuffer} data
 * @returns {number}
 */
export function wavRate(data) {
  const info = wavInfo(data);
  return info && info.rate >= 3000 && info.rate <= 768000 ? info.rate : 0;
}

/**
 * A 16-bit PCM WAV file as an AudioBuffer at its own sample rate, or null for anything
 * else (which is decoded instead).
 * @param {BaseAudioContext} audio makes the buffer (its rate does not matter)
 * @param {ArrayBuffer} data
 * @returns {AudioBuffer|null}
 */
export function wavBuffer(audio, data) {
  const info = wavInfo(data);
  if (!info || info.format !== 1 || info.bits !== 16 || !wavRate(data)) return null;
  const { channels, pcm } = info;
  if (channels < 1 || channels > 32) return null;
  const frames = Math.floor(pcm.byteLength / (2 * channels));
  if (!frames || pcm.byteOffset % 2 || !LITTLE_ENDIAN) return null; // RIFF pads chunks: never, in practice
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, frames * channels);
  const buffer = audio.createBuffer(channels, frames, info.rate);
  for (let c = 0; c < channels; c++) {
    const out = buffer.getChannelData(c);
    for (let i = 0, at = c; i < frames; i++, at += channels) out[i] = samples[at] / 32768;
  }
  return buffer;
}
