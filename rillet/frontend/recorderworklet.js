/**
 * The microphone recorder's AudioWorklet (loaded by recorder.js): copies the samples out of
 * the audio thread, mixed to mono, in parts of at least 4096 samples. A module of its own,
 * not a Blob: the page's Content-Security-Policy runs scripts from the app only.
 */

class RilletRecorder extends AudioWorkletProcessor {
  constructor() {
    super();
    this.parts = [];
    this.size = 0;
  }

  process(inputs) {
    const chans = inputs[0];
    if (chans && chans.length) {
      const mono = new Float32Array(chans[0].length);
      for (const ch of chans) for (let i = 0; i < mono.length; i++) mono[i] += ch[i] / chans.length;
      this.parts.push(mono);
      this.size += mono.length;
      if (this.size >= 4096) {
        const out = new Float32Array(this.size);
        let at = 0;
        for (const p of this.parts) {
          out.set(p, at);
          at += p.length;
        }
        this.port.postMessage(out, [out.buffer]);
        this.parts = [];
        this.size = 0;
      }
    }
    return true;
  }
}

registerProcessor("rillet-recorder", RilletRecorder);
