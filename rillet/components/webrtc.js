/**
 * WebRTC: the camera and/or microphone to a Python handler and its answer back, over one
 * RTCPeerConnection (rillet/components/webrtc.py, rillet/server/webrtc.py).
 *
 * Start: getUserMedia (what `modality` asks for, with `track_constraints`; none for
 * mode "receive"), an offer through `gradio_api/webrtc/offer`, the answer applied. The
 * value becomes the connection's id and "tick" (the stream's event: it gives the handler
 * the other inputs and holds the connection for the session) and "state_change" (the
 * handler's side outputs) fire. What the server sends back is shown in the same video
 * element (video) or played (audio); a level meter shows the sound both ways.
 *
 * Stop (or the page going away, or the server closing: Stop elsewhere, `time_limit`) closes
 * the peer connection and tells the server (`gradio_api/webrtc/close`, keepalive so it
 * reaches it while the page unloads). Errors are shown under the media, readably.
 *
 * Test hook: `el.rilletWebRTC` = {state, webrtcId, framesShown, error, reason}.
 */

import { addStyles, applyCommon, h, makeLabel } from "rillet/block.js";
import { ICONS, icon, toolbar } from "rillet/toolbar.js";

const API = new URL("../../gradio_api/webrtc/", import.meta.url).href;
/** Milliseconds the offer waits for ICE candidates to be gathered (loopback: at once). */
const GATHER_MS = 3000;
const BARS = 24;

