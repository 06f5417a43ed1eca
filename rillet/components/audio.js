/**
 * Audio. Payload: a FileData ({path, url, orig_name, mime_type, size, is_stream, meta}) or null.
 *
 * Output: an `<audio controls>` player (`data-testid="audio-player"`). A streamed output
 * gets chunks (FileData with `is_stream: true`, small WAV files) that play gapless through
 * Web Audio (`../audiostream.js`) under a live bar (`data-testid="audio-stream"`: pause /
 * play, time played / received); the final value, the joined stream, goes into the player
 * for replay, seek and download. One AudioContext per view, at the device's rate, started
 * when a run begins and kept for the next runs (chunks at other rates are resampled as they
 * play); it rests (suspended) between streams, and Stop closes it. A new run stops what
 * plays; Stop silences it. If the browser blocks autoplay, a notice
 * (`data-testid="audio-blocked"`) says so, and one click on it plays the stream from where
 * it stands.
 *
 * Input (interactive), per `sources`: upload (file picker or drop) and microphone
 * (`../recorder.js`: recorded as 16-bit WAV in the page), each uploaded through
 * `ctx.upload`. Emits upload, start_recording, pause_recording (a recording's ❚❚ Pause;
 * ▶ Resume goes on), stop_recording (once the recording is the value), input, change,
 * clear, play, pause, stop. `recording` set from the server starts or stops the
 * microphone. A streaming microphone (`streaming=True` or a `.stream()` listener) sends
 * what it recorded every `stream_every` seconds to its live event ("stream"), each chunk
 * a WAV file uploaded first; while the last chunk waits for its result the
 * samples are kept and go with the next one, so nothing is lost and nothing piles up.
 *
 * A whole file (not a stream while it plays) is drawn as a waveform over the player
 * (`data-testid="waveform"`): the decoded file's peaks as bars, the part played in the
 * progress colour, following the player; a click seeks. Colours come from
 * `waveform_options` (`waveform_color`, `waveform_progress_color`), else the page's muted
 * and primary colours; `show_recording_waveform: false` keeps the player alone. The
 * download button sits in the corner (`buttons`, `../toolbar.js`).
 *
 * Test hook: `el.rilletAudio` = {scheduled: [{index, start, duration, frames, sampleRate,
 * readyMs}], underruns, contextTime(), state(), player, recordedSeconds(), waveform:
 * {url, peaks, progress}}.
 */

import { AudioChunkPlayer } from "rillet/audiostream.js";
import { addStyles, applyCommon, h } from "rillet/block.js";
import { clock } from "rillet/mediainput.js";
import { MediaView } from "rillet/mediaview.js";
import { Recorder } from "rillet/recorder.js";

/**
 * Mount an audio view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, interactive, sources, streaming, autoplay, ...)
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void,
 *   runStarted(): void, runEnded(result: Object): void}}
 */
export function mount(el, props, ctx) {
  return new AudioView(el, props, ctx);
}

class AudioView extends MediaView {
  constructor(el, props, ctx) {
    super(el, props, ctx, { kind: "audio", recordSource: "microphone", accepted: ["audio/", "video/"] });
    this.player = /** @type {HTMLAudioElement} */ (h("audio", { controls: true, preload: "metadata",
      "data-testid": "audio-player" }));
    addStyles("audio", CSS);
    this.liveBar = h("div", { class: "rillet-audio-live", hidden: true, "data-testid": "audio-stream" });
    this.stage = this.liveBar;
    this.wave = new Waveform(this.player, () => this.props.waveform_options || {});
    this.controls = h("div", { class: "rillet-audio-input" });
    el.classList.add("rillet-audio");
    el.append(this.label.el, this.bar.el, this.liveBar, this.wave.el, this.player, this.empty, this.controls);
    for (const name of ["play", "pause"]) this.player.addEventListener(name, () => this.onPlayer(name));
    this.player.addEventListener("ended", () => this.ctx.emit("stop"));
    applyCommon(el, this.props);
    el.rilletAudio = this.hooks();
    this.render();
    if (this.interactive && this.props.recording && this.sources.includes("microphone")) this.record();
  }

