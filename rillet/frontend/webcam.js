/**
 * The webcam of an image input: a live preview, and either snapshots (Capture) or a
 * stream of frames to a live (`.stream()`) event.
 *
 * Streaming sends a frame when the camera has a new one *and* the last frame sent has
 * been answered (`ctx.stream.ready()`): the frame rate follows what the function can
 * do, up to the camera's, and a slow function never gets a backlog. Frames go as JPEG
 * data URLs, the payload Gradio's webcam sends too.
 *
 * Test hook: `el.rilletWebcam` = {sent, answered, streaming}.
 */

import { h } from "rillet/block.js";
import { webcamConstraints } from "rillet/camera.js";

const QUALITY = 0.85;

/** The webcam part of an image view. */
export class WebcamInput {
  /**
   * @param {Object} view the image view: `el`, `frame`, `tools`, `props`, `ctx`, `showEmpty()`,
   *   `setFrame(payload)` (a streamed frame: the view's value, no "change"),
   *   `captured(file)` (a snapshot to upload as the value)
   */
  constructor(view) {
    this.view = view;
    this.media = null;
    this.streaming = false;
    this.fresh = false;
    this.busy = false;
    this.sent = 0;
    this.answered = 0;
    this.canvas = document.createElement("canvas");
    this.video = h("video", { class: "rillet-webcam-preview", "data-testid": "webcam-preview",
      muted: true, playsinline: true, autoplay: true });
    this.video.muted = true;
    const streams = Boolean(view.props.streaming);
    this.button = h("button", { type: "button", class: "rillet-btn rillet-btn-sm",
      "data-testid": streams ? "webcam-stream" : "webcam-open", text: streams ? "● Stream" : "Webcam" });
    this.button.addEventListener("click", () => this.toggle());
    const webcam = this;
    view.el.rilletWebcam = {
      get sent() { return webcam.sent; },
      get answered() { return webcam.answered; },
      get streaming() { return webcam.streaming; },
    };
  }

  get streams() {
    return Boolean(this.view.props.streaming);
  }

  get mirror() {
    const options = this.view.props.webcam_options || {};
    return options.mirror !== false;
  }

  /** The button that opens the camera (and, for a streaming input, starts streaming). */
  control() {
    return this.button;
  }

  async toggle() {
    if (this.media && !this.streams) return this.capture();
    if (this.media) return this.stop(true);
    return this.open();
  }

  async open() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      this.fail("This page has no camera access (it needs https or localhost).");
      return;
    }
    const options = this.view.props.webcam_options || {};
    try {
      this.media = await navigator.mediaDevices.getUserMedia(webcamConstraints(options.constraints || null, false));
    } catch (err) {
      this.fail(err.message || String(err));
      return;
    }
    this.video.srcObject = this.media;
    this.video.classList.toggle("rillet-video-mirror", this.mirror);
    this.view.frame.replaceChildren(this.video);
    await this.video.play().catch(() => {});
    this.button.textContent = this.streams ? "■ Stop" : "Capture";
    this.view.el.classList.add("rillet-webcam-on");
    if (this.streams) this.startStreaming();
  }

  fail(message) {
    this.view.ctx.toast?.({ level: "error", title: "Webcam", message });
  }

  startStreaming() {
    this.streaming = true;
    this.fresh = true;
    this.watchFrames();
    this.send();
  }

  /** Note each new camera frame; send it if the last one has been answered. */
  watchFrames() {
    const video = this.video;
    const next = (fn) => (video.requestVideoFrameCallback
      ? video.requestVideoFrameCallback(fn) : requestAnimationFrame(fn));
    const onFrame = () => {
      if (!this.streaming) return;
      this.fresh = true;
      this.send();
      next(onFrame);
    };
    next(onFrame);
  }

  /** The live event answered the last frame (called by the page's engine). */
  answeredOne() {
    this.answered += 1;
    this.send();
  }

  async send() {
    if (!this.streaming || !this.fresh || this.busy || !this.view.ctx.stream.ready()) return;
    if (!this.video.videoWidth) return;
    this.fresh = false;
    this.busy = true;
    try {
      const url = await this.frameUrl();
      if (!this.streaming) return;
      this.view.setFrame({ url, orig_name: "webcam.jpeg", mime_type: "image/jpeg", path: null,
        size: null, is_stream: false, meta: { _type: "gradio.FileData" } });
      this.sent += 1;
      this.view.ctx.emit("stream");
    } finally {
      this.busy = false;
    }
  }

  /** @returns {Promise<Blob>} the current camera frame as JPEG */
  frameBlob() {
    const { videoWidth: w, videoHeight: hgt } = this.video;
    if (this.canvas.width !== w || this.canvas.height !== hgt) { // resizing clears and reallocates
      this.canvas.width = w;
      this.canvas.height = hgt;
    }
    const c = this.canvas.getContext("2d");
    c.setTransform(this.mirror ? -1 : 1, 0, 0, 1, this.mirror ? w : 0, 0);
    c.drawImage(this.video, 0, 0, w, hgt);
    return new Promise((resolve, reject) => this.canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("could not encode the frame"))), "image/jpeg", QUALITY));
  }

  async frameUrl() {
    const blob = await this.frameBlob();
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  /** A snapshot becomes the input's value (uploaded); the camera closes. */
  async capture() {
    const blob = await this.frameBlob();
    this.stop(false);
    await this.view.captured(new File([blob], "webcam.jpeg", { type: "image/jpeg" }));
  }

  /**
   * Close the camera.
   * @param {boolean} tell end the live event too ("close_stream")
   */
  stop(tell) {
    const wasStreaming = this.streaming;
    this.streaming = false;
    if (this.media) for (const track of this.media.getTracks()) track.stop();
    this.media = null;
    this.video.srcObject = null;
    this.button.textContent = this.streams ? "● Stream" : "Webcam";
    this.view.el.classList.remove("rillet-webcam-on");
    if (tell && wasStreaming) this.view.ctx.emit("close_stream");
    if (wasStreaming) this.view.showEmpty(); // not a dead preview: "Click to Access Webcam" again
  }

  /** The live event ended by itself (time limit, error): stop streaming. */
  ended() {
    if (this.streaming) this.stop(false);
  }
}
