"""Guide 05, "Real Time Speech Recognition": its two programs (Gradio's ``asr`` and
``stream_asr`` demos) with the import changed and Whisper replaced by the loudness
"transcriber". ``demo`` transcribes a whole recording; ``stream_demo`` (``live=True``, a
streaming microphone) re-transcribes everything heard so far on every chunk, keeping the
audio in a ``"state"``."""

import numpy as np

import rillet as gr
from tests.realtime_guides.standins import transcribe as transcriber


def transcribe(audio):
    sr, y = audio

    # Convert to mono if stereo
    if y.ndim > 1:
        y = y.mean(axis=1)

    y = y.astype(np.float32)
    y /= np.max(np.abs(y)) or 1.0

    return transcriber(sr, y)


demo = gr.Interface(
    transcribe,
    gr.Audio(sources="microphone"),
    "text",
    api_name="predict",
)


def transcribe_stream(stream, new_chunk):
    sr, y = new_chunk

    # Convert to mono if stereo
    if y.ndim > 1:
        y = y.mean(axis=1)

    y = y.astype(np.float32)
    y /= np.max(np.abs(y)) or 1.0

    stream = np.concatenate([stream, y]) if stream is not None else y
    return stream, transcriber(sr, stream)


stream_demo = gr.Interface(
    transcribe_stream,
    ["state", gr.Audio(sources=["microphone"], streaming=True)],
    ["state", "text"],
    live=True,
    api_name="predict",
)

if __name__ == "__main__":
    stream_demo.launch()
