"""A sound starting on the microphone, heard within 5 ms of it: what pauses a reply at once.

Silero (:mod:`rillet.rtc.vad`) tells speech from noise reliably, but only some 100 ms after
a word's first sound (its windows are 32 ms and a quiet onset scores low). To stop a reply
the user speaks over within a frame or two, :class:`~rillet.rtc.turns.ReplyOnPause` *holds*
the reply at the first sound this detector hears (the transport sends silence and keeps the
rest) and lets the detector decide: speech → the reply is dropped (barge-in), no speech
within :data:`CONFIRM_S` → it resumes where it paused.

A sound is a 5 ms block whose RMS is :data:`ABOVE_FLOOR_DB` above the noise floor and above
:data:`MIN_LEVEL` (-50 dBFS). The floor follows quiet blocks at once and louder ones slowly
(:data:`FLOOR_RISE_DB_S`), so a steady noise (a fan, the echo canceller's residue) becomes
the floor within seconds and stops counting as a sound.
"""

from __future__ import annotations

from typing import Any

#: Seconds per block the level is measured over.
BLOCK_S = 0.005
#: A block this far above the noise floor is a sound.
ABOVE_FLOOR_DB = 12.0
#: …and at least this loud (RMS of full scale 1.0; -50 dBFS).
MIN_LEVEL = 10 ** (-50 / 20)
#: How fast the floor follows a louder steady sound, in dB per second.
FLOOR_RISE_DB_S = 6.0
#: Seconds of microphone audio the detector has to confirm a held reply's interruption.
CONFIRM_S = 0.3


class Onset:
    """Feed it mono int16 frames; it answers whether a sound started in each."""

    def __init__(self) -> None:
        self.floor = MIN_LEVEL
        self._above = 10 ** (ABOVE_FLOOR_DB / 20)

    def push(self, rate: int, mono: Any) -> bool:
        """Whether any block of this frame (``mono`` int16 at ``rate``) is a sound; the
        floor moves with the frame's blocks."""
        import numpy as np

        size = max(1, int(rate * BLOCK_S))
        count = len(mono) // size
        if count == 0:
            return False
        blocks = np.asarray(mono[: count * size], dtype=np.float32).reshape(count, size) / 32768
        levels = np.sqrt(np.mean(np.square(blocks), axis=1))
        sound = False
        rise = 10 ** (FLOOR_RISE_DB_S * BLOCK_S / 20)
        for level in levels.tolist():
            if level >= max(MIN_LEVEL, self.floor * self._above):
                sound = True
            self.floor = max(MIN_LEVEL / 4, min(level, self.floor * rise))
        return sound