/**
 * Mount a WebRTC component into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (mode, modality, rtc_configuration, track_constraints, ...)
 * @param {Object} ctx {emit, id, toast}
 * @returns {{get(): string|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  return new WebRTCView(el, props, ctx);
}

class WebRTCView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    /** @type {string|null} */
    this.value = null;
    /** "idle" | "waiting" | "open" */
    this.state = "idle";
    /** @type {RTCPeerConnection|null} */
    this.pc = null;
    /** @type {MediaStream|null} */
    this.local = null;
    /** @type {MediaStream|null} */
    this.remote = null;
    this.framesShown = 0;
    this.error = "";
    this.reason = "";
    this.meter = null;
    addStyles("webrtc", CSS);
    this.label = makeLabel(this.props, null);
    this.frame = h("div", { class: "rillet-webrtc-frame rillet-fullscreen-target", "data-testid": "webrtc" });
    this.video = h("video", { class: "rillet-webrtc-video", "data-testid": "webrtc-video",
      playsinline: true, autoplay: true });
    this.video.muted = true;
    this.audio = h("audio", { autoplay: true, "data-testid": "webrtc-audio" });
    this.bars = h("div", { class: "rillet-webrtc-bars", "aria-hidden": "true" });
    for (let i = 0; i < BARS; i++) this.bars.append(h("span"));
    this.placeholder = h("div", { class: "rillet-webrtc-empty" });
    this.button = h("button", { type: "button", class: "rillet-btn rillet-btn-sm rillet-webrtc-button",
      "data-testid": "webrtc-button" });
    this.button.addEventListener("click", () => (this.state === "idle" ? this.start() : this.stop()));
    this.status = h("span", { class: "rillet-webrtc-status", "aria-live": "polite" });
    this.errorLine = h("div", { class: "rillet-webrtc-error", role: "alert", hidden: true });
    this.bar = toolbar(this.props.full_screen === false ? [] : ["fullscreen"], {
      fullscreen: () => (this.hasVideo ? this.frame : null),
    });
    this.frame.append(this.video, this.bars, this.placeholder, this.audio, this.bar.el);
    el.classList.add("rillet-webrtc");
    el.append(this.label.el, this.frame,
      h("div", { class: "rillet-webrtc-controls" }, [this.button, this.status]), this.errorLine);
    applyCommon(el, this.props);
    this.countFrames();
    this.onLeave = () => this.tellServer();
    window.addEventListener("pagehide", this.onLeave);
    const view = this;
    el.rilletWebRTC = {
      get state() { return view.state; },
      get webrtcId() { return view.value; },
      get framesShown() { return view.framesShown; },
      get error() { return view.error; },
      get reason() { return view.reason; },
      /** Energy of the sound received so far (inbound-rtp `totalAudioEnergy`). */
      async audioEnergy() {
        if (!view.pc) return 0;
        let total = 0;
        (await view.pc.getStats()).forEach((r) => {
          if (r.type === "inbound-rtp" && r.kind === "audio") total += r.totalAudioEnergy || 0;
        });
        return total;
      },
    };
    this.draw();
  }

  get hasVideo() {
    return String(this.props.modality || "video").includes("video");
  }

  get hasAudio() {
    return String(this.props.modality || "video").includes("audio");
  }

  /** @returns {string|null} */
  get() {
    return this.value;
  }

  /** The server sets no value (the connection is the page's); an update to null stops. */
  set(value) {
    if ((value === null || value === undefined) && this.state !== "idle") this.stop();
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("value" in props) this.set(props.value);
    this.draw();
  }

  draw() {
    const labels = this.props.button_labels || {};
    const word = { idle: labels.start || "Start", waiting: labels.waiting || "Connecting…", open: labels.stop || "Stop" };
    this.button.textContent = (this.state === "open" ? "■ " : this.state === "idle" ? "● " : "") + word[this.state];
    this.button.classList.toggle("rillet-btn-stop", this.state === "open");
    this.button.disabled = this.state === "waiting" || this.props.interactive === false;
    this.button.dataset.state = this.state;
    this.el.dataset.state = this.state;
    const size = (v) => (v === null || v === undefined || v === "" ? "" : typeof v === "number" ? `${v}px` : String(v));
    this.frame.style.height = size(this.props.height);
    this.frame.style.width = size(this.props.width);
    this.video.hidden = !this.hasVideo || this.state === "idle";
    this.bars.hidden = this.hasVideo || this.state === "idle";
    this.placeholder.hidden = this.state !== "idle";
    this.placeholder.replaceChildren(icon(ICONS[this.hasVideo ? "webcam" : "microphone"]),
      h("span", { text: this.idleText() }));
    this.status.textContent = this.state === "open" ? this.liveText() : this.state === "waiting" ? "Connecting…" : "";
    this.bar.el.hidden = !this.hasVideo || this.state === "idle" || this.props.full_screen === false;
  }

  idleText() {
    if (this.props.mode === "receive") return "Press Start to receive the stream";
    return this.hasVideo ? "Press Start to stream your camera" : "Press Start to stream your microphone";
  }

  liveText() {
    const kind = this.hasVideo ? (this.hasAudio ? "camera and microphone" : "camera") : "microphone";
    return this.props.mode === "receive" ? "Receiving" : `Live: ${kind}`;
  }

  showError(message) {
    this.error = message;
    this.errorLine.textContent = message;
    this.errorLine.hidden = !message;
  }

  async start() {
    this.showError("");
    this.reason = "";
    this.state = "waiting";
    this.draw();
    try {
      await this.connect();
    } catch (err) {
      this.showError(readable(err));
      this.close();
    }
  }

  async connect() {
    const mode = this.props.mode || "send-receive";
    if (mode !== "receive") {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        throw new Error("This page has no camera or microphone access (it needs https or localhost).");
      }
      const want = this.props.track_constraints || {};
      this.local = await navigator.mediaDevices.getUserMedia({
        video: this.hasVideo ? (want.video ?? true) : false,
        audio: this.hasAudio ? (want.audio ?? true) : false,
      });
      if (this.hasVideo && mode === "send-receive") this.showLocal();
      if (this.hasVideo && mode === "send") this.showLocal();
      if (!this.hasVideo) this.listen(this.local);
    }
    const pc = new RTCPeerConnection((await this.iceConfiguration()) || undefined);
    this.pc = pc;
    const channel = pc.createDataChannel("rillet");
    channel.onmessage = (event) => this.onMessage(event.data);
    pc.ontrack = (event) => this.onTrack(event);
    pc.onconnectionstatechange = () => this.onState();
    if (this.local) {
      for (const track of this.local.getTracks()) {
        const sender = pc.addTrack(track, this.local);
        if (mode === "send") pc.getTransceivers().find((t) => t.sender === sender).direction = "sendonly";
      }
    } else {
      if (this.hasVideo) pc.addTransceiver("video", { direction: "recvonly" });
      if (this.hasAudio) pc.addTransceiver("audio", { direction: "recvonly" });
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    if (this.pc !== pc) return; // stopped meanwhile
    const res = await fetch(`${API}offer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sdp: pc.localDescription.sdp, type: "offer", component_id: this.ctx.id }),
    });
    const reply = await res.json().catch(() => null);
    if (!res.ok) throw new Error((reply && reply.detail) || `the server answered HTTP ${res.status}`);
    if (this.pc !== pc) {
      this.value = reply.webrtc_id;
      this.tellServer();
      this.value = null;
      return;
    }
    await pc.setRemoteDescription({ sdp: reply.sdp, type: reply.type });
    this.value = reply.webrtc_id;
    this.state = "open";
    this.draw();
    this.ctx.emit("tick");
    this.ctx.emit("state_change");
    this.ctx.emit("start_recording");
  }

  /** The ICE servers: the app's dict, or what its function makes now (fetched). */
  async iceConfiguration() {
    if (!this.props.rtc_configuration_fresh) return this.props.rtc_configuration;
    const res = await fetch(`${API}config/${this.ctx.id}`, { cache: "no-store" });
    const reply = await res.json().catch(() => null);
    if (!res.ok) throw new Error((reply && reply.detail) || `the server answered HTTP ${res.status}`);
    return reply;
  }

  showLocal() {
    this.video.srcObject = this.local;
    this.video.classList.toggle("rillet-webrtc-mirror", this.props.mirror_webcam !== false);
    this.video.play().catch(() => {});
  }

  onTrack(event) {
    // live media: play each frame as soon as it is decoded, no playout delay (Chromium)
    const receiver = /** @type {any} */ (event.receiver);
    if ("jitterBufferTarget" in receiver) receiver.jitterBufferTarget = 0;
    if ("playoutDelayHint" in receiver) receiver.playoutDelayHint = 0;
    if (!this.remote) this.remote = new MediaStream();
    this.remote.addTrack(event.track);
    if (event.track.kind === "video") {
      this.video.srcObject = this.remote;
      this.video.classList.remove("rillet-webrtc-mirror");
      this.video.play().catch(() => {});
    } else {
      this.audio.srcObject = this.remote;
      this.audio.play().catch(() => {});
      if (!this.hasVideo) this.listen(this.remote);
    }
  }

  onState() {
    const pc = this.pc;
    if (!pc) return;
    if (pc.connectionState === "failed") {
      this.showError("The connection failed: the server could not be reached over WebRTC "
        + "(a network between you and it may need a TURN server, see rtc_configuration).");
      this.close();
    } else if (pc.connectionState === "closed") {
      this.close();
    }
  }

  onMessage(data) {
    let message = null;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "error") this.showError(`The stream's handler failed: ${message.message}`);
    if (message.type === "closed") {
      this.reason = String(message.reason || "");
      if (this.reason === "time limit") this.showError("The stream reached its time limit.");
      this.close(false);
    }
  }

  /** The user's Stop. */
  stop() {
    this.close();
  }

  /**
   * End the connection here (and, unless the server ended it, there too).
   * @param {boolean} [tell] tell the server
   */
  close(tell = true) {
    const was = this.state;
    if (tell) this.tellServer();
    if (this.pc) this.pc.close();
    this.pc = null;
    for (const stream of [this.local, this.remote]) {
      if (stream) for (const track of stream.getTracks()) track.stop();
    }
    this.local = null;
    this.remote = null;
    this.video.srcObject = null;
    this.audio.srcObject = null;
    this.stopMeter();
    this.value = null;
    this.state = "idle";
    this.draw();
    if (was === "open") this.ctx.emit("stop_recording");
  }

  /** Tell the server this page's connection is over (also while the page unloads). */
  tellServer() {
    if (!this.value) return;
    const body = JSON.stringify({ webrtc_id: this.value, component_id: this.ctx.id });
    fetch(`${API}close`, { method: "POST", keepalive: true, body,
      headers: { "content-type": "application/json" } }).catch(() => {});
  }

  /** A level meter of `stream`'s sound (audio modality). */
  listen(stream) {
    this.stopMeter();
    const AudioContextClass = window.AudioContext;
    if (!AudioContextClass || stream.getAudioTracks().length === 0) return;
    const context = new AudioContextClass();
    const analyser = context.createAnalyser();
    analyser.fftSize = 64;
    context.createMediaStreamSource(stream).connect(analyser);
    const levels = new Uint8Array(analyser.frequencyBinCount);
    const bars = Array.from(this.bars.children);
    const tick = () => {
      if (!this.meter) return;
      analyser.getByteFrequencyData(levels);
      bars.forEach((bar, i) => {
        const level = levels[Math.min(levels.length - 1, i)] / 255;
        /** @type {HTMLElement} */ (bar).style.transform = `scaleY(${0.08 + 0.92 * level})`;
      });
      this.meter.frame = requestAnimationFrame(tick);
    };
    this.meter = { context, frame: requestAnimationFrame(tick) };
  }

  stopMeter() {
    if (!this.meter) return;
    cancelAnimationFrame(this.meter.frame);
    this.meter.context.close().catch(() => {});
    this.meter = null;
    for (const bar of Array.from(this.bars.children)) /** @type {HTMLElement} */ (bar).style.transform = "";
  }

  /** Count the frames the video element shows (for tests and the bench). */
  countFrames() {
    const video = /** @type {any} */ (this.video);
    if (typeof video.requestVideoFrameCallback !== "function") return;
    const each = () => {
      if (this.remote && this.video.srcObject === this.remote) this.framesShown += 1;
      video.requestVideoFrameCallback(each);
    };
    video.requestVideoFrameCallback(each);
  }
}

