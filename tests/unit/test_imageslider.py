"""``gr.ImageSlider``: a pair of images in and out as ``gr.Image`` does, Gradio's surface."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
PIL_Image = pytest.importorskip("PIL.Image")

import rillet as gr  # noqa: E402
from rillet.components import ImageSlider  # noqa: E402
from rillet.core.files import FILE_META, FileOut  # noqa: E402

GRADIO_ARGS = [
    "value", "format", "height", "width", "image_mode", "type", "label", "every", "inputs",
    "show_label", "buttons", "container", "scale", "min_width", "interactive", "visible",
    "elem_id", "elem_classes", "render", "key", "preserved_by_key", "slider_position",
    "max_height",
]  # fmt: skip


def saved(tmp_path: Path, name: str, colour: tuple[int, int, int]) -> dict:
    path = tmp_path / name
    PIL_Image.new("RGB", (8, 6), colour).save(path)
    return {"path": str(path), "meta": dict(FILE_META)}


def test_arguments_and_defaults_follow_gradio():
    assert list(inspect.signature(ImageSlider.__init__).parameters)[1:] == GRADIO_ARGS
    config = ImageSlider().get_config()
    expected = {
        "streamable": False,
        "format": "webp",
        "height": None,
        "width": None,
        "image_mode": "RGB",
        "type": "numpy",
        "buttons": ["download", "fullscreen"],
        "slider_position": 50,
        "max_height": 500,
        "value": None,
    }
    assert {k: config[k] for k in expected} == expected
    assert ImageSlider.EVENTS == ("clear", "change", "stream", "select", "upload", "input")
    with pytest.raises(ValueError):
        ImageSlider(type="bytes")  # type: ignore[arg-type]
    with pytest.warns(UserWarning, match="`every`"):
        ImageSlider(every=1)


def test_stream_listener_is_warned():
    with gr.Blocks():
        slider = ImageSlider()
        with pytest.warns(UserWarning, match=r"\.stream\(\)"):
            slider.stream(lambda x: x, slider, slider)


def test_pair_in_and_out(tmp_path):
    pair = [saved(tmp_path, "a.png", (255, 0, 0)), saved(tmp_path, "b.png", (0, 0, 255))]
    left, right = ImageSlider().preprocess(pair)
    assert left.shape == (6, 8, 3) and tuple(left[0, 0]) == (255, 0, 0)
    assert tuple(right[0, 0]) == (0, 0, 255)
    paths = ImageSlider(type="filepath").preprocess(pair)
    assert paths == (pair[0]["path"], pair[1]["path"])
    assert ImageSlider(type="pil").preprocess([pair[0], None])[1] is None
    assert ImageSlider().preprocess(None) is None
    out = ImageSlider(format="png").postprocess((np.zeros((4, 4, 3), np.uint8), pair[1]["path"]))
    assert isinstance(out[0], FileOut) and out[0].orig_name == "image.png"
    assert isinstance(out[1], FileOut) and str(out[1].path) == pair[1]["path"]
    assert ImageSlider().postprocess((None, "https://example.org/x.png"))[0] is None
    assert ImageSlider().postprocess(None) is None
    with pytest.raises(ValueError):
        ImageSlider().postprocess(np.zeros((4, 4, 3), np.uint8))


def test_schema_reads_as_gradio_client_reads_gradio():
    utils = pytest.importorskip("gradio_client.utils")
    info = ImageSlider().api_info()
    assert utils.value_is_file(info)
    assert (
        utils.json_schema_to_python_type(info) == "tuple[filepath | None, filepath | None] | None"
    )
    assert ImageSlider().api_python_type() == utils.json_schema_to_python_type(info)
