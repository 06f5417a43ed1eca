"""The video media layer (rillet.codecs.video*): remux without re-encoding, transcoding, one
continuous timeline across chunks, audio layout, size changes, bad chunks, the joined file;
and gr.Video's conversions."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import pytest

import rillet as gr
from rillet.codecs import fmp4, video
from rillet.codecs.aac_track import FRAME
from rillet.codecs.video import CLOCK, VideoStream
from rillet.codecs.video_join import join
from rillet.core.contract import Run
from rillet.core.files import FileOut

from ..videofiles import annex_b_units, decoded, frames, make_m4a, make_video, packets, seconds_of


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("video")
    return {
        "h264": make_video(folder / "h264.mp4"),
        "ts": make_video(folder / "h264.ts"),
        "h264_silent": make_video(folder / "silent.mp4", audio=False),
        "h264_big": make_video(folder / "big.mp4", size=(640, 360), audio=False),
        "mp4v": make_video(folder / "mp4v.mp4", codec="mpeg4"),
        "vp9": make_video(folder / "vp9.webm", codec="libvpx-vp9"),
        "mp4v_wide": make_video(folder / "wide.mp4", codec="mpeg4", size=(320, 120)),
        "m4a": make_m4a(folder / "tone.m4a"),
        "aac44": make_video(folder / "aac44.mp4", rate=44100),
    }


@pytest.fixture
def no_encoder(monkeypatch):
    """Fail if a video encoder is opened."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a video encoder was opened")

    monkeypatch.setattr(video, "_x264_stream", refuse)


def tracks(data: bytes) -> dict[int, list[float]]:
    """Each track's fragment start times (seconds), from the boxes themselves."""
    init, _ = fmp4.split(data)
    scales = fmp4.timescales(init)
    out: dict[int, list[float]] = {}
    for track, time in fmp4.decode_times(data):
        out.setdefault(track, []).append(time / scales[track])
    return out


def first_composition_offset(data: bytes) -> int:
    """The composition offset of the first sample of the first fragment (its ``trun``)."""
    trun = next(b for b in fmp4.walk(data) if b.type == b"trun")
    body = data[trun.body]
    flags = int.from_bytes(body[1:4], "big")
    if not flags & 0x800:
        return 0  # no composition offsets: every frame shows at its decode time
    at = 8 + 4 * bool(flags & 1) + 4 * bool(flags & 4)
    at += 4 * bool(flags & 0x100) + 4 * bool(flags & 0x200) + 4 * bool(flags & 0x400)
    return int.from_bytes(body[at : at + 4], "big", signed=True)


def test_h264_mp4_is_remuxed_without_reencoding(media, no_encoder):
    chunk = VideoStream().add(media["h264"])
    assert (chunk.video, chunk.audio) == ("copy", "copy")
    assert [bytes(p) for p in packets(chunk.data)] == [bytes(p) for p in packets(media["h264"])]
    # the AAC frames are copied too (the encoder-delay frame before the picture is left out)
    source_audio = [bytes(p) for p in packets(media["h264"], "audio") if p.pts >= 0]
    assert [bytes(p) for p in packets(chunk.data, "audio")] == source_audio[
        : len(packets(chunk.data, "audio"))
    ]
    assert chunk.mime.startswith('video/mp4; codecs="avc1.') and chunk.mime.endswith(', mp4a.40.2"')
    assert chunk.duration == pytest.approx(1.0)


def test_h264_ts_is_remuxed_nal_for_nal(media, no_encoder):
    chunk = VideoStream().add(media["ts"])
    assert chunk.video == "copy"
    ours = [list(fmp4.nal_units(bytes(p), 4)) for p in packets(chunk.data)]
    theirs = [annex_b_units(bytes(p)) for p in packets(media["ts"])]
    assert ours == theirs
    assert chunk.audio == "copy"  # ADTS frames, unwrapped


