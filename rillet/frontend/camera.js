/**
 * Webcam recording with MediaRecorder, previewed live in a `<video>`.
 *
 * The recording is MP4 with H.264 where the browser can record it (Chromium and Safari
 * can), so the server streams it back by copying, not re-encoding; WebM otherwise (the
 * server converts it when the component's `format` asks for MP4).
 */

/** Recording types in order of preference, without and with a microphone track. */
const VIDEO_ONLY = ["video/mp4;codecs=avc1", "video/mp4", "video/webm;codecs=vp8", "video/webm"];
const WITH_AUDIO = ["video/mp4;codecs=avc1,mp4a.40.2", "video/mp4;codecs=avc1,opus", "video/mp4",
  "video/webm;codecs=vp8,opus", "video/webm"];

/**
 * The recording type to use.
 * @param {boolean} audio whether the microphone is recorded too
 * @param {string|null} format the component's `format` ("mp4", "webm"... or null)
 * @returns {string} a MediaRecorder mimeType ("" when the browser names none)
 */
export function recordingType(audio, format) {
  const supported = (t) => window.MediaRecorder && MediaRecorder.isTypeSupported(t);
  const all = audio ? WITH_AUDIO : VIDEO_ONLY;
  const wanted = format === "webm" ? all.filter((t) => t.startsWith("video/webm")) : all;
  return wanted.find(supported) || all.find(supported) || "";
}

/**
 * The `getUserMedia` argument for a webcam. `constraints` is Gradio's
 * `WebcamOptions.constraints`: the whole argument ({video, audio}); a dict with neither
 * key is taken as the video part alone.
 * @param {Object|null} constraints
 * @param {boolean} audio whether the microphone is wanted too
 * @returns {MediaStreamConstraints}
 */
export function webcamConstraints(constraints, audio) {
  if (!constraints) return { video: true, audio };
  if ("video" in constraints || "audio" in constraints) {
    return { video: constraints.video ?? true, audio: audio ? (constraints.audio ?? true) : false };
  }
  return { video: constraints, audio };
}

/** A running webcam recording. */
export class CameraRecorder {
  /**
   * Ask for the camera (and microphone), show it in `preview` and start recording.
   * @param {HTMLVideoElement} preview
   * @param {{audio: boolean, constraints: Object|null, format: string|null, mirror: boolean,
   *   onTick: (seconds: number) => void}} options
   * @returns {Promise<CameraRecorder>}
   */
  static async start(preview, options) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("This page has no camera access (it needs https or localhost).");
    }
    const stream = await navigator.mediaDevices.getUserMedia(
      webcamConstraints(options.constraints, options.audio));
    return new CameraRecorder(preview, stream, options);
  }

  constructor(preview, stream, options) {
    this.preview = preview;
    this.stream = stream;
    this.parts = [];
    this.type = recordingType(options.audio, options.format);
    this.recorder = new MediaRecorder(stream, this.type ? { mimeType: this.type } : {});
    this.recorder.addEventListener("dataavailable", (e) => { if (e.data.size) this.parts.push(e.data); });
    this.startedAt = null;
    this.timer = setInterval(() => options.onTick(this.seconds()), 100);
    preview.removeAttribute("src");
    preview.srcObject = stream;
    preview.muted = true;
    preview.classList.toggle("rillet-video-mirror", options.mirror !== false);
    preview.play().catch(() => {});
    this.recorder.addEventListener("start", () => { this.startedAt = performance.now(); }, { once: true });
    this.recorder.start(250);
  }

  /** @returns {number} seconds recorded so far */
  seconds() {
    return this.startedAt === null ? 0 : (performance.now() - this.startedAt) / 1000;
  }

  /** @returns {Promise<File|null>} the recording (null when nothing was recorded) */
  async stop() {
    clearInterval(this.timer);
    if (this.recorder.state !== "inactive") {
      const stopped = new Promise((resolve) => this.recorder.addEventListener("stop", resolve, { once: true }));
      this.recorder.stop();
      await stopped;
    }
    for (const track of this.stream.getTracks()) track.stop();
    this.preview.srcObject = null;
    this.preview.classList.remove("rillet-video-mirror");
    if (!this.parts.length) return null;
    const type = (this.recorder.mimeType || this.type || "video/webm").split(";")[0];
    const ext = type === "video/mp4" ? "mp4" : "webm";
    return new File(this.parts, `recording.${ext}`, { type });
  }
}
