"""Stand-ins for the models the streaming guides download (no weights can be fetched
here): a "transcriber" that reports how long and how loud the audio was, a "speaker" that
says each word as a short tone, a "detector" that boxes whatever moved between frames, and
a "chat model" that answers from the transcript. Same call shapes as what they replace."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np

#: Loudness under which audio counts as silence (dBFS), for the loudness "VAD".
SILENT_DBFS = -45.0


def loudness(samples: np.ndarray) -> float:
    """dBFS of int16 (or float in [-1, 1]) samples; -120 for digital silence."""
    data = samples.astype(np.float32)
    if samples.dtype == np.int16:
        data /= 32768.0
    rms = float(np.sqrt(np.mean(data**2))) if data.size else 0.0
    return 20 * np.log10(rms) if rms > 0 else -120.0


def transcribe(rate: int, samples: np.ndarray) -> str:
    """What a speech model would answer, stood in: the audio's length and loudness."""
    seconds = samples.shape[0] / rate if samples.ndim else 0.0
    return f"{seconds:.1f} s of audio at {loudness(samples):.0f} dBFS"


def is_speech(rate: int, samples: np.ndarray) -> bool:
    return loudness(samples) > SILENT_DBFS


def determine_pause(audio: np.ndarray, rate: int, state: object) -> bool:
    """The guides' ``determine_pause``, stood in: the last half second is silent after
    something loud was heard (sets ``state.started_talking``)."""
    if is_speech(rate, audio):
        state.started_talking = True  # type: ignore[attr-defined]
    tail = audio[-rate // 2 :]
    return bool(getattr(state, "started_talking", False)) and not is_speech(rate, tail)


def speak(text: str, rate: int = 24000) -> Iterator[np.ndarray]:
    """A "TTS" that says each word as a 0.15 s tone (pitch from the word), int16 mono."""
    for word in text.split():
        pitch = 220 + 20 * (sum(map(ord, word)) % 20)
        t = np.arange(int(0.15 * rate)) / rate
        yield (8000 * np.sin(2 * np.pi * pitch * t)).astype(np.int16)


def numpy_to_mp3(audio: np.ndarray, sampling_rate: int) -> bytes:
    """int16 mono samples as MP3 bytes (PyAV's LAME), as the guide's helper does."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=sampling_rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = sampling_rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def answer(question: str) -> str:
    """A magic-8-ball "LLM": a proverb chosen from the question."""
    proverbs = [
        "The early bird gets the worm",
        "Curiosity killed the cat",
        "A watched pot never boils",
        "Still waters run deep",
    ]
    return proverbs[sum(map(ord, question)) % len(proverbs)]


def draw_moving_boxes(
    previous: np.ndarray | None, frame: np.ndarray, threshold: float
) -> np.ndarray:
    """A "detector": one green box around the pixels that changed since ``previous``
    (more than ``threshold`` × 255), drawn on a copy of the RGB ``frame``."""
    out = frame.copy()
    if previous is None or previous.shape != frame.shape:
        return out
    moved = np.abs(frame.astype(np.int16) - previous.astype(np.int16)).max(axis=2) > threshold * 255
    rows, cols = np.flatnonzero(moved.any(axis=1)), np.flatnonzero(moved.any(axis=0))
    if rows.size and cols.size:
        top, bottom, left, right = rows[0], rows[-1], cols[0], cols[-1]
        green = np.array([0, 255, 0], dtype=out.dtype)
        out[top : bottom + 1, [left, right]] = green
        out[[top, bottom], left : right + 1] = green
    return out
