"""G.711 µ-law, the telephone network's 8-bit audio (what Twilio's Media Streams carry),
to and from 16-bit PCM, with numpy: Python's ``audioop`` is gone from 3.13 on.

A code holds a sign, a 3-bit exponent and a 4-bit mantissa, all bits inverted: a sample's
magnitude plus a bias of 132 lies in the step that starts at ``(16 + mantissa) << (exponent
+ 3)``; decoding gives the middle of that step, less the bias. The codes and values are
those of ITU-T G.711 as its reference coder (G.191) computes them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Added to a magnitude before it is coded, so that the segments start on powers of two.
BIAS = 0x84
#: The largest magnitude coded (more is clipped to it).
CLIP = 32635


def encode(samples: Any) -> Any:
    """µ-law codes (``uint8``) of int16 samples."""
    pcm = np.asarray(samples, dtype=np.int32).reshape(-1)
    negative = pcm < 0
    # a negative sample's magnitude is counted from -1, as in ITU-T G.191's coder
    magnitude = np.minimum(np.where(negative, ~pcm, pcm), CLIP) + BIAS
    exponent = np.clip(np.frexp(magnitude.astype(np.float64))[1] - 8, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    code = (negative.astype(np.int32) << 7) | (exponent << 4) | mantissa
    return (~code & 0xFF).astype(np.uint8)


def decode(codes: Any) -> Any:
    """int16 samples of µ-law codes (bytes or a ``uint8`` array)."""
    if isinstance(codes, (bytes, bytearray, memoryview)):
        codes = np.frombuffer(codes, dtype=np.uint8)
    code = ~np.asarray(codes, dtype=np.int32) & 0xFF
    exponent = (code >> 4) & 0x07
    mantissa = code & 0x0F
    magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS
    return np.where(code & 0x80, -magnitude, magnitude).astype(np.int16)
