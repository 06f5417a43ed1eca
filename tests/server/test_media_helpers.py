"""A demo written like Gradio's (``from gradio.media import get_image, MEDIA_PATHS``), served:
the sample files reach the page and ``gradio_client`` byte for byte, as initial values and
as what a function returns."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

import rillet as gr
from rillet.media import MEDIA_PATHS, MEDIA_ROOT, available, get_audio, get_image, get_video
from rillet.testing import serve


def samples() -> tuple[str, str]:
    return get_audio("cantina.wav"), get_video("world.mp4")


def random_picture() -> str:
    return get_image()


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        picture = gr.Image(get_image("cheetah1.jpg"), type="filepath", label="Cheetah")
        audio, video = gr.Audio(label="Sound"), gr.Video(label="Video")
        gr.Button("Samples").click(samples, None, [audio, video], api_name="samples")
        gr.Button("Random").click(random_picture, None, picture, api_name="random_picture")
        flipped = gr.Image(type="filepath")
        gr.Button("Same").click(lambda p: p, picture, flipped, api_name="echo")
    return demo


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    # Run where an installed rillet is: its samples outside the working directory, so
    # they are served because the demo allows MEDIA_PATHS, as Gradio's demos do.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("elsewhere"))
        with serve(build(), allowed_paths=[str(p) for p in MEDIA_PATHS]) as url:
            yield url


@pytest.fixture(scope="module")
def client(served):
    return Client(served, verbose=False, download_files=True)


def test_an_initial_value_is_served_as_the_sample_file(served):
    config = httpx.get(f"{served}/config", timeout=30).json()
    (image,) = [c for c in config["components"] if c["props"].get("label") == "Cheetah"]
    url = image["props"]["value"]["url"]
    assert url.startswith(served)
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200
    assert response.content == Path(get_image("cheetah1.jpg")).read_bytes()


def test_files_a_function_returns_reach_the_client_unchanged(client):
    audio, video = client.predict(api_name="/samples")
    assert Path(audio).read_bytes() == Path(get_audio("cantina.wav")).read_bytes()
    video_path = video["video"] if isinstance(video, dict) else video
    assert Path(video_path).read_bytes() == Path(get_video("world.mp4")).read_bytes()


def test_a_random_sample_is_one_of_the_set(client):
    picture = Path(client.predict(api_name="/random_picture"))
    originals = {Path(get_image(n)).read_bytes() for n in available("images")}
    assert picture.read_bytes() in originals


def test_a_sample_goes_back_in_as_an_upload(client):
    echoed = client.predict(handle_file(get_image("lion.jpg")), api_name="/echo")
    assert Path(echoed).read_bytes() == Path(get_image("lion.jpg")).read_bytes()


def test_without_allowed_paths_a_returned_sample_is_refused(tmp_path, monkeypatch):
    if Path(MEDIA_ROOT).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve()):
        pytest.skip("rillet itself is under the temporary directory, whose files are readable")
    monkeypatch.chdir(tmp_path)
    with serve(build()) as url:
        client = Client(url, verbose=False)
        with pytest.raises(AppError, match="allowed_paths"):
            client.predict(api_name="/samples")
