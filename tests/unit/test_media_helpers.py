"""``rillet.media`` (Gradio's ``gradio.media``): the sample files the demos ask for by name,
what each file holds, and the script that makes them."""

from __future__ import annotations

import importlib.util
import json
import struct
import subprocess
import sys
import wave
from fnmatch import fnmatch
from pathlib import Path

import av
import pytest
from PIL import Image

from rillet import media

ROOT = Path(__file__).resolve().parents[2]

#: Every name Gradio's demos pass to gradio.media (grep demo/*/run.py at GRADIO_COMMIT).
DEMO_NAMES = {
    "images": [
        "avatar.png",
        "bus.png",
        "cheetah.jpg",
        "cheetah1.jpg",
        "groot.jpeg",
        "hf-logo_transpng.png",
        "lion.jpg",
        "logo.png",
        "tower.jpg",
    ],
    "audio": ["cantina.wav", "cate_blanch.mp3", "cate_blanch_2.mp3", "recording1.wav", "sax.wav"],
    "videos": ["a.mp4", "b.mp4", "world.mp4"],
    "models3d": ["Bunny.obj", "Duck.glb", "Fox.gltf", "face.obj", "sofia.stl"],
    "data": ["s1.srt", "s2.vtt", "s3.json", "sample.txt", "time.csv", "titanic.csv"],
}
GETTERS = {
    "images": media.get_image,
    "audio": media.get_audio,
    "videos": media.get_video,
    "models3d": media.get_model3d,
    "data": media.get_file,
}


def all_files() -> list[Path]:
    return sorted(p for p in media.MEDIA_ROOT.rglob("*") if p.is_file())


# --- the API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, name", [(kind, name) for kind, names in DEMO_NAMES.items() for name in names]
)
def test_every_name_the_demos_use_is_there(kind, name):
    path = GETTERS[kind](name)
    assert isinstance(path, str) and Path(path).is_absolute()
    assert Path(path) == media.MEDIA_ROOT / kind / name and Path(path).is_file()


def test_media_paths_are_gradios_five_folders_in_its_order():
    assert [p.name for p in media.MEDIA_PATHS] == ["images", "videos", "audio", "models3d", "data"]
    assert all(p.parent == media.MEDIA_ROOT and p.is_dir() for p in media.MEDIA_PATHS)
    assert media.MEDIA_ROOT.is_absolute()


@pytest.mark.parametrize("kind", list(GETTERS))
def test_no_name_picks_a_file_of_that_kind(kind):
    picks = {GETTERS[kind]() for _ in range(40)}
    names = media.available(kind)
    assert picks <= {str(media.MEDIA_ROOT / kind / n) for n in names}
    assert len(names) >= len(DEMO_NAMES[kind])


def test_a_url_is_returned_as_it_is():
    url = "https://example.com/pictures/cat.jpg"
    assert media.get_image(url) == url
    assert media.get_video("http://example.com/v.mp4") == "http://example.com/v.mp4"


def test_an_unknown_name_lists_the_names_there_are():
    with pytest.raises(FileNotFoundError) as info:
        media.get_image("cat.jpg")
    message = str(info.value)
    assert "'cat.jpg'" in message and "cheetah1.jpg" in message and "lion.jpg" in message
    with pytest.raises(FileNotFoundError, match=r"world\.mp4"):
        media.get_video("lion.jpg")  # a picture is not a video


@pytest.mark.parametrize(
    "name", ["../audio/sax.wav", "/etc/passwd", "images/lion.jpg", "", ".", "..", "LION.JPG"]
)
def test_only_plain_names_of_the_set_are_looked_up(name):
    with pytest.raises(FileNotFoundError):
        media.get_image(name)


def test_an_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError, match="models3d"):
        media.available("pictures")


