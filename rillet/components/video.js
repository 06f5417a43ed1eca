/**
 * Video. Payload: a FileData ({path, url, orig_name, mime_type, size, is_stream, meta}) or null.
 *
 * Output: a `<video controls>` player (`data-testid="video-player"`). A streamed output gets
 * chunks (FileData with `is_stream: true`, each a standalone fragmented MP4 whose
 * `mime_type` names its codecs) that play through MediaSource as they arrive
 * (`../videostream.js`), under a "● live" badge; `autoplay` starts with the first chunk (a
 * browser that refuses sound plays it muted, with an Unmute notice,
 * `data-testid="video-blocked"`). When the run ends the MediaSource ends too, so the player
 * has the whole stream's duration and seeks in it; the final value, the joined file, is
 * offered for download at once and replaces the MediaSource in the player as soon as the
 * player is not playing (at once if paused, else when it reaches the end). A new run
 * replaces the stream; Stop ends it where it stands.
 *
 * Input (interactive), per `sources`: upload (file picker or drop) and webcam
 * (`../camera.js`: MediaRecorder, MP4/H.264 where the browser records it), each uploaded
 * through `ctx.upload`. Emits upload, start_recording, stop_recording, input, change,
 * clear, play, pause, end, stop.
 *
 * Chrome: the download button in the corner (`buttons`, `../toolbar.js`); empty, an icon
 * and "Drop Video Here - or - Click to Upload" (an input), "Click to Access Webcam" (a
 * webcam-only input) or a faint video icon (an output).
 *
 * Test hook: `el.rilletVideo` = {player, firstChunkAt, firstFrameAt (performance.now()
 * times), stalls (ms), waits: [{at, ms}], appended: [{index, start, end, reinit, arrivedAt, appendedAt}],
 * received, state(), blocked, recordedSeconds(), value}.
 */

import { addStyles, applyCommon, h } from "rillet/block.js";
import { CameraRecorder } from "rillet/camera.js";
import { clock } from "rillet/mediainput.js";
import { MediaView } from "rillet/mediaview.js";
import { VideoChunkPlayer } from "rillet/videostream.js";

/**
 * Mount a video view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, interactive, sources, streaming, autoplay, ...)
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void,
 *   runStarted(): void, runEnded(result: Object): void}}
 */
export function mount(el, props, ctx) {
  return new VideoView(el, props, ctx);
}

class VideoView extends MediaView {
  constructor(el, props, ctx) {
    super(el, props, ctx, { kind: "video", recordSource: "webcam", accepted: ["video/"] });
    /** @type {string|null} why autoplay was refused ("muted", "paused"), while the notice shows */
    this.blockedKind = null;
    this.video = /** @type {HTMLVideoElement} */ (h("video", { controls: true, playsinline: true,
      preload: "metadata", "data-testid": "video-player" }));
    this.player = this.video;
    this.badge = h("span", { class: "rillet-video-live", hidden: true, text: "● live" });
    this.frame = h("div", { class: "rillet-video-frame" }, [this.player, this.badge]);
    this.stage = this.frame;
    addStyles("video", CSS);
    this.controls = h("div", { class: "rillet-video-input" });
    el.classList.add("rillet-video");
    el.append(this.label.el, this.bar.el, this.frame, this.empty, this.controls);
    for (const name of ["play", "pause"]) this.player.addEventListener(name, () => this.ctx.emit(name));
    this.player.addEventListener("ended", () => {
      this.ctx.emit("end");
      this.ctx.emit("stop");
    });
    applyCommon(el, this.props);
    this.applySize();
    el.rilletVideo = this.hooks();
    this.render();
  }

  hooks() {
    const view = this;
    const last = () => view.live || view.lastLive; // the stream playing, or the one that played
    const read = (name, empty) => (last() ? last()[name] : empty);
    return {
      player: this.player,
      get firstChunkAt() { return read("firstChunkAt", null); },
      get firstFrameAt() { return read("firstFrameAt", null); },
      get stalls() { return read("stalls", 0); },
      get waits() { return read("waits", []); },
      get appended() { return read("appended", []); },
      get received() { return read("received", 0); },
      state: () => (view.live ? view.live.state : "none"),
      get blocked() { return view.blockedKind; },
      recordedSeconds: () => (view.recorder ? view.recorder.seconds() : 0),
      get value() { return view.value; },
    };
  }

  /** @param {Object|null} next a whole file: a streamed run's joined file takes over once the stream has played */
  replace(next) {
    this.value = next;
    if (next && this.live && this.live.received) {
      this.joinedArrived(this.live);
    } else {
      this.stopLive();
      this.show(this.running && this.props.autoplay);
    }
  }

  /** @param {Object} props */
  propsChanged(props) {
    if ("height" in props || "width" in props) this.applySize();
  }

  /** @param {{success?: boolean, cancelled?: boolean}} result how the run ended */
  runEnded(result) {
    this.running = false;
    if (!this.live) return;
    this.live.finish();
    if (result && result.cancelled) this.player.pause();
  }

