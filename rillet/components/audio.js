/**
 * Audio. Payload: a FileData ({path, url, orig_name, mime_type, size, is_stream, meta}) or null.
 *
 * Output: an `<audio controls>` player (`data-testid="audio-player"`). A streamed output
 * gets chunks (FileData with `is_stream: true`, small WAV files) that play gapless through
 * Web Audio (`../audiostream.js`) under a live bar (`data-testid="audio-stream"`: pause /
 * play, time played / received); the final value, the joined stream, goes into the player
 * for replay, seek and download. A new run stops what plays; Stop silences it. If the
 * browser blocks autoplay, a notice (`data-testid="audio-blocked"`) says so, and one click
 * on it plays the stream from where it stands.
 *
 * Input (interactive), per `sources`: upload (file picker or drop) and microphone
 * (`../recorder.js`: recorded as 16-bit WAV in the page), each uploaded through
 * `ctx.upload`. Emits upload, start_recording, stop_recording, input, change, clear,
 * play, pause, stop. A streaming microphone (`streaming=True` or a `.stream()` listener)
 * sends what it recorded every `stream_every` seconds to its live event ("stream"),
 * each chunk a WAV file uploaded first; while the last chunk waits for its result the
 * samples are kept and go with the next one, so nothing is lost and nothing piles up.
 *
 * Test hook: `el.rilletAudio` = {scheduled: [{index, start, duration, frames, sampleRate,
 * readyMs}], underruns, contextTime(), state(), player, recordedSeconds()}.
 */

import { AudioChunkPlayer } from "rillet/audiostream.js";
import { applyCommon, h } from "rillet/block.js";
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
    this.empty = h("div", { class: "rillet-audio-empty", text: "No audio" });
    this.liveBar = h("div", { class: "rillet-audio-live", hidden: true, "data-testid": "audio-stream" });
    this.stage = this.liveBar;
    this.links = h("div", { class: "rillet-audio-links" });
    this.controls = h("div", { class: "rillet-audio-input" });
    el.classList.add("rillet-audio");
    el.append(this.label.el, this.liveBar, this.player, this.empty, this.links, this.controls);
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
    // Start an audio clock now, at the last stream's rate: a new AudioContext takes tens
    // of milliseconds to run, which would otherwise delay the first sound.
    if (this.props.streaming && this.props.autoplay === true && !this.warm) {
      this.warm = new AudioContext(this.lastRate ? { sampleRate: this.lastRate } : {});
    }
  }

  /** @param {{success?: boolean, cancelled?: boolean}} result how the run ended */
  runEnded(result) {
    this.running = false;
    if (this.warm) { // no chunk came to use it
      this.warm.close().catch(() => {});
      this.warm = null;
    }
    if (!this.live) return;
    if (result && result.cancelled) this.stopLive();
    else this.live.finish();
  }

  /** Show the current value in the player. */
  show(autoplay) {
    const url = this.urlOf(this.value);
    this.player.hidden = !url;
    this.empty.hidden = Boolean(url) || this.interactive || !this.liveBar.hidden;
    this.player.loop = Boolean(this.props.loop);
    if (this.player.getAttribute("src") !== url) {
      if (url) this.player.src = url;
      else this.player.removeAttribute("src");
    }
    this.links.replaceChildren();
    if (url && (this.props.buttons || ["download"]).includes("download")) {
      this.links.append(h("a", { href: url, download: this.value.orig_name || "audio", class: "rillet-muted",
        text: "Download" }));
    }
    if (this.clearButton) this.clearButton.hidden = !url;
    if (autoplay && url) {
      this.player.play().catch((err) => {
        if (err.name === "NotAllowedError") this.blocked(() => this.player.play(), err.name);
      });
    }
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
      warm: this.warm,
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
    this.warm = null;
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
      if (this.live.audio) this.lastRate = this.live.audio.sampleRate;
      this.live.stop();
      this.lastLive = this.live;
    }
    this.live = null;
    this.unblocked();
    this.liveBar.hidden = true;
    this.empty.hidden = Boolean(this.urlOf(this.value)) || this.interactive;
  }

  // ---- input ----

  async record() {
    try {
      this.recorder = await Recorder.start((s) => { this.recordTime.textContent = clock(s); });
    } catch (err) {
      this.recorder = null;
      this.ctx.toast?.({ level: "error", title: "Microphone", message: err.message || String(err) });
      return;
    }
    this.recordButton.textContent = "■ Stop";
    this.el.classList.add("rillet-recording");
    this.ctx.emit("start_recording");
    if (this.props.streaming) {
      const every = Math.max(0.05, this.ctx.stream.every()) * 1000;
      this.streamTimer = setInterval(() => this.sendChunk(), every);
    }
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
    this.ctx.emit("stop_recording");
    if (file) await this.uploadFile(file, null);
  }
}
