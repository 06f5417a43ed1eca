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
 * offered for download at once and takes over the player as soon as the player is not
 * playing (at once if paused, else when it pauses or reaches the end), without a visible
 * seam: a second, unseen `<video>` loads it at the same position and replaces the first
 * only once it has presented that frame (`takeOver`), so the last frame stays, and the
 * position, paused/ended state, mute state, volume and rate carry over. A new run replaces
 * the stream; Stop ends it where it stands.
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
 * Test hook: `el.rilletVideo` = {player (the `<video>` shown now), firstChunkAt, firstFrameAt (performance.now()
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
    /** @type {{next: HTMLVideoElement, live: any, check: () => void}|null} the joined file getting ready to take over (check: whether it can, now) */
    this.takeover = null;
    /** @type {WeakMap<HTMLVideoElement, number>} each player's frame on screen (media time) */
    this.shownAt = new WeakMap();
    this.video = this.makeVideo();
    this.video.setAttribute("data-testid", "video-player");
    this.player = this.video;
    this.badge = h("span", { class: "rillet-video-live", hidden: true, text: "● live" });
    this.frame = h("div", { class: "rillet-video-frame" }, [this.player, this.badge]);
    this.stage = this.frame;
    addStyles("video", CSS);
    this.controls = h("div", { class: "rillet-video-input" });
    el.classList.add("rillet-video");
    el.append(this.label.el, this.bar.el, this.frame, this.empty, this.controls);
    applyCommon(el, this.props);
    this.applySize();
    el.rilletVideo = this.hooks();
    this.render();
  }

  /**
   * A `<video>` whose play, pause and end are the component's events while it is the player.
   * @returns {HTMLVideoElement}
   */
  makeVideo() {
    const video = /** @type {HTMLVideoElement} */ (h("video", { controls: true, playsinline: true,
      preload: "metadata" }));
    const emit = (...names) => () => {
      if (video === this.player) for (const name of names) this.ctx.emit(name);
    };
    video.addEventListener("play", emit("play"));
    video.addEventListener("pause", emit("pause"));
    video.addEventListener("ended", emit("end", "stop"));
    if (video.requestVideoFrameCallback) {
      // the media time of the frame on screen, so a takeover never shows an earlier one
      const seen = (/** @type {number} */ _now, /** @type {any} */ meta) => {
        this.shownAt.set(video, meta.mediaTime);
        if (this.takeover && video === this.video) this.takeover.check(); // a frame after the pause
        if (video.isConnected || !this.shownAt.has(video)) video.requestVideoFrameCallback(seen);
      };
      video.requestVideoFrameCallback(seen);
    }
    return video;
  }

  hooks() {
    const view = this;
    const last = () => view.live || view.lastLive; // the stream playing, or the one that played
    const read = (name, empty) => (last() ? last()[name] : empty);
    return {
      get player() { return view.player; },
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

  /** The joined file came: offer it for download now; it takes over the player once the
   * stream has ended and the player is not playing (at once if paused, else when it pauses
   * or reaches the end). */
  joinedArrived(live) {
    this.bar.update();
    live.finish().then(() => {
      if (this.live !== live) return;
      live.video.addEventListener("pause", () => this.takeOver(live), { signal: live.listening.signal });
      this.takeOver(live);
    });
  }

  /**
   * Put the joined file in the player without a visible seam: a second `<video>`, unseen
   * over the first, loads it and seeks to where the stream stands (its end, if it ended);
   * only once it has presented that frame does it replace the first, with the same mute
   * state, volume and rate, paused or ended as the stream was. Until then the stream's
   * last frame stays on screen. If the stream plays again meanwhile, the swap waits for
   * its next pause.
   * @param {any} live the ended stream
   */
  takeOver(live) {
    if (this.live !== live || live.playing || this.takeover) return;
    const old = this.video;
    const next = this.makeVideo();
    next.preload = "auto";
    next.classList.add("rillet-video-next");
    next.muted = old.muted;
    next.volume = old.volume;
    next.defaultPlaybackRate = old.defaultPlaybackRate;
    next.playbackRate = old.playbackRate;
    next.loop = Boolean(this.props.loop);
    next.style.height = old.style.height;
    next.style.width = old.style.width;
    const takeover = { next, live, check: () => {} };
    this.takeover = takeover;
    let target = 0;
    // The frame on screen: after a pause the old player may still present one frame past
    // its currentTime, so the takeover aims at whichever is later.
    const onScreen = () => (old.ended ? -1 : this.shownAt.get(old) ?? -1);
    // a hair past it: a seek to exactly a frame's start time may land, rounded down, on
    // the frame before it
    const at = () => (old.ended ? next.duration
      : Math.min(Math.max(old.currentTime, onScreen()) + 0.001, next.duration));
    let seekedAt = 0;
    const seek = () => {
      target = at();
      seekedAt = performance.now();
      next.currentTime = target;
    };
    const ready = () => {
      if (this.takeover !== takeover) return;
      if (this.live !== live || live.playing) {
        this.cancelTakeover();
        return;
      }
      if (Math.abs(at() - target) > 0.01) seek(); // the stream moved meanwhile
      else if (document.fullscreenElement === old) { // swapping would leave full screen: after it
        document.addEventListener("fullscreenchange", ready, { once: true });
      } else this.swap(takeover);
    };
    if (next.requestVideoFrameCallback) {
      // the frame at the target is on screen (unseen): any earlier one than the old
      // player's is not enough. The frame may come just before the seek is over, or just
      // after; the old player may present a later frame meanwhile (then: seek again).
      let shown = -1;
      takeover.check = () => {
        if (this.takeover !== takeover || next.seeking || next.readyState < 2) return;
        if (Math.abs(at() - target) > 0.01) seek();
        else if (Math.abs(shown - target) < 0.25 && shown >= onScreen() - 0.0005) ready();
        // no sign of the frame half a second after the seek (Chromium does not always
        // present a paused, unseen video's frame after a seek): seek again, which does
        else if (performance.now() - seekedAt > 500) seek();
      };
      const frame = (/** @type {number} */ _now, /** @type {any} */ meta) => {
        if (this.takeover !== takeover) return;
        shown = meta.mediaTime;
        takeover.check();
        if (this.takeover === takeover) next.requestVideoFrameCallback(frame); // not yet, or seek again
      };
      next.requestVideoFrameCallback(frame);
      next.addEventListener("seeked", () => takeover.check());
      // and once per animation frame until it lands: a state that changes with no event
      // (the old player's last frame, the new one's readiness) is not waited for forever
      const poll = () => {
        if (this.takeover !== takeover) return;
        takeover.check();
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    } else {
      next.addEventListener("seeked", () => requestAnimationFrame(() => requestAnimationFrame(ready)));
    }
    next.addEventListener("loadedmetadata", seek, { once: true });
    next.addEventListener("error", () => {
      if (this.takeover !== takeover) return;
      console.warn("rillet: the joined video could not be loaded; the stream stays in the player");
      this.cancelTakeover();
    }, { once: true });
    next.src = this.urlOf(this.value);
    this.frame.insertBefore(next, old);
  }

  /** @param {{next: HTMLVideoElement, live: any, check: () => void}} takeover ready: its video becomes the player */
  swap(takeover) {
    const { next } = takeover;
    const old = this.video;
    this.takeover = null;
    next.classList.remove("rillet-video-next");
    next.setAttribute("data-testid", "video-player");
    const focused = document.activeElement === old;
    old.remove(); // the same task as the line above: one layout, no frame in between
    if (focused) next.focus();
    this.video = next;
    this.player = next;
    this.stopLive();
    old.removeAttribute("src");
    old.load(); // let the MediaSource and its decoder go
    this.show(false);
  }

  cancelTakeover() {
    if (!this.takeover) return;
    const { next } = this.takeover;
    this.takeover = null;
    next.remove();
    next.removeAttribute("src");
    next.load();
  }

  stopLive() {
    this.cancelTakeover();
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
.rillet-video .rillet-video-frame .rillet-video-next { position: absolute; inset: 0; height: 100%;
  opacity: 0; pointer-events: none; }
`;
