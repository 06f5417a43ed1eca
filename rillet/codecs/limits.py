"""How much an input may decode to, so that a small file cannot fill the server's memory
(a "decompression bomb": a 140 KB PNG of 12000x12000 pixels, a 600 KB FLAC of an hour of
silence).

- **Pixels**: an image (or a video frame) of more than ``PIL.Image.MAX_IMAGE_PIXELS`` pixels
  (Pillow's limit, 89.5 million by default; None switches it off) is refused, from its
  header, before it is decoded. Pillow itself only warns up to twice that limit, as Gradio
  lets it; rillet refuses at the limit.
- **Duration**: audio or video an input component decodes (to numpy, or to convert it to
  another format) may last ``max_length`` seconds when the component sets it (Gradio's
  name), else ``RILLET_MAX_MEDIA_DURATION`` seconds (600 by default; ``none`` switches it
  off). The duration in the file's header is checked before decoding, and the decoded
  samples or frames are counted as they come, for headers that lie.
- **Sample rate**: decoded audio above :data:`MAX_SAMPLE_RATE` is refused (memory per
  second grows with it).

A refused input raises :class:`TooLarge` (a ``ValueError``): the event fails with
"Invalid value for 'audio': ..." and the server goes on serving. Nothing here is imported
by ``import rillet``; Pillow is imported only to read its limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

#: Seconds of audio or video an input may decode to, unless ``RILLET_MAX_MEDIA_DURATION``
#: or the component's ``max_length`` says otherwise.
DEFAULT_MAX_DURATION = 600.0
DURATION_ENV = "RILLET_MAX_MEDIA_DURATION"
#: Decoded audio faster than this is refused (384 kHz studio masters included).
MAX_SAMPLE_RATE = 192_000


class TooLarge(ValueError):
    """An input that would decode to more than the limits allow."""


class TooLong(TooLarge):
    """An input that lasts longer than the duration limit."""


def max_duration(max_length: float | None = None) -> float | None:
    """Seconds an input may decode to: the component's ``max_length`` when set, else
    ``RILLET_MAX_MEDIA_DURATION`` (a number, or "none"), else 600."""
    if max_length is not None:
        return float(max_length)
    raw = os.environ.get(DURATION_ENV, "").strip().lower()
    if raw in ("none", "0", "off"):
        return None
    return float(raw) if raw else DEFAULT_MAX_DURATION


def max_pixels() -> int | None:
    """Pillow's ``PIL.Image.MAX_IMAGE_PIXELS`` (None: no limit)."""
    import PIL.Image

    limit = PIL.Image.MAX_IMAGE_PIXELS
    return None if limit is None else int(limit)


@dataclass(frozen=True)
class Limits:
    """What one input may decode to; None: no limit."""

    seconds: float | None = None
    pixels: int | None = None

    @classmethod
    def for_input(cls, max_length: float | None = None) -> Limits:
        """The limits of an input component (its ``max_length`` or the app's default)."""
        return cls(max_duration(max_length), max_pixels())

    def check_seconds(self, seconds: float, name: str) -> None:
        """TooLarge when ``seconds`` (declared or counted so far) is over the limit."""
        if self.seconds is not None and seconds > self.seconds:
            raise TooLong(
                f"{name} lasts more than {self.seconds:g} seconds, the longest this app accepts"
            )

    def check_pixels(self, width: int, height: int, name: str) -> None:
        """TooLarge when a ``width`` x ``height`` picture is over the limit."""
        if self.pixels is not None and width * height > self.pixels:
            raise TooLarge(
                f"{name} is {width}x{height} pixels, more than the "
                f"{self.pixels:,} pixels this app accepts"
            )

    def check_rate(self, rate: int, name: str) -> None:
        """TooLarge when audio decodes at more than :data:`MAX_SAMPLE_RATE` (unless the
        duration is unlimited too)."""
        if self.seconds is not None and rate > MAX_SAMPLE_RATE:
            raise TooLarge(
                f"{name} has a sample rate of {rate} Hz, above the "
                f"{MAX_SAMPLE_RATE} Hz this app accepts"
            )


def declared_seconds(container: Any) -> float:
    """How long an open PyAV container says it lasts (its duration, else its longest
    stream's); 0 when it does not say."""
    import av

    if container.duration:
        return container.duration / av.time_base
    return max(
        (float(s.duration * s.time_base) for s in container.streams if s.duration and s.time_base),
        default=0.0,
    )
