"""``gr.ImageEditor`` and its templates: defaults and config as Gradio 6.31's, the API
schema, preprocess/postprocess conversions, and the warnings for what the page lacks."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import numpy as np
import PIL.Image
import pytest

from rillet.components.editortemplates import ImageMask, Paint, Sketchpad
from rillet.components.imageeditor import (
    Brush,
    Eraser,
    ImageEditor,
    LayerOptions,
    WatermarkOptions,
)
from rillet.core.files import FileOut

META = {"_type": "gradio.FileData"}
DEFAULT_BRUSH = {
    "default_size": "auto",
    "colors": [
        "rgb(204, 50, 50)",
        "rgb(173, 204, 50)",
        "rgb(50, 204, 112)",
        "rgb(50, 112, 204)",
        "rgb(173, 50, 204)",
    ],
    "default_color": "rgb(204, 50, 50)",
    "color_mode": "defaults",
}
BLACK_BRUSH = {
    "default_size": "auto",
    "colors": ["#000000"],
    "default_color": "#000000",
    "color_mode": "fixed",
}


@pytest.fixture
def png(tmp_path: Path) -> Path:
    """4x5 RGBA: transparent, one opaque red pixel at (1, 1), half-transparent blue at (2, 2)."""
    pixels = np.zeros((4, 5, 4), np.uint8)
    pixels[1, 1] = [255, 0, 0, 255]
    pixels[2, 2] = [0, 0, 255, 128]
    path = tmp_path / "t.png"
    PIL.Image.fromarray(pixels).save(path)
    return path


def file_data(path: Path, name: str | None = None) -> dict:
    return {"path": str(path), "orig_name": name, "meta": dict(META)}


def test_signature_order_and_defaults_match_gradio() -> None:
    params = inspect.signature(ImageEditor.__init__).parameters
    assert list(params)[1:] == [
        "value", "height", "width", "image_mode", "sources", "type", "label", "every",
        "inputs", "show_label", "buttons", "container", "scale", "min_width", "interactive",
        "visible", "elem_id", "elem_classes", "render", "key", "preserved_by_key",
        "placeholder", "_selectable", "transforms", "eraser", "brush", "format", "layers",
        "canvas_size", "fixed_canvas", "webcam_options",
    ]  # fmt: skip
    assert params["image_mode"].default == "RGBA"
    assert params["sources"].default == ("upload", "webcam", "clipboard")
    assert params["transforms"].default == ("crop", "resize")
    assert params["canvas_size"].default == (800, 800)
    assert params["format"].default == "webp"
    assert inspect.signature(Brush).parameters["default_size"].default == "auto"
    assert list(inspect.signature(LayerOptions).parameters) == [
        "allow_additional_layers", "layers", "disabled",
    ]  # fmt: skip


def test_config_props_as_gradio() -> None:
    props = ImageEditor().props()
    assert ImageEditor().get_block_name() == "imageeditor"
    assert ImageEditor.EVENTS == ("clear", "change", "input", "select", "upload", "apply")
    assert props["sources"] == ["upload", "webcam", "clipboard"]
    assert props["transforms"] == ["crop", "resize"]
    assert props["brush"] == DEFAULT_BRUSH
    assert props["eraser"] == {"default_size": "auto"}
    assert props["layers"] == {
        "allow_additional_layers": True,
        "layers": ["Layer 1"],
        "disabled": False,
    }
    assert props["canvas_size"] == [800, 800]
    assert props["webcam_options"] == {"mirror": True, "constraints": None}
    assert ImageEditor(layers=False).props()["layers"]["disabled"] is True
    assert ImageEditor(brush=False).props()["brush"] is False


def test_templates_are_editors_with_gradios_defaults() -> None:
    cases = [
        (Sketchpad(), [], BLACK_BRUSH, False),
        (Paint(), [], DEFAULT_BRUSH, False),
        (ImageMask(), ["upload", "webcam", "clipboard"], BLACK_BRUSH, True),
    ]
    for template, sources, brush, disabled in cases:
        props = template.props()
        assert template.is_template and template.get_block_name() == "imageeditor"
        assert props["sources"] == sources
        assert props["transforms"] == ["crop"]
        assert props["brush"] == brush
        assert props["layers"]["disabled"] is disabled
    assert Sketchpad(brush=Brush(colors=["#ff0000"])).props()["brush"]["colors"] == ["#ff0000"]


def test_brush_eraser_layer_and_watermark_options() -> None:
    brush = Brush(colors=["#FF0000", ("#00FF00", 0.5)], default_size=10)
    assert brush.default_color == "#FF0000"
    assert Brush(colors="pink").default_color == "pink"
    assert Eraser(default_size=7).default_size == 7
    assert LayerOptions(layers=[]).layers == ["Layer 1"]
    props = ImageEditor(brush=brush, layers=LayerOptions(False, ["Mask"])).props()
    assert props["brush"]["colors"] == ["#FF0000", ("#00FF00", 0.5)]
    assert props["layers"] == {
        "allow_additional_layers": False,
        "layers": ["Mask"],
        "disabled": False,
    }
    with pytest.raises(ValueError):
        WatermarkOptions(position="middle")


def test_invalid_type_and_sources_raise() -> None:
    with pytest.raises(ValueError, match="type"):
        ImageEditor(type="bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sources"):
        ImageEditor(sources=["screen"])


def test_api_info_and_examples() -> None:
    info = ImageEditor().api_info()
    assert info["title"] == "EditorData"
    assert list(info["properties"]) == ["background", "layers", "composite", "id"]
    assert info["properties"]["layers"]["items"] == {"$ref": "#/$defs/FileData"}
    assert info["$defs"]["FileData"]["required"] == ["path"]
    payload = ImageEditor().example_payload()
    assert payload["background"]["meta"] == META and payload["layers"] == []
    assert payload["composite"] is None
    assert ImageEditor().example_value()["background"].endswith("bus.png")


def test_preprocess_numpy_rgba_keeps_alpha(png: Path) -> None:
    value = ImageEditor().preprocess(
        {"background": file_data(png, "t.png"), "layers": [file_data(png)], "composite": None}
    )
    assert value is not None
    assert value["background"].shape == (4, 5, 4)
    assert value["background"][2, 2].tolist() == [0, 0, 255, 128]
    assert value["layers"][0][1, 1].tolist() == [255, 0, 0, 255]
    assert value["composite"] is None


def test_preprocess_rgb_flattens_background_and_composite_on_white(png: Path) -> None:
    """Numbers checked against Gradio 6.31: layers are converted without flattening."""
    editor = ImageEditor(image_mode="RGB")
    value = editor.preprocess(
        {"background": file_data(png), "layers": [file_data(png)], "composite": file_data(png)}
    )
    assert value is not None
    assert value["background"][0, 0].tolist() == [255, 255, 255]
    assert value["composite"][2, 2].tolist() == [127, 127, 255]
    assert value["layers"][0][0, 0].tolist() == [0, 0, 0]
    grey = ImageEditor(image_mode="L").preprocess({"background": file_data(png), "layers": []})
    assert grey is not None and grey["background"][2, 2] == 142


def test_preprocess_pil_filepath_and_none(png: Path) -> None:
    value = ImageEditor(type="pil").preprocess(
        {"background": None, "layers": [file_data(png)], "composite": file_data(png)}
    )
    assert value is not None and value["background"] is None
    assert value["layers"][0].mode == "RGBA"
    path = ImageEditor(type="filepath").preprocess(
        {"background": file_data(png, "t.png"), "layers": [], "composite": None}
    )
    assert path is not None and path["background"].endswith(".png")
    assert PIL.Image.open(path["background"]).size == (5, 4)
    assert ImageEditor().preprocess(None) is None
    with pytest.raises(ValueError):
        ImageEditor().preprocess({"background": {"url": "x"}, "layers": []})


def test_postprocess_dict_and_single_image(png: Path) -> None:
    pixels = np.zeros((3, 3, 4), np.uint8)
    out = ImageEditor(format="png").postprocess(pixels)
    assert out is not None and set(out) == {"background", "layers", "composite", "id"}
    assert isinstance(out["background"], FileOut) and isinstance(out["composite"], FileOut)
    assert out["background"].orig_name == "image.png" and out["layers"] == []
    listed = ImageEditor().postprocess(
        {
            "background": str(png),
            "layers": [pixels, PIL.Image.new("RGBA", (2, 2))],
            "composite": None,
        }
    )
    assert listed is not None
    assert isinstance(listed["background"], FileOut) and listed["background"].path == png
    assert [layer.orig_name for layer in listed["layers"]] == ["image.webp", "image.webp"]
    assert listed["composite"] is None
    assert ImageEditor().postprocess(None) is None
    with pytest.raises(ValueError):
        ImageEditor().postprocess(42)


def test_unhonoured_arguments_warn_and_defaults_do_not() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ImageEditor()
        Sketchpad()
        ImageMask()
        ImageEditor(sources=["upload"], transforms=())
        ImageEditor(buttons=["download", "fullscreen"])
    for kwargs in (
        {"transforms": ("crop",)},
        {"sources": ["webcam"]},
        {"every": 1.0},
        {"buttons": ["share"]},
        {"_selectable": True},
    ):
        name = next(iter(kwargs))
        with pytest.warns(UserWarning, match=f"`{name}`"):
            ImageEditor(**kwargs)  # type: ignore[arg-type]
