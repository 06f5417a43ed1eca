"""``GET /config`` stores file-valued initial values once: a hundred requests leave the
store as the first one left it, and every answer points at the same stored files."""

from __future__ import annotations

import wave
from pathlib import Path

import httpx
import numpy as np
import PIL.Image
import pytest

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve
from tests.videofiles import make_video

REQUESTS = 100


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("initial")
    png = folder / "some.png"
    PIL.Image.fromarray(
        np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    ).save(png)
    wav = folder / "some.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes(np.zeros(16000, dtype=np.int16).tobytes())
    return {"png": png, "wav": wav, "mp4": make_video(folder / "some.mp4", seconds=0.2)}


def stored_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def values(config: dict) -> list:
    return [c["props"].get("value") for c in config["components"]]


def test_config_requests_store_initial_values_once(media):
    with gr.Blocks() as demo:
        gr.Image(value=str(media["png"]))
        gr.Audio(value=str(media["wav"]))
        gr.Audio(value=str(media["wav"]), format="mp3")  # converted: a file components make
        gr.Video(value=str(media["mp4"]))
    with serve(demo) as url:
        root = runtime(demo.server.app).store.root
        first = httpx.get(f"{url}/config", timeout=30).json()
        before = stored_files(root)
        answers = [httpx.get(f"{url}/config", timeout=30) for _ in range(REQUESTS)]
        assert len(stored_files(root)) == len(before)
        assert stored_files(root) == before
        for r in answers:
            assert r.status_code == 200 and values(r.json()) == values(first)
        files = [v for v in values(first) if isinstance(v, dict) and v.get("path")]
        assert len(files) == 4
        for value in files:
            assert Path(value["path"]).is_relative_to(root)
            assert value["url"].startswith(url + "/gradio_api/file=")
            assert httpx.get(value["url"], timeout=30).status_code == 200


def test_a_callable_value_is_still_called_for_each_page_load():
    calls = []

    def now() -> str:
        calls.append(1)
        return f"load {len(calls)}"

    with gr.Blocks() as demo:
        gr.Textbox(value=now)
    with serve(demo) as url:
        shown = [
            httpx.get(f"{url}/config").json()["components"][0]["props"]["value"] for _ in range(3)
        ]
    assert shown == ["load 1", "load 2", "load 3"]


def test_an_initial_value_the_app_may_not_read_is_left_empty(media, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("SECRET=1")
    with gr.Blocks() as demo:
        gr.Image(value=".env")
        gr.Image(value=str(media["png"]))
    with serve(demo) as url:
        first, second = httpx.get(f"{url}/config").json()["components"]
    assert first["props"]["value"] is None and first["type"] == "image"
    assert second["props"]["value"]["orig_name"] == "some.png"