  hooks() {
    const view = this;
    const last = () => view.live || view.lastLive; // the stream playing, or the one that played
    const audio = () => (last() ? last().audio : null);
    return {
      get scheduled() { return last() ? last().scheduled : []; },
      get underruns() { return last() ? last().underruns : 0; },
      contextTime: () => (audio() ? audio().currentTime : null),
      state: () => (audio() ? audio().state : "none"),
      player: this.player,
      recordedSeconds: () => (view.recorder ? view.recorder.seconds() : 0),
      get chunksSent() { return view.chunksSent || 0; },
      get waveform() { return view.wave.state(); },
    };
  }

  /** @param {Object|null} next a whole file: a streamed run's joined file stays off the player until asked */
  replace(next) {
    const streamed = Boolean(this.live && this.live.received);
    if (!streamed || next === null) this.stopLive();
    this.value = next;
    this.show(!streamed && this.running && this.props.autoplay);
  }

  /** A run that outputs here began: its stream replaces whatever plays. */
  runStarted() {
    super.runStarted();
    // Start the audio clock now, while the server works: an AudioContext takes tens of
    // milliseconds to run, which would otherwise delay the first sound.
    if (this.props.streaming && this.props.autoplay === true) {
      const audio = this.context();
      if (audio.state === "suspended") audio.resume().catch(() => {});
    }
  }

  /**
   * The view's one AudioContext, at the device's rate, made on first use and kept for
   * every later stream (chunks at other rates are resampled as they play).
   * @returns {AudioContext}
   */
  context() {
    if (!this.audio || this.audio.state === "closed") this.audio = new AudioContext();
    return this.audio;
  }

  /** Nothing plays: let the audio clock rest (the next run resumes it). */
  rest() {
    if (this.audio && this.audio.state === "running") this.audio.suspend().catch(() => {});
  }

  /** @param {{success?: boolean, cancelled?: boolean}} result how the run ended */
  runEnded(result) {
    this.running = false;
    if (!this.live) { // no chunk came to use the clock started for it
      this.rest();
      return;
    }
    if (result && result.cancelled) {
      this.stopLive();
      // Stop lets the AudioContext go; the next run makes a new one
      if (this.audio) this.audio.close().catch(() => {});
      this.audio = null;
    } else this.live.finish();
  }

  /** Show the current value in the player. */
  show(autoplay) {
    const url = this.urlOf(this.value);
    this.player.hidden = !url;
    this.empty.hidden = Boolean(url) || !this.liveBar.hidden || Boolean(this.recorder);
    this.player.loop = Boolean(this.props.loop);
    if (this.player.getAttribute("src") !== url) {
      if (url) this.player.src = url;
      else this.player.removeAttribute("src");
    }
    this.showWave();
    this.bar.update();
    if (this.clearButton) this.clearButton.hidden = !url;
    if (autoplay && url) {
      this.player.play().catch((err) => {
        if (err.name === "NotAllowedError") this.blocked(() => this.player.play(), err.name);
      });
    }
  }

  /** The waveform of the file in the player; none while a stream plays, or when the app
   * asked for the player alone (`show_recording_waveform: false`). */
  showWave() {
    const wanted = this.liveBar.hidden && this.props.waveform_options?.show_recording_waveform !== false;
    this.wave.show(wanted ? this.urlOf(this.value) : null);
  }

  onPlayer(name) {
    if (name === "play" && this.live) this.stopLive(); // the whole file takes over
    this.ctx.emit(name);
  }

  // ---- streamed output ----

  chunk(file) {
    if (!this.live || this.live.finished || this.live.stopped) this.startLive();
    this.live.push(this.ctx.url(file));
  }

