"""``gr.CSVLogger`` and ``@gr.cache`` / ``gr.Cache()`` behind a real server, driven by
Gradio's own Python client (the shapes of Gradio's blocks_flag, cache_demo and
cache_manual_demo)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from gradio_client import Client, handle_file
from PIL import Image as PILImage

import rillet as gr
from rillet.caching import Cache, cache
from rillet.flagging import CSVLogger
from rillet.testing import serve


def test_blocks_flag_logs_payloads_and_copies_the_image(tmp_path: Path) -> None:
    callback = CSVLogger(verbose=False)
    with gr.Blocks() as demo:
        img_input = gr.Image()
        strength = gr.Slider(0, 1, 0.5)
        img_output = gr.Image()
        btn = gr.Button("Flag")
        callback.setup([img_input, strength, img_output], tmp_path / "flagged")
        btn.click(
            lambda *args: callback.flag(list(args)),
            [img_input, strength, img_output],
            None,
            preprocess=False,
        )
    picture = tmp_path / "red.png"
    PILImage.new("RGB", (8, 8), (255, 0, 0)).save(picture)
    with serve(demo) as url:
        client = Client(url, verbose=False)
        client.predict(handle_file(str(picture)), 0.7, None, api_name="/lambda")
        client.predict(handle_file(str(picture)), 0.2, None, api_name="/lambda")
    with (tmp_path / "flagged" / "dataset1.csv").open(newline="") as source:
        table = list(csv.reader(source))
    assert table[0] == ["component 0", "component 1", "component 2", "timestamp"]
    assert [row[1:3] for row in table[1:]] == [["0.7", ""], ["0.2", ""]]
    copies = [Path(row[0]) for row in table[1:]]
    assert copies[0] != copies[1]
    for copy in copies:
        assert copy.parent.parent == tmp_path / "flagged" / "component 0"
        assert copy.read_bytes() == picture.read_bytes()  # the upload, kept after the app


def test_cached_generator_and_function_through_the_queue(tmp_path: Path) -> None:
    runs: list[str] = []

    @cache
    def spell(word):
        runs.append(word)
        for i in range(1, len(word) + 1):
            yield word[:i]

    @cache
    def brightness(image):
        runs.append("image")
        return float(image.mean())

    with gr.Blocks() as demo:
        word = gr.Textbox()
        out = gr.Textbox()
        gr.Button("Spell").click(spell, word, out, api_name="spell")
        image = gr.Image(type="numpy")
        mean = gr.Number()
        gr.Button("Mean").click(brightness, image, mean, api_name="mean")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        first = list(client.submit("abc", api_name="/spell"))
        again = client.submit("abc", api_name="/spell")
        streamed = list(again)
        assert first[-1] == streamed[-1] == "abc"
        assert again.outputs() == ["a", "ab", "abc"]  # every yield replayed from the cache
        rgb = np.full((6, 6, 3), 40, np.uint8)
        shots = []
        for n in range(2):  # two uploads of equal pictures: one run
            path = tmp_path / f"grey{n}.png"
            PILImage.fromarray(rgb).save(path)
            shots.append(client.predict(handle_file(str(path)), api_name="/mean"))
        assert shots == [40.0, 40.0]
    assert runs == ["abc", "image"]


def test_manual_cache_parameter_is_not_an_input() -> None:
    computed: list[str] = []

    def lookup(city: str, c=Cache()):  # noqa: B008 - the way gr.Cache is given
        key = " ".join(city.lower().split())
        hit = c.get(key)
        if hit is not None:
            return hit["forecast"], "Cache hit"
        computed.append(key)
        c.set(key, forecast=f"{key}: Sunny")
        return f"{key}: Sunny", "Computed and stored"

    with gr.Blocks() as demo:
        city = gr.Textbox(label="City")
        forecast = gr.Textbox(label="Forecast")
        status = gr.Textbox(label="Status")
        gr.Button("Lookup").click(lookup, city, [forecast, status])
    with serve(demo) as url:
        client = Client(url, verbose=False)
        info = client.view_api(print_info=False, return_format="dict")
        params = info["named_endpoints"]["/lookup"]["parameters"]
        assert [p["parameter_name"] for p in params] == ["city"]
        assert client.predict(" Tokyo ", api_name="/lookup") == (
            "tokyo: Sunny",
            "Computed and stored",
        )
        assert client.predict("TOKYO", api_name="/lookup") == ("tokyo: Sunny", "Cache hit")
    assert computed == ["tokyo"]
