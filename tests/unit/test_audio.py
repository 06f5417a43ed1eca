"""rillet.codecs.audio and gr.Audio without a server: every chunk shape decodes to the right
samples, MP3 bytes cut anywhere lose nothing, streams join, bad chunks say what is wrong."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import av
import numpy as np
import pytest

import rillet as gr
from rillet.codecs.audio import AudioStream, join_wavs, read_pcm, wav_bytes
from rillet.codecs.mp3 import id3_size, info_frame_trims, is_frame_header
from rillet.core.contract import Run
from rillet.core.files import FileOut, FileStore, writing_to

RUN = Run(generator=True, live=False, state={})


def tone(rate: int, seconds: float, freq: float = 440.0) -> np.ndarray:
    return 0.3 * np.sin(2 * math.pi * freq * np.arange(int(rate * seconds)) / rate)


def int16(samples: np.ndarray) -> np.ndarray:
    return np.round(samples * 32767).astype(np.int16)


def write_wav(path: Path, rate: int, samples: np.ndarray) -> Path:
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(int16(samples).tobytes())
    return path


def encode(fmt: str, codec: str, rate: int, samples: np.ndarray) -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format=fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            samples.astype(np.float32)[None, :], format="flt", layout="mono"
        )
        frame.sample_rate = rate
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=rate, frame_size=1152
        )
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            container.mux(stream.encode(piece))
        container.mux(stream.encode(None))
    return out.getvalue()


def samples_in(source) -> int:
    """Samples per channel FFmpeg's demuxer gives for a whole file (it trims MP3 padding)."""
    with av.open(source if isinstance(source, str) else io.BytesIO(source)) as container:
        return sum(frame.samples for frame in container.decode(audio=0))


def decode_all(chunks) -> tuple[AudioStream, bytes]:
    stream = AudioStream()
    pcm = b"".join(stream.decode(c) for c in chunks) + stream.finish()
    return stream, pcm


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("audio")
    mp3 = encode("mp3", "libmp3lame", 44100, tone(44100, 1.0))
    (folder / "a.mp3").write_bytes(mp3)
    ogg = encode("ogg", "libopus", 48000, tone(48000, 0.5))
    return {
        "wav": write_wav(folder / "a.wav", 16000, tone(16000, 0.5)),
        "mp3": mp3,
        "mp3_path": folder / "a.mp3",
        "ogg": ogg,
        "stereo": write_wav(
            folder / "s.wav", 22050, np.stack([tone(22050, 0.25), tone(22050, 0.25, 660)], axis=1)
        ),
    }


# ---- every chunk shape ----


