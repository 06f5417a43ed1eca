"""What an input may decode to (``rillet.codecs.limits``): the settings, Pillow's pixel limit,
``max_length`` checked without decoding a long file, video headers and frames."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
av = pytest.importorskip("av")
PIL_Image = pytest.importorskip("PIL.Image")

import rillet as gr  # noqa: E402
from rillet.codecs import audio as media_audio  # noqa: E402
from rillet.codecs.limits import DEFAULT_MAX_DURATION, Limits, TooLarge, TooLong, max_duration  # noqa: E402
from rillet.codecs.video_source import open_chunk  # noqa: E402
from rillet.core.errors import Error  # noqa: E402
from rillet.core.files import FILE_META  # noqa: E402
from tests.bombfiles import flat_png, lying_flac, silent_flac  # noqa: E402
from tests.videofiles import make_video  # noqa: E402


def file_data(path: Path) -> dict:
    return {"path": str(path), "url": None, "orig_name": path.name, "meta": dict(FILE_META)}


def test_the_duration_limit_comes_from_max_length_then_the_environment(monkeypatch):
    monkeypatch.delenv("RILLET_MAX_MEDIA_DURATION", raising=False)
    assert max_duration() == DEFAULT_MAX_DURATION == 600
    assert max_duration(30) == 30
    monkeypatch.setenv("RILLET_MAX_MEDIA_DURATION", "120")
    assert max_duration() == 120 and max_duration(3600) == 3600
    monkeypatch.setenv("RILLET_MAX_MEDIA_DURATION", "none")
    assert max_duration() is None


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_images_follow_pillows_max_image_pixels(monkeypatch, tmp_path):
    path = tmp_path / "pic.png"
    PIL_Image.fromarray(np.zeros((48, 64, 3), np.uint8)).save(path)
    monkeypatch.setattr(PIL_Image, "MAX_IMAGE_PIXELS", 2000)  # Pillow would only warn
    with pytest.raises(TooLarge, match="64x48 pixels, more than the 2,000 pixels"):
        gr.Image(type="numpy").preprocess(file_data(path))
    monkeypatch.setattr(PIL_Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses to open it
    with pytest.raises(TooLarge, match="more than the 1,000 pixels this app accepts"):
        gr.Image(type="numpy").preprocess(file_data(path))
    monkeypatch.setattr(PIL_Image, "MAX_IMAGE_PIXELS", None)
    assert gr.Image(type="numpy").preprocess(file_data(path)).shape == (48, 64, 3)


def test_max_length_stops_decoding_a_file_whose_header_lies(tmp_path):
    honest = silent_flac(tmp_path / "twenty.flac", 20)
    lying = lying_flac(honest, tmp_path / "lying.flac", 48000)  # says 1 s
    assert media_audio.duration_of(lying) == pytest.approx(20)
    assert media_audio.duration_of(lying, stop_after=5) == math.inf
    with pytest.raises(Error, match="Audio is too long, and must be at most 5 seconds"):
        gr.Audio(type="filepath", max_length=5).preprocess(file_data(lying))
    with pytest.raises(TooLong, match=r"lying\.flac lasts more than 5 seconds"):
        media_audio.read_pcm(lying, Limits(seconds=5))
    rate, samples = gr.Audio(type="numpy", max_length=30).preprocess(file_data(lying))
    assert rate == 48000 and samples.shape == (20 * 48000, 2)


def test_video_headers_and_frames_are_checked(tmp_path):
    path = make_video(tmp_path / "clip.mp4", codec="mpeg4", seconds=2, audio=False)
    with pytest.raises(TooLong, match=r"clip\.mp4 lasts more than 1 seconds"):
        open_chunk(path, limits=Limits(seconds=1))
    with pytest.raises(TooLarge, match=r"clip\.mp4 is 320x240 pixels"):
        open_chunk(path, limits=Limits(pixels=320 * 240 - 1))
    open_chunk(path, limits=Limits(seconds=5, pixels=320 * 240)).close()


def test_a_video_input_over_the_limit_is_refused_before_it_is_converted(monkeypatch, tmp_path):
    path = make_video(tmp_path / "clip.mkv", codec="mpeg4", fmt="matroska", seconds=2, audio=False)
    monkeypatch.setenv("RILLET_MAX_MEDIA_DURATION", "1")
    with pytest.raises(TooLong):
        gr.Video(format="mp4").preprocess(file_data(path))
    monkeypatch.setenv("RILLET_MAX_MEDIA_DURATION", "10")
    converted = gr.Video(format="mp4").preprocess(file_data(path))
    with av.open(converted) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert sum(1 for _ in container.decode(video=0)) == 50  # every frame, encoded


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_filepath_image_too_large_for_pillow_to_open_is_refused_readably(tmp_path):
    path = flat_png(tmp_path / "huge.png", 14000, 14000)  # over twice Pillow's limit
    with pytest.raises(TooLarge, match="more than the 89,478,485 pixels this app accepts"):
        gr.Image(type="filepath").preprocess(file_data(path))