  startLive() {
    this.stopLive();
    const toggle = h("button", { type: "button", class: "rillet-icon-btn", "aria-label": "Pause", text: "❚❚" });
    const time = h("span", { class: "rillet-audio-time" });
    const live = new AudioChunkPlayer({
      autoplay: this.props.autoplay === true,
      context: () => this.context(),
      onPlay: () => this.ctx.emit("play"),
      onState: (running) => {
        toggle.textContent = running ? "❚❚" : "▶";
        toggle.setAttribute("aria-label", running ? "Pause" : "Play");
        if (running) this.unblocked();
      },
      onBlocked: (resume) => this.blocked(resume, "AudioContext suspended"),
      onDrained: () => {
        if (this.live === live) this.stopLive();
        this.ctx.emit("stop");
      },
      onError: (err) => {
        console.warn("rillet: an audio chunk could not be played", err);
        this.ctx.toast?.({ level: "warning", message: `An audio chunk could not be played: ${err.message || err}` });
      },
    });
    toggle.addEventListener("click", () => {
      if (live.running) {
        live.pause();
        this.ctx.emit("pause");
      } else {
        this.unblocked();
        live.resume();
        this.ctx.emit("play");
      }
    });
    this.liveBar.replaceChildren(toggle, time, h("span", { class: "rillet-audio-dot", text: "● live" }));
    this.liveBar.hidden = false;
    this.value = null; // the output now holds this stream; the joined file comes at its end
    this.show(false);
    this.live = live;
    this.ctx.emit("change");
    const tick = () => {
      if (this.live !== live) return;
      const { played, total } = live.progress();
      time.textContent = `${clock(played)} / ${clock(total)}`;
      requestAnimationFrame(tick);
    };
    tick();
  }

  /**
   * Autoplay was refused: a click-to-play notice.
   * @param {() => any} play
   * @param {string} why
   */
  blocked(play, why) {
    this.showBlocked("▶ Click to play", "The browser blocked autoplay.", play);
    console.info(`rillet: audio autoplay was blocked (${why}); showing a click-to-play notice`);
  }

  stopLive() {
    if (this.live) {
      this.live.stop();
      this.lastLive = this.live;
      this.rest();
    }
    this.live = null;
    this.unblocked();
    this.liveBar.hidden = true;
    this.empty.hidden = Boolean(this.urlOf(this.value)) || Boolean(this.recorder);
    this.showWave();
  }

  // ---- input ----

  /**
   * `gr.Audio(recording=True|False)` from the server starts or stops the microphone.
   * @param {Object} props the props just changed
   */
  propsChanged(props) {
    if (!("recording" in props) || !this.interactive || !this.sources.includes("microphone")) return;
    if (props.recording && !this.recorder && !this.starting) this.record();
    else if (!props.recording && this.recorder) this.stopRecording();
  }

  async record() {
    this.starting = true;
    try {
      this.recorder = await Recorder.start((s) => { this.recordTime.textContent = clock(s); });
    } catch (err) {
      this.recorder = null;
      this.ctx.toast?.({ level: "error", title: "Microphone", message: err.message || String(err) });
      return;
    } finally {
      this.starting = false;
    }
    this.recordButton.textContent = "■ Stop";
    this.el.classList.add("rillet-recording");
    this.empty.hidden = true;
    if (!this.props.streaming) this.addPauseButton();
    this.ctx.emit("start_recording");
    if (this.props.streaming) {
      const every = Math.max(0.05, this.ctx.stream.every()) * 1000;
      this.streamTimer = setInterval(() => this.sendChunk(), every);
    }
  }

  /** A recording (not a live stream) can pause, as Gradio's: Pause emits pause_recording. */
  addPauseButton() {
    const button = h("button", { type: "button", class: "rillet-btn rillet-btn-sm",
      "data-testid": "audio-pause", text: "❚❚ Pause" });
    button.addEventListener("click", () => {
      const recorder = this.recorder;
      if (!recorder) return;
      if (recorder.paused) {
        recorder.resume();
        button.textContent = "❚❚ Pause";
      } else {
        recorder.pause();
        button.textContent = "▶ Resume";
        this.ctx.emit("pause_recording");
      }
    });
    this.recordButton.after(button);
    this.pauseButton = button;
  }

