"""Decompression bombs: small files that decode to gigabytes (a PNG of 12000x12000 pixels in
140 KB, half an hour of silent FLAC in 300 KB, an hour of still 720p video in 370 KB) are
refused from their headers with a readable error, a FLAC whose header lies about its length
is stopped while it decodes, the server's memory does not jump (its peak RSS, VmHWM, read
from /proc) and it goes on serving."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.bombfiles import flat_png, lying_flac, silent_flac, still_video

from .conftest import completed, file_data, run
from .processes import AppProcess, app_process

#: Growth of the server's peak RSS a refused bomb may cause (bombs take 0.4 to 1.4 GB).
MAX_GROWTH_MB = 200
APP = """\
import rillet as gr

with gr.Blocks() as demo:
    image, audio = gr.Image(type="numpy"), gr.Audio(type="numpy")
    video, out = gr.Video(format="mp4"), gr.Textbox()
    gr.Button().click(lambda a: f"image {a.shape}", image, out)
    gr.Button().click(lambda a: f"audio {a[0]} Hz {a[1].shape}", audio, out)
    gr.Button().click(lambda p: f"video {p}", video, out)

demo.launch()
"""
IMAGE, AUDIO, VIDEO = 0, 1, 2


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    flac = silent_flac(folder / "half-hour.flac", 1800)
    return {
        "png": flat_png(folder / "huge.png", 12000, 12000),
        "flac": flac,
        "lying flac": lying_flac(flac, folder / "lying.flac", 48000),
        "video": still_video(folder / "hour.mkv", 3600),
        "small png": flat_png(folder / "small.png", 64, 48),
        "small flac": silent_flac(folder / "second.flac", 1),
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    folder = tmp_path_factory.mktemp("bomb-app")
    (folder / "app.py").write_text(APP)
    with app_process(["app.py"], folder) as app:
        yield app
        app.stop()


def peak_rss_mb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert found
    return int(found.group(1)) // 1024


def send(app: AppProcess, fn_index: int, path: Path, session: str) -> dict:
    """Upload ``path`` and run ``fn_index`` on it; the event's last message."""
    with path.open("rb") as handle:
        upload = httpx.post(
            f"{app.url}/gradio_api/upload", timeout=60, files={"files": (path.name, handle)}
        )
    assert upload.status_code == 200, upload.text
    return completed(run(app.url, session, fn_index, [file_data(upload.json()[0])]))


BOMBS = [
    ("png", IMAGE, "is 12000x12000 pixels, more than the 89,478,485 pixels"),
    ("flac", AUDIO, "lasts more than 600 seconds"),
    ("lying flac", AUDIO, "lasts more than 600 seconds"),
    ("video", VIDEO, "lasts more than 600 seconds"),
]


@pytest.mark.parametrize(("bomb", "fn_index", "expected"), BOMBS, ids=[b[0] for b in BOMBS])
def test_a_bomb_is_refused_with_a_readable_error_and_memory_stays_flat(
    server, bombs, bomb, fn_index, expected
):
    before = peak_rss_mb(server.proc.pid)
    done = send(server, fn_index, bombs[bomb], f"bomb-{fn_index}-{bomb}")
    grown = peak_rss_mb(server.proc.pid) - before
    assert done["success"] is False, done
    assert expected in done["output"]["error"], done["output"]
    assert done["output"]["error"].startswith("Invalid value for ")
    assert grown < MAX_GROWTH_MB, f"peak RSS grew by {grown} MB"


def test_the_server_goes_on_serving_ordinary_media(server, bombs):
    image = send(server, IMAGE, bombs["small png"], "ok-image")
    assert image["output"]["data"] == ["image (48, 64, 3)"], image
    audio = send(server, AUDIO, bombs["small flac"], "ok-audio")
    assert audio["output"]["data"] == ["audio 48000 Hz (48000, 2)"], audio
    assert not any("Traceback" in line for line in server.lines), "\n".join(server.lines)