/**
 * Wait until `pc` has gathered its ICE candidates (or GATHER_MS passed): the offer then
 * carries them, so no trickle is needed.
 * @param {RTCPeerConnection} pc
 * @returns {Promise<void>}
 */
function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, GATHER_MS);
  });
}

/**
 * A message a person can act on, for an error of getUserMedia, the offer or the network.
 * @param {any} err
 * @returns {string}
 */
function readable(err) {
  const name = err && err.name;
  if (name === "NotAllowedError") return "Camera or microphone access was denied: allow it in the browser and press Start again.";
  if (name === "NotFoundError") return "No camera or microphone was found.";
  if (name === "NotReadableError") return "The camera or microphone is in use by another program.";
  if (name === "OverconstrainedError") return "The camera or microphone cannot do what track_constraints asks.";
  return (err && err.message) || String(err);
}

const CSS = `
.rillet-webrtc-frame { position: relative; min-height: 240px; border-radius: var(--rillet-radius);
  background: var(--rillet-subtle); overflow: hidden; display: flex; align-items: center; justify-content: center; }
.rillet-webrtc-video { display: block; width: 100%; height: 100%; max-height: 70vh; object-fit: contain; background: var(--rillet-subtle); }
.rillet-webrtc-video[hidden], .rillet-webrtc-bars[hidden], .rillet-webrtc-empty[hidden] { display: none; }
.rillet-webrtc-mirror { transform: scaleX(-1); }
.rillet-webrtc-empty { display: flex; flex-direction: column; align-items: center; gap: 8px; color: var(--rillet-muted); padding: 24px; text-align: center; }
.rillet-webrtc-empty svg { width: 32px; height: 32px; fill: none; stroke: currentColor; stroke-width: 1.6; stroke-linecap: round; stroke-linejoin: round; }
.rillet-webrtc-bars { display: flex; align-items: center; gap: 4px; height: 96px; }
.rillet-webrtc-bars > span { display: block; width: 6px; height: 100%; border-radius: 3px; background: var(--rillet-primary);
  transform: scaleY(0.08); transition: transform 60ms linear; }
.rillet-webrtc-controls { display: flex; align-items: center; gap: 10px; margin-top: 8px; }
.rillet-webrtc-button { width: auto; min-width: 96px; }
.rillet-webrtc-status { color: var(--rillet-muted); font-size: 13px; }
.rillet-webrtc-error { margin-top: 6px; color: var(--rillet-error, var(--rillet-text)); font-size: 13px; }
.rillet-webrtc-error[hidden] { display: none; }
`;