def test_importing_it_loads_no_heavy_library():
    code = (
        "import sys, rillet.media; "
        "print(','.join(m for m in ('numpy', 'PIL', 'av') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --- the files ----------------------------------------------------------------------------


def test_the_set_is_small_and_packaged():
    files = all_files()
    assert sum(p.stat().st_size for p in files) < 1_500_000
    pattern = "media_files/*/*"  # in pyproject.toml's package-data: the wheel carries them
    assert f'"{pattern}"' in (ROOT / "pyproject.toml").read_text()
    for path in files:
        rel = path.relative_to(media.MEDIA_ROOT.parent).as_posix()
        assert fnmatch(rel, pattern) and rel.count("/") == 2, rel


@pytest.mark.parametrize("name", DEMO_NAMES["images"] + ["screenshot.gif"])
def test_pictures_open_in_the_format_their_name_says(name):
    with Image.open(media.get_image(name)) as image:
        expected = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF"}
        assert image.format == expected[Path(name).suffix]
        assert min(image.size) >= 64
        if name in ("hf-logo_transpng.png", "logo.png"):  # watermarks: transparent around
            assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize("name", media.available("audio"))
def test_sounds_decode_and_last_long_enough_for_the_subtitles(name):
    with av.open(media.get_audio(name)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        seconds = samples / stream.rate
    assert 0.9 < seconds < 5
    if name.startswith("cate_blanch"):  # audio_subtitle shows s1.srt (1.5 s), s2.vtt (2.5 s)
        assert seconds >= 2.5
    if name.endswith(".wav"):
        with wave.open(media.get_audio(name)) as w:
            assert (w.getnchannels(), w.getsampwidth()) == (1, 2)


@pytest.mark.parametrize("name", ["a.mp4", "b.mp4", "world.mp4", "muted_b.mp4"])
def test_videos_are_h264_that_browsers_play_from_the_start(name):
    path = media.get_video(name)
    data = Path(path).read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: plays while it downloads
    with av.open(path) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264" and video.codec_context.pix_fmt == "yuv420p"
        audio = [s.codec_context.name for s in container.streams.audio]
        assert audio == ([] if name.startswith("muted") else ["aac"])
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= 30


def test_obj_models_list_vertices_and_faces():
    for name in ("Bunny.obj", "face.obj"):
        lines = Path(media.get_model3d(name)).read_text().splitlines()
        verts = [line for line in lines if line.startswith("v ")]
        faces = [line.split()[1:] for line in lines if line.startswith("f ")]
        assert len(verts) > 100 and len(faces) > 100
        assert max(int(i) for face in faces for i in face) == len(verts)


def test_stl_holds_as_many_triangles_as_it_says():
    data = Path(media.get_model3d("sofia.stl")).read_bytes()
    (count,) = struct.unpack_from("<I", data, 80)
    assert count > 100 and len(data) == 84 + 50 * count


def test_gltf_models_are_gltf_2():
    data = Path(media.get_model3d("Duck.glb")).read_bytes()
    magic, version, length = struct.unpack_from("<4sII", data)
    assert (magic, version, length) == (b"glTF", 2, len(data))
    json_length, kind = struct.unpack_from("<I4s", data, 12)
    document = json.loads(data[20 : 20 + json_length])
    assert kind == b"JSON" and document["asset"]["version"] == "2.0"
    assert document["buffers"][0]["byteLength"] <= len(data)
    embedded = json.loads(Path(media.get_model3d("Fox.gltf")).read_text())
    assert embedded["buffers"][0]["uri"].startswith("data:application/octet-stream;base64,")
    assert embedded["meshes"][0]["primitives"]


def test_data_files():
    import csv

    with open(media.get_file("titanic.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "PassengerId",
        "Survived",
        "Pclass",
        "Name",
        "Sex",
        "Age",
        "SibSp",
        "Parch",
        "Ticket",
        "Fare",
        "Cabin",
        "Embarked",
    ]
    assert len(rows) >= 100 and {r["Survived"] for r in rows} == {"0", "1"}
    assert Path(media.get_file("time.csv")).read_text().startswith("time,value,price\n")
    assert Path(media.get_file("s1.srt")).read_text().startswith("1\n00:00:00,000 --> ")
    vtt = Path(media.get_file("s2.vtt")).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:00.500\n")
    cues = json.loads(Path(media.get_file("s3.json")).read_text(encoding="utf-8"))
    assert all(set(c) == {"text", "timestamp"} and len(c["timestamp"]) == 2 for c in cues)
    assert Path(media.get_file("sample.txt")).read_text().strip()


# --- the script that makes them -------------------------------------------------------------


def test_the_script_makes_exactly_the_committed_set(tmp_path):
    spec = importlib.util.spec_from_file_location("make_media", ROOT / "scripts/make_media.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = script.make(tmp_path)
    made = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    committed = sorted(p.relative_to(media.MEDIA_ROOT).as_posix() for p in all_files())
    assert made == committed
    for path in written:  # the same content, except for the H.264 encoder's noise
        ours = media.MEDIA_ROOT / path.relative_to(tmp_path)
        if path.suffix != ".mp4":
            assert path.read_bytes() == ours.read_bytes(), path.name
        else:
            assert abs(path.stat().st_size - ours.stat().st_size) < 2_000, path.name
