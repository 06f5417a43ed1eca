"""Microphone in, a running transcript-like text out.

A stand-in for a speech model: each chunk the microphone sends becomes one line saying
how long it was and how loud. The transcript so far lives in a per-session ``gr.State``.
"""

import numpy as np

import rillet as gr


def transcribe(transcript, chunk):
    rate, samples = chunk
    samples = samples.astype(np.float32) / 32768.0
    rms = float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0
    loudness = 20 * np.log10(rms) if rms > 0 else -120.0
    line = f"{samples.shape[0] / rate:.2f} s at {loudness:.0f} dBFS"
    transcript = (transcript or []) + [line]
    return transcript, "\n".join(transcript)


demo = gr.Interface(
    transcribe,
    ["state", gr.Audio(sources=["microphone"], streaming=True)],
    ["state", gr.Textbox(label="Transcript", lines=8)],
    live=True,
)

if __name__ == "__main__":
    demo.launch()