def test_wav_path_and_wav_bytes(files):
    stream, pcm = decode_all([str(files["wav"])])
    assert (stream.rate, stream.channels, len(pcm) // 2) == (16000, 1, 8000)
    assert pcm == int16(tone(16000, 0.5)).tobytes(), "16-bit WAV must pass through unchanged"
    _, again = decode_all([files["wav"].read_bytes()])
    assert again == pcm


def test_mp3_path_and_whole_mp3_bytes_give_the_files_samples(files):
    whole = samples_in(files["mp3"])
    assert whole == 44100, "FFmpeg trims the encoder delay and padding"
    for chunk in (str(files["mp3_path"]), files["mp3"]):
        stream, pcm = decode_all([chunk])
        assert (stream.rate, len(pcm) // 2) == (44100, whole)


@pytest.mark.parametrize("size", [20_000, 1000, 417, 7])
def test_mp3_bytes_cut_mid_frame_lose_and_repeat_nothing(files, size):
    mp3 = files["mp3"]
    slices = [mp3[i : i + size] for i in range(0, len(mp3), size)]
    _, pcm = decode_all(slices)
    _, whole = decode_all([mp3])
    assert len(pcm) == len(whole) == 2 * samples_in(mp3)
    assert pcm == whole


def test_whole_mp3_files_back_to_back_are_joined_without_their_padding(files):
    _, pcm = decode_all([files["mp3"]] * 3)
    assert len(pcm) // 2 == 3 * samples_in(files["mp3"])


def test_wav_bytes_cut_anywhere_are_joined_exactly(files):
    data = files["wav"].read_bytes()
    _, pcm = decode_all([data[i : i + 999] for i in range(0, len(data), 999)])
    assert pcm == int16(tone(16000, 0.5)).tobytes()


def test_other_containers_as_bytes(files):
    stream, pcm = decode_all([files["ogg"]])
    assert stream.rate == 48000
    assert len(pcm) // 2 == samples_in(files["ogg"])


@pytest.mark.parametrize(
    "array, expected",
    [
        (np.array([0, 1000, -1000, 32767], np.int16), [0, 1000, -1000, 32767]),
        (np.array([0, 1000 << 16, -(1000 << 16)], np.int32), [0, 1000, -1000]),
        (np.array([0.0, 0.5, -0.5, 2.0, np.nan], np.float32), [0, 16384, -16384, 32767, 0]),
        (np.array([0.0, 0.25], np.float64), [0, 8192]),
        (np.array([128, 255, 0], np.uint8), [0, 32512, -32768]),
    ],
)
def test_arrays_of_every_dtype(array, expected):
    stream, pcm = decode_all([(8000, array)])
    got = np.frombuffer(pcm, np.int16).tolist()
    assert stream.rate == 8000
    assert all(abs(g - e) <= 1 for g, e in zip(got, expected, strict=True)), got
    assert len(got) == len(expected)


def test_mono_and_stereo_arrays_follow_the_first_chunk():
    mono = (16000, int16(tone(16000, 0.1)))
    stereo = (16000, np.stack([tone(16000, 0.1)] * 2, axis=1).astype(np.float32))
    stream, pcm = decode_all([mono, stereo])
    assert stream.channels == 1 and len(pcm) // 2 == 3200
    stream, pcm = decode_all([stereo, mono])
    assert stream.channels == 2 and len(pcm) // 4 == 3200


def test_different_rates_in_one_stream_are_resampled_to_the_first(files):
    stream, pcm = decode_all(
        [
            (16000, int16(tone(16000, 0.5))),  # fixes 16 kHz mono
            (48000, tone(48000, 0.5)),  # resampled
            str(files["stereo"]),  # 22.05 kHz stereo: resampled, mixed down
            files["mp3"],  # 44.1 kHz MP3 bytes
        ]
    )
    assert (stream.rate, stream.channels) == (16000, 1)
    expected = 16000 * (0.5 + 0.5 + 0.25 + 1.0)
    assert abs(len(pcm) // 2 - expected) <= 2, len(pcm) // 2


# ---- join ----


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_join_gives_the_whole_stream(tmp_path, files, fmt):
    stream = AudioStream()
    paths = []
    for i, chunk in enumerate([str(files["wav"]), (8000, tone(8000, 0.25)), files["mp3"]]):
        path = tmp_path / f"chunk{i}.wav"
        path.write_bytes(wav_bytes(stream.decode(chunk), stream.rate, stream.channels))
        paths.append(path)
    out = join_wavs(
        paths, stream.finish(), stream.rate, stream.channels, tmp_path / f"all.{fmt}", fmt
    )
    assert abs(samples_in(str(out)) / 16000 - 1.75) < 0.001


# ---- bad chunks ----


@pytest.mark.parametrize(
    "chunk, message",
    [
        (b"", "is empty"),
        (b"\x00" * 4000, "not an audio file"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "cut before its audio data"),
        ("/no/such/file.wav", "no such audio file"),
        (42, "cannot play a int"),
        ((16000, np.zeros(0, np.int16)), "no samples"),
        ((16000, np.zeros((2, 3, 4))), "shape"),
        ((0, np.zeros(10, np.int16)), "sample rate"),
        ((16000, np.array(["a"])), "dtype"),
    ],
)
def test_bad_chunks_raise_clear_value_errors(chunk, message):
    with pytest.raises(ValueError, match=message):
        AudioStream().decode(chunk)


def test_empty_and_corrupt_files(tmp_path, files):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        AudioStream().decode(str(empty))
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + b"\x00" * 7 + bytes(range(256)) * 8)
    with pytest.raises(ValueError):
        AudioStream().decode(str(broken))


def test_a_bad_chunk_leaves_the_stream_usable(files):
    stream = AudioStream()
    first = stream.decode(str(files["wav"]))
    with pytest.raises(ValueError):
        stream.decode(b"garbage" * 100)
    second = stream.decode(str(files["wav"]))
    assert first == second and stream.rate == 16000


def test_mp3_header_helpers(files):
    mp3 = files["mp3"]
    start = id3_size(mp3)
    assert mp3[:3] == b"ID3" and start > 10 and is_frame_header(mp3[start:])
    assert not is_frame_header(b"\xff\xf1\x50\x80")  # an ADTS AAC header is not MP3
    trims = info_frame_trims(mp3[start : start + 2000])
    assert trims is not None and trims[0] > 529


# ---- gr.Audio ----


def test_preprocess_numpy_and_filepath_with_format(tmp_path, files):
    payload = {"path": str(files["mp3_path"]), "meta": {"_type": "gradio.FileData"}}
    rate, data = gr.Audio(type="numpy").preprocess(payload)
    assert rate == 44100 and data.dtype == np.int16 and data.shape == (44100,)
    stereo = {"path": str(files["stereo"]), "meta": {"_type": "gradio.FileData"}}
    assert gr.Audio().preprocess(stereo)[1].shape == (5512, 2)
    assert gr.Audio(type="filepath").preprocess(payload) == str(files["mp3_path"])
    store = FileStore(root=tmp_path / "store")
    with writing_to(store, "session1"):
        path = Path(gr.Audio(type="filepath", format="wav").preprocess(payload))
    assert path.suffix == ".wav" and path.is_relative_to(tmp_path / "store" / "session1")
    assert read_pcm(path)[0] == 44100 and samples_in(str(path)) == 44100


def test_postprocess_arrays_bytes_paths(files):
    out = gr.Audio().postprocess((8000, np.array([0.0, 0.1, -0.2])))  # peak-scaled, as Gradio
    assert isinstance(out, FileOut) and out.mime_type == "audio/wav"
    assert np.frombuffer(out.data[44:], np.int16).tolist() == [0, 16384, -32768]
    raw = gr.Audio().postprocess(files["mp3"])
    assert raw.data == files["mp3"] and raw.orig_name == "audio.mp3"
    converted = gr.Audio(format="wav").postprocess(str(files["mp3_path"]))
    assert str(converted.path).endswith(".wav") and samples_in(str(converted.path)) == 44100
    assert gr.Audio().postprocess("https://x.org/a.mp3")["url"] == "https://x.org/a.mp3"
    with pytest.raises(ValueError, match="Cannot process"):
        gr.Audio().postprocess([1, 2])


def test_stream_chunk_and_join_stream(files, tmp_path):
    audio = gr.Audio(streaming=True)
    assert audio.output_stream(RUN).policy == "keep"
    assert gr.Audio().output_stream(RUN).policy == "diff"
    state: dict = {}
    chunks = []
    mp3 = files["mp3"]
    for value in [str(files["wav"]), mp3[:5], mp3[5:]]:
        out = audio.stream_chunk(value, state)
        if out is None:
            continue
        assert out.is_stream and out.orig_name.endswith(".wav")
        path = tmp_path / out.orig_name
        path.write_bytes(out.data)
        chunks.append({"path": str(path), "meta": {"_type": "gradio.FileData"}})
    joined = audio.join_stream(chunks, state)
    assert not joined.is_stream and joined.mime_type == "audio/wav"
    assert abs(samples_in(str(joined.path)) / 16000 - 1.5) < 0.001


def test_output_files_follow_the_stores_rule(files, tmp_path):
    store = FileStore(root=tmp_path / "store", blocked_paths=[str(files["wav"].parent)])
    with writing_to(store, "session1"):
        with pytest.raises(ValueError, match="not in a folder the app may read"):
            gr.Audio(streaming=True).stream_chunk(str(files["wav"]), {})
        with pytest.raises(ValueError, match="not in a folder the app may read"):
            gr.Audio(format="mp3").postprocess(str(files["wav"]))


def test_constructor_follows_gradio():
    assert gr.Audio().sources == ["upload", "microphone"]
    assert gr.Audio(streaming=True).sources == ["microphone"]
    with pytest.raises(ValueError, match="type"):
        gr.Audio(type="pil")
    with pytest.raises(ValueError, match="sources"):
        gr.Audio(sources=["webcam"])
    for event in (
        "stream",
        "change",
        "clear",
        "play",
        "pause",
        "stop",
        "pause_recording",
        "start_recording",
        "stop_recording",
        "upload",
        "input",
    ):
        assert callable(getattr(gr.Audio, event))
    assert gr.Audio(value=None).props()["format"] is None