  applySize() {
    const css = (v) => (typeof v === "number" ? `${v}px` : v || "");
    this.player.style.height = css(this.props.height);
    this.player.style.width = css(this.props.width);
  }

  /** Show the current value in the player (not a stream). */
  show(autoplay) {
    if (this.recorder) return; // the camera preview is on
    const url = this.urlOf(this.value);
    this.frame.hidden = !url && !this.live;
    this.empty.hidden = Boolean(url) || Boolean(this.live);
    this.player.loop = Boolean(this.props.loop);
    if (!this.live && this.player.getAttribute("src") !== url) {
      if (url) this.player.src = url;
      else this.player.removeAttribute("src");
    }
    this.bar.update();
    if (this.clearButton) this.clearButton.hidden = !url;
    if (autoplay && url) this.player.play().catch(() => this.blocked("paused", () => this.player.play()));
  }

  // ---- streamed output ----

  chunk(file) {
    if (this.noMediaSource) return; // the joined file plays when the stream ends
    if (!this.live || this.live.finished) this.startLive();
    if (this.live) this.live.push(this.ctx.url(file), file.mime_type);
  }

  startLive() {
    this.stopLive();
    this.value = null; // the output now holds this stream; the joined file comes at its end
    try {
      this.live = new VideoChunkPlayer(this.video, {
        autoplay: this.props.autoplay === true,
        onBlocked: (kind, resume) => this.blocked(kind, resume),
        onError: (err) => {
          console.warn("rillet: a video chunk could not be played", err);
          this.ctx.toast?.({ level: "warning", message: `A video chunk could not be played: ${err.message || err}` });
        },
      });
    } catch (err) {
      this.noMediaSource = true;
      this.ctx.toast?.({ level: "warning", message: err.message || String(err) });
      return;
    }
    this.player.loop = false;
    this.badge.hidden = false;
    this.show(false);
    this.ctx.emit("change");
  }

  /** The joined file came: download it now; play from it once the stream has ended and
   * the player is not playing (at once, or when it reaches the end). */
  joinedArrived(live) {
    this.bar.update();
    const swap = () => {
      if (this.live === live) this.useFile();
    };
    live.finish().then(() => {
      if (this.live !== live) return;
      if (live.playing) this.player.addEventListener("ended", swap, { once: true });
      else swap();
    });
  }

  /** Replace the MediaSource by the joined file, at the same time and mute state. */
  useFile() {
    const at = this.player.currentTime;
    const ended = this.player.ended;
    this.stopLive();
    const url = this.urlOf(this.value);
    this.player.src = url;
    this.player.loop = Boolean(this.props.loop);
    this.player.addEventListener("loadedmetadata", () => {
      this.player.currentTime = ended ? this.player.duration : Math.min(at, this.player.duration);
    }, { once: true });
    this.show(false);
  }

  stopLive() {
    if (this.live) {
      this.live.stop();
      this.lastLive = this.live;
    }
    this.live = null;
    this.badge.hidden = true;
    this.unblocked();
  }

  /**
   * Autoplay was refused: say so; a click plays with sound.
   * @param {string} kind "muted" (it plays without sound) or "paused"
   * @param {() => any} resume
   */
  blocked(kind, resume) {
    const muted = kind === "muted";
    this.showBlocked(muted ? "🔊 Unmute" : "▶ Click to play",
      muted ? "The browser blocked sound: the video plays muted." : "The browser blocked autoplay.", resume);
    this.blockedKind = kind;
    console.info(`rillet: video autoplay was blocked (${kind}); showing a notice`);
  }

  unblocked() {
    super.unblocked();
    this.blockedKind = null;
  }

  // ---- input ----

  async record() {
    const options = this.props.webcam_options || {};
    this.frame.hidden = false;
    this.empty.hidden = true;
    try {
      this.recorder = await CameraRecorder.start(this.video, {
        audio: Boolean(this.props.include_audio), constraints: options.constraints || null,
        format: this.props.format || null, mirror: options.mirror !== false,
        onTick: (s) => { this.recordTime.textContent = clock(s); },
      });
    } catch (err) {
      this.recorder = null;
      this.show(false);
      this.ctx.toast?.({ level: "error", title: "Webcam", message: err.message || String(err) });
      return;
    }
    this.recordButton.textContent = "■ Stop";
    this.el.classList.add("rillet-recording");
    this.ctx.emit("start_recording");
  }

  async stopRecording() {
    const recorder = this.recorder;
    this.recordButton.textContent = "● Record";
    this.el.classList.remove("rillet-recording");
    const file = await recorder.stop();
    this.recorder = null;
    this.ctx.emit("stop_recording");
    if (file) await this.uploadFile(file, null);
    else this.show(false);
  }
}

const CSS = `
.rillet-video .rillet-media-empty { padding: 0; }
.rillet-video .rillet-media-empty > .rillet-empty-state { min-height: 200px; background: var(--rillet-subtle);
  border-radius: 6px; }
.rillet-video .rillet-media-empty > label, .rillet-video .rillet-media-empty > button {
  border: 2px dashed var(--rillet-input-border); }
.rillet-video .rillet-toolbar { top: 6px; right: 8px; }
`;
