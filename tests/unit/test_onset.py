"""The sound detector that holds a reply at the user's first sound (rillet/rtc/onset.py):
it hears a quiet word's first 5 ms, ignores what stays under -50 dBFS, and a steady noise
becomes its floor."""

from __future__ import annotations

import numpy as np

from rillet.rtc.onset import ABOVE_FLOOR_DB, FLOOR_RISE_DB_S, Onset
from tests.realtime_guides.speech import frames, phrase

RATE = 48000


def level(db: float, seconds: float, seed: int = 0) -> np.ndarray:
    """White noise whose RMS is ``db`` dBFS."""
    noise = np.random.default_rng(seed).standard_normal(int(RATE * seconds))
    return np.clip(noise * 32768 * 10 ** (db / 20), -32768, 32767).astype(np.int16)


def sounds(onset: Onset, samples: np.ndarray) -> list[bool]:
    return [onset.push(rate, frame[0]) for rate, frame in frames(samples, RATE)]


def test_a_words_first_sound_is_heard_in_its_first_frame() -> None:
    spoken = phrase("question", RATE)
    first = int(np.flatnonzero(np.abs(spoken) > 0.01 * 32768)[0])  # above -40 dBFS
    heard = sounds(Onset(), spoken)
    assert True in heard
    assert heard.index(True) * RATE // 50 <= first  # the frame holding it, or before


def test_what_stays_under_fifty_dbfs_is_no_sound() -> None:
    assert True not in sounds(Onset(), level(-56, 2.0))


def test_a_steady_noise_becomes_the_floor_and_a_louder_sound_still_counts() -> None:
    onset = Onset()
    noise = level(-30, 4.0)
    heard = sounds(onset, noise)
    assert heard[0]  # its start is a sound
    settle = (-30 - ABOVE_FLOOR_DB + 50) / FLOOR_RISE_DB_S  # seconds for the floor to rise
    assert True not in heard[int((settle + 0.5) * 50) :]  # then it is the background
    assert sounds(onset, level(-12, 0.1, seed=1))[0]  # someone speaks up over it