  /** Send what was recorded since the last chunk, if the live event is ready for it. */
  async sendChunk() {
    if (!this.recorder || this.sendingChunk || !this.ctx.stream.ready()) return;
    this.sendingChunk = this.upload(this.recorder.take(), () => Boolean(this.recorder));
    try {
      await this.sendingChunk;
    } finally {
      this.sendingChunk = null;
    }
  }

  /**
   * Upload a live chunk and send it ("stream": the first one starts the live event).
   * @param {File|null} file
   * @param {() => boolean} still whether to send it once uploaded
   */
  async upload(file, still) {
    if (!file) return;
    try {
      const [data] = await this.ctx.upload([file]);
      if (!still()) return;
      this.value = data;
      this.chunksSent = (this.chunksSent || 0) + 1;
      this.ctx.emit("stream");
    } catch (err) {
      this.ctx.toast?.({ level: "error", title: "Microphone", message: err.message || String(err) });
    }
  }

  /** The live event fed by the microphone ended by itself (time limit): stop recording. */
  streamEnded() {
    if (this.recorder && this.props.streaming) this.stopRecording(true);
  }

  /**
   * Stop the microphone. A streaming one first sends what it recorded since its last
   * chunk (the last words), then ends its live event.
   * @param {boolean} [ended] the live event has already ended: send nothing more
   */
  async stopRecording(ended = false) {
    const recorder = this.recorder;
    this.recorder = null;
    if (this.pauseButton) this.pauseButton.remove();
    this.pauseButton = null;
    this.recordButton.textContent = "● Record";
    this.el.classList.remove("rillet-recording");
    if (this.props.streaming) {
      clearInterval(this.streamTimer);
      if (!ended) {
        await this.sendingChunk;
        // the last words go to the running event only: never start a new one
        await this.upload(recorder.take(), () => this.ctx.stream.active());
      }
      this.ctx.emit("stop_recording");
      if (!ended) this.ctx.emit("close_stream");
      await recorder.stop();
      return;
    }
    const file = await recorder.stop();
    // as Gradio: the recording is the value (uploaded, "change") before stop_recording
    if (file) await this.uploadFile(file, null);
    this.ctx.emit("stop_recording");
  }
}

/** Bars drawn per CSS pixel of width: a 2px bar and a 1px gap. */
const BAR = 3;
/** Peaks kept per file; the bars drawn take the loudest of theirs. */
const PEAKS = 1200;
/** The rate files are decoded at to find their peaks (enough for the shape, and light). */
const PEAK_RATE = 8000;

/** A file's waveform: its peaks as bars, the part played in the progress colour. */
class Waveform {
  /**
   * @param {HTMLMediaElement} player the player it follows and seeks
   * @param {() => Object} options the component's `waveform_options`
   */
  constructor(player, options) {
    this.player = player;
    this.options = options;
    this.canvas = h("canvas", { class: "rillet-waveform-canvas" });
    this.el = h("div", { class: "rillet-waveform", "data-testid": "waveform", hidden: true }, [this.canvas]);
    /** @type {Float32Array|null} */
    this.peaks = null;
    this.url = null;
    this.progress = 0;
    this.token = 0;
    this.frame = 0;
    for (const name of ["timeupdate", "seeked", "loadedmetadata", "emptied"]) player.addEventListener(name, () => this.draw());
    player.addEventListener("play", () => this.follow());
    this.el.addEventListener("click", (e) => this.seek(e));
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  /** @returns {{url: string|null, peaks: number, progress: number}} what it shows (tests) */
  state() {
    return { url: this.peaks ? this.url : null, peaks: this.peaks ? this.peaks.length : 0, progress: this.progress };
  }

  /** @param {string|null} url the file to draw (null: none, hidden) */
  async show(url) {
    if (url === this.url) return;
    const token = ++this.token;
    this.url = url;
    this.peaks = null;
    this.el.hidden = true;
    if (!url) return;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.arrayBuffer();
      const audio = await new OfflineAudioContext(1, 1, PEAK_RATE).decodeAudioData(data);
      if (token !== this.token) return;
      this.peaks = peaksOf(audio);
    } catch (err) {
      if (token === this.token) console.info(`rillet: no waveform for this audio (${err.message || err})`);
      return;
    }
    this.el.hidden = false;
    this.draw();
  }

