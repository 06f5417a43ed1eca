/**
 * Microphone recording to a 16-bit mono WAV file, in the page.
 *
 * An AudioWorklet (recorderworklet.js) copies the microphone's samples
 * out of the audio thread; stopping encodes them as WAV, so the server gets plain PCM at
 * the microphone's rate (the file Gradio's recorder also gives) and nothing is lost to a
 * lossy codec.
 */

/** The worklet's module, beside this one (any path prefix). */
const WORKLET = new URL("./recorderworklet.js", import.meta.url).href;

/** A running recording. */
export class Recorder {
  /**
   * Ask for the microphone and start recording.
   * @param {(seconds: number) => void} onTick called as samples come in
   * @returns {Promise<Recorder>}
   */
  static async start(onTick) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("This page has no microphone access (it needs https or localhost).");
    }
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const audio = new AudioContext();
    try {
      await audio.audioWorklet.addModule(WORKLET);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      audio.close().catch(() => {});
      throw err;
    }
    return new Recorder(stream, audio, onTick);
  }

  constructor(stream, audio, onTick) {
    this.stream = stream;
    this.audio = audio;
    this.parts = [];
    this.count = 0;
    this.taken = 0; // parts already handed out by take()
    this.paused = false; // while paused, the microphone's samples are dropped
    this.node = new AudioWorkletNode(audio, "rillet-recorder", { numberOfOutputs: 0 });
    this.node.port.onmessage = (e) => {
      if (this.paused) return;
      this.parts.push(e.data);
      this.count += e.data.length;
      onTick(this.seconds());
    };
    this.input = audio.createMediaStreamSource(stream);
    this.input.connect(this.node);
    audio.resume().catch(() => {});
  }

  /** Stop recording until `resume()`: the time paused is left out of the recording. */
  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
  }

  /** @returns {number} seconds recorded so far */
  seconds() {
    return this.count / this.audio.sampleRate;
  }

  /**
   * The samples recorded since the last call, as a WAV file (a live chunk); null when
   * there are none yet.
   * @returns {File|null}
   */
  take() {
    const parts = this.parts.slice(this.taken);
    this.taken = this.parts.length;
    const count = parts.reduce((n, p) => n + p.length, 0);
    if (!count) return null;
    return new File([encodeWav(parts, count, this.audio.sampleRate)], "chunk.wav", { type: "audio/wav" });
  }

  /** @returns {Promise<File|null>} the recording as a WAV file (null when it is empty) */
  async stop() {
    this.input.disconnect();
    for (const track of this.stream.getTracks()) track.stop();
    const rate = this.audio.sampleRate;
    await this.audio.close();
    if (!this.count) return null;
    return new File([encodeWav(this.parts, this.count, rate)], "recording.wav", { type: "audio/wav" });
  }
}

/**
 * 16-bit mono WAV bytes of Float32 sample blocks.
 * @param {Float32Array[]} parts
 * @param {number} count samples in all parts
 * @param {number} rate sample rate
 * @returns {ArrayBuffer}
 */
export function encodeWav(parts, count, rate) {
  const view = new DataView(new ArrayBuffer(44 + count * 2));
  const text = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + count * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);      // fmt chunk size
  view.setUint16(20, 1, true);       // PCM
  view.setUint16(22, 1, true);       // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true); // bytes per second
  view.setUint16(32, 2, true);       // block align
  view.setUint16(34, 16, true);      // bits per sample
  text(36, "data");
  view.setUint32(40, count * 2, true);
  let at = 44;
  for (const part of parts) {
    for (const x of part) {
      view.setInt16(at, Math.round(Math.max(-1, Math.min(1, x)) * 0x7fff), true);
      at += 2;
    }
  }
  return view.buffer;
}