@pytest.mark.parametrize("name", ["mp4v", "vp9"])
def test_other_codecs_are_transcoded_to_h264(media, name):
    chunk = VideoStream().add(media[name])
    assert chunk.video == "encode"
    with av.open(io.BytesIO(chunk.data)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
    assert len(decoded(chunk.data)) == 25
    assert seconds_of(chunk.data) == pytest.approx(1.0, abs=0.001)
    assert chunk.audio == ("copy" if name == "mp4v" else "encode")  # Opus becomes AAC


def test_frame_batches_are_encoded_at_their_rate():
    stream = VideoStream()
    first = stream.add((10, frames(10)))
    second = stream.add(frames(25))  # no rate: 25 fps
    assert (first.duration, second.duration) == (pytest.approx(1.0), pytest.approx(1.0))
    assert (first.width, first.height, first.video, first.audio) == (160, 120, "encode", None)
    shown = decoded(second.data)
    assert len(shown) == 25 and (shown[0].width, shown[0].height) == (160, 120)
    with pytest.raises(ValueError, match=r"\(n, height, width, 3\)"):
        stream.add((25, frames(2)[0]))


def test_the_timeline_goes_on_across_chunks(media):
    stream = VideoStream()
    chunks = [stream.add(media[n]) for n in ("h264", "ts", "mp4v", "vp9", "h264_silent")]
    starts = [c.start for c in chunks]
    assert starts == pytest.approx([0, 1, 2, 3, 4])
    for chunk in chunks:
        video_times, audio_times = tracks(chunk.data)[1], tracks(chunk.data)[2]
        assert video_times[0] == pytest.approx(chunk.start, abs=1 / CLOCK)
        # audio is laid end to end: within half an AAC frame of the picture
        assert abs(audio_times[0] - chunk.start) <= FRAME / 2 / 48000
    # the first frame of each chunk shows at its fragment's decode time (B-frames or not)
    assert [first_composition_offset(c.data) for c in chunks] == [0] * 5
    assert stream.duration == pytest.approx(5.0)


def test_audio_is_contiguous_and_filled_with_silence(media):
    stream = VideoStream()
    ends = []
    for name in ("h264", "h264_silent", "vp9", "aac44"):
        chunk = stream.add(media[name])
        audio = packets(chunk.data, "audio")
        ends.append((audio[0].pts, audio[-1].pts + audio[-1].duration))
    assert all(prev[1] == nxt[0] for prev, nxt in itertools.pairwise(ends)), ends
    assert stream.audio is not None and stream.audio.rate == 48000
    # a first chunk without audio: the stream has none, later audio is left out
    silent = VideoStream()
    silent.add(media["h264_silent"])
    later = silent.add(media["h264"])
    assert later.audio is None and "mp4a" not in later.mime
    with av.open(io.BytesIO(later.data)) as container:
        assert not container.streams.audio


def test_a_size_change_is_a_new_init_or_scaled(media, no_encoder):
    stream = VideoStream()
    small = stream.add(media["h264_silent"])
    big = stream.add(media["h264_big"])  # H.264 is never re-encoded: it keeps its size
    assert (big.width, big.height) == (640, 360)
    assert fmp4.split(small.data)[0] != fmp4.split(big.data)[0]  # the page re-inits


def test_encoded_chunks_are_scaled_to_the_first_chunks_size(media):
    stream = VideoStream()
    stream.add(media["h264_silent"])
    wide = stream.add(media["mp4v_wide"])  # 320x120 into 320x240: black bars
    shown = decoded(wide.data)
    assert (shown[0].width, shown[0].height) == (320, 240)
    rows = shown[0].to_ndarray(format="rgb24")
    assert rows[:40].max() < 40 and rows[100:140].max() > 100  # bars above, picture inside


def test_bad_chunks_raise_clear_errors_and_the_stream_goes_on(media, tmp_path):
    stream = VideoStream()
    stream.add(media["h264"])
    data = media["h264"].read_bytes()
    cut = tmp_path / "cut.mp4"
    with (
        av.open(str(media["h264"])) as source,
        av.open(str(cut), "w", format="mp4", options={"movflags": "+faststart"}) as out,
    ):
        streams = {s.index: out.add_stream_from_template(s) for s in source.streams}
        for packet in source.demux():
            if packet.size:
                packet.stream = streams[packet.stream.index]
                out.mux(packet)
    cut.write_bytes(cut.read_bytes()[: len(cut.read_bytes()) * 2 // 3])
    cases = [
        (b"\x00\x01 not a video at all \x02" * 40, "not a video file FFmpeg can read"),
        (data[: len(data) // 2], "not a video file FFmpeg can read"),  # moov at the end: lost
        (cut, "cut short or corrupt"),
        (media["m4a"], r"no video stream \(an audio-only file\)"),
        (b"", "empty"),
        (tmp_path / "missing.mp4", "no such video file"),
        ({"not": "a video"}, "cannot play a dict as video"),
    ]
    for value, message in cases:
        with pytest.raises(ValueError, match=message):
            stream.add(value)
    assert stream.add(media["ts"]).start == pytest.approx(1.0)


def test_a_failed_first_chunk_leaves_the_stream_unset(media):
    stream = VideoStream()
    with pytest.raises(ValueError):
        stream.add(media["m4a"])
    chunk = stream.add(media["h264_silent"])
    assert chunk.start == 0 and stream.audio is None


def test_join_is_one_seekable_mp4_with_the_summed_duration(media, tmp_path, no_encoder):
    stream = VideoStream()
    chunks = [stream.add(media["h264"]).data for _ in range(3)]
    out = join(chunks, tmp_path / "joined.mp4")
    with av.open(str(out)) as container:
        assert container.duration / av.time_base == pytest.approx(3.0, abs=0.03)
        assert container.streams.video[0].codec_context.name == "h264"
    assert seconds_of(out) == pytest.approx(3.0)
    assert [bytes(p) for p in packets(out)] == [bytes(p) for c in chunks for p in packets(c)]
    assert out.read_bytes().find(b"moov") < out.read_bytes().find(b"mdat")  # seekable at once
    times = [p.dts for p in packets(out)]
    assert times == sorted(times)


def test_join_of_mixed_sources_carries_their_parameter_sets(media, tmp_path):
    stream = VideoStream()
    chunks = [stream.add(media[n]).data for n in ("h264", "h264_big", "mp4v", "ts")]
    out = join(chunks, tmp_path / "mixed.mp4")
    shown = decoded(out)
    assert len(shown) == 100
    assert {(f.width, f.height) for f in shown} == {(320, 240), (640, 360)}
    assert seconds_of(out) == pytest.approx(4.0)


def test_join_needs_chunks(tmp_path):
    with pytest.raises(ValueError, match="no chunks"):
        join([], tmp_path / "x.mp4")


# ---- the component ----


def test_stream_chunk_and_join_stream(media, tmp_path):
    out = gr.Video(streaming=True)
    assert out.output_stream(Run(generator=True, live=False, state={})).policy == "keep"
    state: dict = {}
    payloads = []
    for value in (str(media["h264"]), {"path": str(media["mp4v"])}, (10, frames(10))):
        made = out.stream_chunk(value, state)
        assert (
            isinstance(made, FileOut)
            and made.is_stream
            and made.mime_type.startswith("video/mp4; codecs=")
        )
        path = tmp_path / made.orig_name
        path.write_bytes(made.data)
        payloads.append({"path": str(path), "meta": {"_type": "gradio.FileData"}})
    joined = out.join_stream(payloads, state)
    assert joined.orig_name == "video-stream.mp4"
    assert seconds_of(joined.path) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="not a URL"):
        out.stream_chunk("https://example.com/a.mp4", state)


def test_preprocess_converts_to_format_and_drops_audio(media):
    payload = {"path": str(media["vp9"]), "meta": {"_type": "gradio.FileData"}}
    converted = Path(gr.Video(format="mp4").preprocess(payload))
    assert converted.suffix == ".mp4"
    with av.open(str(converted)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
    plain = {"path": str(media["h264"]), "meta": {"_type": "gradio.FileData"}}
    assert gr.Video(format="mp4").preprocess(plain) == str(media["h264"])
    assert gr.Video().preprocess({"video": plain, "subtitles": None}) == str(media["h264"])
    muted = Path(gr.Video(sources=["webcam"]).preprocess(plain))  # include_audio: False
    with av.open(str(muted)) as container:
        assert not container.streams.audio
    with pytest.raises(gr.Error, match="at most 0 seconds"):
        gr.Video(max_length=0).preprocess(plain)


def test_postprocess_converts_what_browsers_cannot_play(media):
    video_out = gr.Video()
    assert video_out.postprocess(str(media["h264"])).path == media["h264"]
    converted = video_out.postprocess(str(media["mp4v"]))
    with av.open(str(converted.path)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
    encoded = video_out.postprocess((25, frames(5)))
    assert len(decoded(encoded.path)) == 5
    assert video_out.postprocess("https://example.com/v.mp4")["url"].endswith("v.mp4")


def test_constructor_follows_gradio():
    v = gr.Video()
    assert v.sources == ["upload", "webcam"] and v.include_audio is True
    assert gr.Video(sources="webcam").include_audio is False
    assert gr.Video(show_download_button=False).buttons == ["share"]
    assert gr.Video(mirror_webcam=False).webcam_options["mirror"] is False
    with pytest.raises(ValueError, match="sources"):
        gr.Video(sources=["microphone"])
    with pytest.raises(ValueError, match="format"):
        gr.Video(format="gif")
    assert set(gr.Video.EVENTS) == {
        "change",
        "clear",
        "start_recording",
        "stop_recording",
        "stop",
        "play",
        "pause",
        "end",
        "upload",
        "input",
    }


def test_making_a_video_component_loads_no_media_library():
    code = (
        "import sys, rillet as gr; gr.Video(streaming=True); gr.Video(format='mp4'); "
        "print(','.join(m for m in ('av', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_fraction_rates_are_kept():
    stream = VideoStream()
    chunk = stream.add((Fraction(30000, 1001), frames(30)))
    assert chunk.duration == pytest.approx(30 * 1001 / 30000, abs=1 / CLOCK)


def test_webm_format_copies_vp9_and_encodes_the_rest(media):
    vp9 = {"path": str(media["vp9"]), "meta": {"_type": "gradio.FileData"}}
    h264 = {"path": str(media["h264"]), "meta": {"_type": "gradio.FileData"}}
    as_webm = gr.Video(format="webm")
    assert as_webm.preprocess(vp9) == str(media["vp9"])  # already WebM
    converted = Path(as_webm.preprocess(h264))
    with av.open(str(converted)) as container:
        assert container.format.name == "matroska,webm"
        assert container.streams.video[0].codec_context.name == "vp8"
        assert container.streams.audio[0].codec_context.name == "opus"
    assert len(decoded(converted)) == 25
    frames_out = gr.Video(format="webm").postprocess((25, frames(5)))
    assert Path(frames_out.path).suffix == ".webm" and len(decoded(frames_out.path)) == 5
