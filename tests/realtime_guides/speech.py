"""Real speech for the voice tests: three phrases spoken by espeak-ng (Debian's), stored as
16 kHz mono WAV files in ``voice/`` so the tests need no speech synthesiser, and helpers to
lay them out between silences and cut them into microphone frames.

The files were made with ``espeak-ng -s 160 -w x.wav "<text>"`` and ``sox x.wav -r 16000
-b 16 -c 1 out.wav silence 1 0.01 1% reverse silence 1 0.01 1% reverse`` (leading and
trailing silence trimmed)."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np

VOICE = Path(__file__).parent / "voice"
#: The phrases, by file stem: what each one says.
PHRASES = {
    "weather": "Hello there, how is the weather today",
    "story": "Tell me a story about a dragon",
    "question": "Wait, stop, I have a question",
}


def phrase(name: str, rate: int = 16000) -> np.ndarray:
    """The phrase's int16 mono samples at ``rate`` (16000, or a multiple of it: repeated
    samples, so the phrase can be found exactly in what a handler gets back; or any other
    rate: interpolated)."""
    with wave.open(str(VOICE / f"{name}.wav"), "rb") as file:
        samples = np.frombuffer(file.readframes(file.getnframes()), dtype=np.int16)
    if rate == 16000:
        return samples.copy()
    if rate % 16000 == 0:
        return np.repeat(samples, rate // 16000)
    places = np.arange(int(len(samples) * rate / 16000)) * 16000 / rate
    return np.interp(places, np.arange(len(samples)), samples).astype(np.int16)


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(round(seconds * rate), dtype=np.int16)


def conversation(
    *parts: str | float, rate: int = 48000
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Phrases (names) and silences (seconds) one after the other, and where each phrase
    is (first and end sample)."""
    pieces: list[np.ndarray] = []
    places: list[tuple[int, int]] = []
    at = 0
    for part in parts:
        piece = silence(part, rate) if isinstance(part, (int, float)) else phrase(part, rate)
        if isinstance(part, str):
            places.append((at, at + len(piece)))
        pieces.append(piece)
        at += len(piece)
    return np.concatenate(pieces), places


def frames(
    samples: np.ndarray, rate: int, ms: int = 20, channels: int = 1
) -> Iterator[tuple[int, np.ndarray]]:
    """Microphone frames as a transport hands them over: ``(rate, int16 (channels, n))``."""
    size = rate * ms // 1000
    for start in range(0, len(samples), size):
        chunk = samples[start : start + size]
        yield rate, np.tile(chunk, (channels, 1))


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """A 16-bit mono WAV file (Chromium's fake microphone plays such a file)."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    return path
