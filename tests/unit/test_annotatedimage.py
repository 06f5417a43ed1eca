"""``gr.AnnotatedImage``: boxes and masks made into overlays, colours, Gradio's surface."""

from __future__ import annotations

import inspect
import warnings
from io import BytesIO

import pytest

np = pytest.importorskip("numpy")
PIL_Image = pytest.importorskip("PIL.Image")

from rillet.components import AnnotatedImage  # noqa: E402
from rillet.components.annotatedimage import overlay_alpha, rgb_of  # noqa: E402
from rillet.core.files import FILE_META, FileOut  # noqa: E402

GRADIO_ARGS = [
    "value", "format", "show_legend", "height", "width", "color_map", "label", "every",
    "inputs", "show_label", "container", "scale", "min_width", "visible", "elem_id",
    "elem_classes", "render", "key", "preserved_by_key", "buttons",
]  # fmt: skip


def rgba(out: FileOut) -> np.ndarray:
    assert isinstance(out, FileOut) and out.data is not None
    return np.asarray(PIL_Image.open(BytesIO(out.data)))


def test_arguments_and_defaults_follow_gradio():
    assert list(inspect.signature(AnnotatedImage.__init__).parameters)[1:] == GRADIO_ARGS
    config = AnnotatedImage().get_config()
    expected = {
        "format": "webp",
        "show_legend": True,
        "height": None,
        "width": None,
        "color_map": None,
        "buttons": ["fullscreen"],
        "value": None,
    }
    assert {k: config[k] for k in expected} == expected
    assert "interactive" not in config
    assert AnnotatedImage.EVENTS == ("change", "select")
    with pytest.warns(UserWarning, match="`every`"):
        AnnotatedImage(every=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AnnotatedImage(color_map={"a": "#fff"}, show_legend=False, height=300)


def test_boxes_and_masks_become_overlays_in_their_colours():
    base = np.zeros((40, 60, 3), np.uint8)
    mask = np.zeros((40, 60))
    mask[5:10, 5:10] = 1.0
    mask[20:30, 40:50] = 0.5
    out = AnnotatedImage(color_map={"box": "#00ff00"}).postprocess(
        (base, [((10, 10, 30, 25), "box"), (mask, "blob")])
    )
    assert isinstance(out["image"], FileOut) and out["image"].mime_type == "image/webp"
    assert [a["label"] for a in out["annotations"]] == ["box", "blob"]
    box = rgba(out["annotations"][0]["image"])
    assert box.shape == (40, 60, 4)
    assert tuple(box[10, 10]) == (0, 255, 0, 255)  # border: opaque
    assert tuple(box[17, 20]) == (0, 255, 0, 128)  # inside: half
    assert box[0, 0, 3] == 0 and box[30, 40, 3] == 0  # outside: clear
    blob = rgba(out["annotations"][1]["image"])
    assert tuple(blob[7, 7]) == (255, 0, 0, 255)  # not in color_map: red
    assert blob[25, 45, 3] == 128 and blob[0, 0, 3] == 0


def test_base_as_pil_or_path_and_bad_values(tmp_path):
    pil = PIL_Image.new("RGB", (30, 20), (9, 9, 9))
    out = AnnotatedImage().postprocess((pil, [((0, 0, 5, 5), "x")]))
    assert rgba(out["annotations"][0]["image"]).shape == (20, 30, 4)
    path = tmp_path / "base.png"
    pil.save(path)
    out = AnnotatedImage().postprocess((str(path), []))
    assert out["annotations"] == [] and str(out["image"].path) == str(path)
    assert AnnotatedImage().postprocess(None) is None
    with pytest.raises(ValueError, match="20x30"):
        AnnotatedImage().postprocess((pil, [(np.ones((5, 5)), "wrong size")]))
    with pytest.raises(ValueError):
        AnnotatedImage().postprocess((pil, [((1, 2, 3), "three numbers")]))
    with pytest.raises(ValueError):
        AnnotatedImage().postprocess((123, []))


def test_mask_values():
    ones = overlay_alpha(np.ones((2, 2), np.uint8), 2, 2)
    assert ones.max() == 1.0  # 0/1 masks as uint8 are fully opaque, as in Gradio
    full = overlay_alpha(np.full((2, 2), 255, np.uint8), 2, 2)
    assert full.max() == 1.0  # 0-255 masks are scaled
    assert overlay_alpha(np.full((2, 2), 3.0), 2, 2).max() == 1.0  # clipped
    assert overlay_alpha(np.array([[True, False]]), 1, 2).tolist() == [[1.0, 0.0]]
    assert rgb_of({"a": "#0af"}, "a") == (0, 170, 255)
    assert rgb_of({"a": "not a colour"}, "a") == (255, 0, 0)
    assert rgb_of(None, "b") == (255, 0, 0)


def test_preprocess_and_schema():
    payload = {
        "image": {"path": "/t/base.png", "meta": dict(FILE_META)},
        "annotations": [{"image": {"path": "/t/m.png", "meta": dict(FILE_META)}, "label": "a"}],
    }
    assert AnnotatedImage().preprocess(payload) == ("/t/base.png", [("/t/m.png", "a")])
    assert AnnotatedImage().preprocess(None) is None
    utils = pytest.importorskip("gradio_client.utils")
    info = AnnotatedImage().api_info()
    assert utils.value_is_file(info)
    assert utils.json_schema_to_python_type(info) == AnnotatedImage().api_python_type()
    AnnotatedImage().preprocess(AnnotatedImage().example_payload())
