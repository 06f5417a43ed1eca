"""``gr.Gallery`` on a real server: gradio_client round trips, and a generator's growing
gallery that sends only its new images (bytes per yield measured on the wire)."""

from __future__ import annotations

import json
import threading
from io import BytesIO

import httpx
import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

import rillet as gr
from rillet.testing import serve

#: The test lets the generator make its next image only once the last one was received, so
#: each yield is its own message (none merged into the next).
GO = [threading.Event() for _ in range(4)]


def picture(seed: int) -> np.ndarray:
    """Noise: an image whose encoding is large, so sending it twice would show."""
    return np.random.default_rng(seed).integers(0, 255, (96, 96, 3), dtype=np.uint8)


def grow(n):
    images = []
    for i in range(int(n)):
        if i:
            assert GO[i].wait(30), "the test did not receive the last image"
        images.append((picture(i), f"image {i}"))
        yield images[:]  # a new list each time, as Gradio apps write it


def mirror(items):
    return [(media, (caption or "") + "!") for media, caption in items or []]


def arrays(items):
    return [(np.asarray(media)[:, ::-1], f"{np.asarray(media).shape}") for media, _ in items]


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        n = gr.Number()
        paths_in = gr.Gallery()
        arrays_in = gr.Gallery(type="numpy")
        out = gr.Gallery()
        b = gr.Button()
        b.click(grow, n, out, api_name="grow")
        b.click(mirror, paths_in, out, api_name="mirror")
        b.click(arrays, arrays_in, out, api_name="arrays")
    with serve(demo) as base:
        yield base


def test_each_yield_sends_only_the_new_image(url):
    for event in GO:
        event.clear()
    session = "gallerysession"
    http = httpx.Client(timeout=30)
    joined = http.post(
        f"{url}/gradio_api/queue/join",
        json={"data": [3], "fn_index": 0, "session_hash": session},
    )
    joined.raise_for_status()
    sizes: list[int] = []
    frames: list[dict] = []
    with http.stream(
        "GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}
    ) as response:
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            message = json.loads(line[6:])
            if message["msg"] in ("process_generating", "process_completed"):
                sizes.append(len(line))
                frames.append(message)
                if len(frames) < len(GO):
                    GO[len(frames)].set()
            if message["msg"] == "close_stream":
                break
    http.close()
    first, second, third = (f["output"]["data"][0] for f in frames[:3])
    # The first message has the gallery whole; the next ones one "add" edit each.
    assert [item["caption"] for item in first] == ["image 0"]
    assert second == [["add", [1], second[0][2]]] and second[0][2]["caption"] == "image 1"
    assert third[0][:2] == ["add", [2]]
    first_url = first[0]["image"]["url"]
    assert first_url not in json.dumps(frames[1]) and first_url not in json.dumps(frames[2])
    # Bytes per yield: a later message carries one item (its URL), not the gallery so far.
    assert sizes[2] < sizes[0] * 1.5
    assert frames[-1]["msg"] == "process_completed"
    final = frames[-1]["output"]["data"][0]
    assert [item["caption"] for item in final] == ["image 0", "image 1", "image 2"]
    assert final[0]["image"]["url"] == first_url  # the first file was kept, not remade
    fetched = httpx.get(final[2]["image"]["url"]).raise_for_status()
    assert Image.open(BytesIO(fetched.content)).size == (96, 96)


def test_the_stored_images_are_the_yielded_ones(url):
    client = Client(url + "/", verbose=False)
    try:
        for event in GO:
            event.set()
        result = client.predict(2, api_name="/grow")
    finally:
        client.close()
    assert [item["caption"] for item in result] == ["image 0", "image 1"]
    for i, item in enumerate(result):
        pixels = np.asarray(Image.open(item["image"]).convert("RGB"), dtype=np.int16)
        assert pixels.shape == (96, 96, 3)
        # WebP is lossy: close to the noise it encodes, and far from the other image's.
        assert np.abs(pixels - picture(i)).mean() < np.abs(pixels - picture(1 - i)).mean()


def test_gradio_client_round_trip_with_captions(url, tmp_path):
    files = []
    for i, colour in enumerate([(255, 0, 0), (0, 0, 255)]):
        path = tmp_path / f"in{i}.png"
        Image.new("RGB", (10, 8), colour).save(path)
        files.append(path)
    client = Client(url + "/", verbose=False)
    try:
        result = client.predict(
            [
                {"image": handle_file(str(files[0])), "caption": "red"},
                {"image": handle_file(str(files[1])), "caption": None},
            ],
            api_name="/mirror",
        )
        flipped = client.predict(
            [{"image": handle_file(str(files[0])), "caption": None}], api_name="/arrays"
        )
    finally:
        client.close()
    assert [item["caption"] for item in result] == ["red!", "!"]
    colours = [Image.open(item["image"]).convert("RGB").getpixel((0, 0)) for item in result]
    assert colours == [(255, 0, 0), (0, 0, 255)]
    assert flipped[0]["caption"] == "(8, 10, 3)"


def test_api_info_lists_the_gallery_as_files(url):
    info = httpx.get(f"{url}/gradio_api/info").json()
    endpoint = info["named_endpoints"]["/mirror"]
    assert endpoint["parameters"][0]["python_type"]["type"].startswith("list[dict(image: filepath")