  /** Redraw on every animation frame while the player plays. */
  follow() {
    cancelAnimationFrame(this.frame);
    const tick = () => {
      this.draw();
      if (!this.player.paused) this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  /** @param {MouseEvent} event a click: the player goes there (once it knows its duration) */
  seek(event) {
    const box = this.el.getBoundingClientRect();
    this.seekTo(Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)));
  }

  /** @param {number} fraction of the duration */
  seekTo(fraction) {
    const duration = this.player.duration;
    if (!Number.isFinite(duration) || duration <= 0) {
      this.player.addEventListener("loadedmetadata", () => this.seekTo(fraction), { once: true });
      if (this.player.preload !== "auto") this.player.preload = "auto";
      return;
    }
    this.player.currentTime = fraction * duration;
    this.draw();
  }

  draw() {
    const peaks = this.peaks;
    if (!peaks || this.el.hidden) return;
    const width = this.el.clientWidth;
    const height = this.el.clientHeight;
    if (!width || !height) return;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const duration = this.player.duration;
    this.progress = Number.isFinite(duration) && duration > 0 ? Math.min(1, this.player.currentTime / duration) : 0;
    const c = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext("2d"));
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, height);
    const style = getComputedStyle(this.el);
    const options = this.options();
    const base = options.waveform_color || style.getPropertyValue("--rillet-muted").trim() || "gray";
    const played = options.waveform_progress_color || style.getPropertyValue("--rillet-primary").trim() || "orange";
    const bars = Math.max(1, Math.floor(width / BAR));
    const loudest = Math.max(...peaks, 1e-6);
    for (let i = 0; i < bars; i += 1) {
      let peak = 0;
      const end = Math.max(Math.floor(((i + 1) * peaks.length) / bars), Math.floor((i * peaks.length) / bars) + 1);
      for (let j = Math.floor((i * peaks.length) / bars); j < end && j < peaks.length; j += 1) peak = Math.max(peak, peaks[j]);
      const barHeight = Math.max(1, (peak / loudest) * (height - 2));
      c.fillStyle = (i + 0.5) / bars <= this.progress ? played : base;
      c.fillRect(i * BAR, (height - barHeight) / 2, BAR - 1, barHeight);
    }
  }
}

/**
 * The loudest sample of each of `PEAKS` equal slices of a decoded file (all channels).
 * @param {AudioBuffer} audio
 * @returns {Float32Array}
 */
function peaksOf(audio) {
  const count = Math.max(1, Math.min(PEAKS, audio.length));
  const peaks = new Float32Array(count);
  for (let ch = 0; ch < audio.numberOfChannels; ch += 1) {
    const samples = audio.getChannelData(ch);
    for (let i = 0; i < count; i += 1) {
      const end = Math.floor(((i + 1) * samples.length) / count);
      let peak = peaks[i];
      for (let j = Math.floor((i * samples.length) / count); j < end; j += 1) {
        const v = Math.abs(samples[j]);
        if (v > peak) peak = v;
      }
      peaks[i] = peak;
    }
  }
  return peaks;
}

const CSS = `
.rillet-waveform { height: 64px; margin: 4px 0 6px; cursor: pointer; }
.rillet-waveform[hidden] { display: none; }
.rillet-waveform-canvas { display: block; width: 100%; height: 100%; }
.rillet-audio .rillet-media-empty { padding: 0; }
.rillet-audio .rillet-media-empty > .rillet-empty-faint { min-height: 72px; }
.rillet-audio .rillet-media-empty > label, .rillet-audio .rillet-media-empty > button { min-height: 150px;
  border: 2px dashed var(--rillet-input-border); border-radius: 6px; }
.rillet-audio .rillet-toolbar { top: 6px; right: 8px; }
`;
