"""``gr.ImageEditor``: a canvas to draw on, over an optional background image, in layers.

Its value is a dict ``{"background": image, "layers": [image, ...], "composite": image}``
(Gradio's ``EditorValue``); each image is a numpy array, a PIL image or a file path
(``type=``). The page uploads the layers and the composite as PNGs after each edit.
``Brush``, ``Eraser`` and ``LayerOptions`` configure the tools, as in Gradio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rillet.components._common import WebcamOptions, warn_unhonoured
from rillet.components._imaging import data_url_bytes, encode, open_image, temp_file, to_uint8
from rillet.components.base import Component
from rillet.components.image import EXAMPLE_URL, _encoded, _file_out
from rillet.core.files import FILE_META, FileOut, is_file_data

if TYPE_CHECKING:
    import PIL.Image

#: Gradio's default brush colours.
DEFAULT_COLORS = (
    "rgb(204, 50, 50)",
    "rgb(173, 204, 50)",
    "rgb(50, 204, 112)",
    "rgb(50, 112, 204)",
    "rgb(173, 50, 204)",
)
SOURCES = ("upload", "webcam", "clipboard")
#: The sources the page offers (webcam and clipboard are warned when asked for).
HONOURED_SOURCES = ("upload",)
#: The ``buttons`` the page draws (Gradio's "share" needs Hugging Face Spaces).
HONOURED_BUTTONS = ("download", "fullscreen")
Color = str | tuple[str, float]


@dataclass
class Eraser:
    """The eraser tool: ``default_size`` in canvas pixels, or ``"auto"`` (from the canvas
    size)."""

    default_size: int | Literal["auto"] = "auto"


@dataclass
class Brush(Eraser):
    """The brush tool: its ``colors`` (CSS colours, or ``(colour, opacity)`` pairs), the
    ``default_color`` (the first colour when None) and ``color_mode``: ``"defaults"`` adds a
    free colour picker to the swatches, ``"fixed"`` offers the swatches only."""

    colors: list[Color] | Color | None = None
    default_color: Color | None = None
    color_mode: Literal["fixed", "defaults"] = "defaults"

    def __post_init__(self) -> None:
        if self.colors is None:
            self.colors = list(DEFAULT_COLORS)
        if self.default_color is None:
            self.default_color = self.colors[0] if isinstance(self.colors, list) else self.colors


@dataclass
class LayerOptions:
    """The layers: their names (one, ``"Layer 1"``, when none are given), whether the user
    may add more, and ``disabled`` (a single layer, no layer controls)."""

    allow_additional_layers: bool = True
    layers: list[str] | None = None
    disabled: bool = False

    def __post_init__(self) -> None:
        if not self.layers:
            self.layers = ["Layer 1"]


@dataclass
class WatermarkOptions:
    """Gradio's watermark for images and videos: an image and where to put it. Accepted for
    compatibility; rillet does not draw watermarks (components warn when given one)."""

    watermark: Any = None
    position: tuple[int, int] | str = "bottom-right"

    def __post_init__(self) -> None:
        corners = ("top-left", "top-right", "bottom-left", "bottom-right")
        if isinstance(self.position, str):
            if self.position not in corners:
                raise ValueError(f"String position must be one of: {list(corners)}")
        elif len(self.position) != 2 or not all(isinstance(v, int) for v in self.position):
            raise ValueError("Position tuple must be two integers (x, y)")


class ImageEditor(Component):
    """An image editor. Input: ``{"background", "layers", "composite"}`` with images per
    ``type`` (numpy ``uint8`` arrays in ``image_mode``, PIL images or file paths).

    Output: such a dict (missing keys: None / no layers), or a single image, which becomes
    the background and the composite.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("clear", "change", "input", "select", "upload", "apply")
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        height: int | str | None = None,
        width: int | str | None = None,
        image_mode: str = "RGBA",
        sources: Iterable[str] | str | None = SOURCES,
        type: Literal["numpy", "pil", "filepath"] = "numpy",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        buttons: list[str] | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        placeholder: str | None = None,
        _selectable: bool = False,
        transforms: Iterable[str] | None = ("crop", "resize"),
        eraser: Eraser | Literal[False] | None = None,
        brush: Brush | Literal[False] | None = None,
        format: str = "webp",
        layers: bool | LayerOptions = True,
        canvas_size: tuple[int, int] = (800, 800),
        fixed_canvas: bool = False,
        webcam_options: WebcamOptions | None = None,
    ) -> None:
        if type not in ("numpy", "pil", "filepath"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type}. "
                "Please choose from one of: ['numpy', 'pil', 'filepath']"
            )
        self.type = type
        self.height = height
        self.width = width
        self.image_mode = image_mode
        self.sources = _sources(sources)
        self.transforms = list(transforms) if transforms is not None else None
        self.eraser = Eraser() if eraser is None else eraser
        self.brush = Brush() if brush is None else brush
        self.format = format
        self.layers = (
            LayerOptions()
            if layers is True
            else LayerOptions(disabled=True)
            if layers is False
            else layers
        )
        self.canvas_size = canvas_size
        self.fixed_canvas = fixed_canvas
        self.placeholder = placeholder
        self.buttons = buttons
        self._selectable = _selectable
        self.webcam_options = webcam_options if webcam_options is not None else WebcamOptions()
        self._warn_unhonoured(every, inputs, preserved_by_key, buttons)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def _warn_unhonoured(
        self, every: Any, inputs: Any, preserved_by_key: Any, buttons: list[str] | None
    ) -> None:
        """Warn about what the page does not do. Gradio's defaults (crop/resize tools, the
        webcam and clipboard sources) are warned only when the program names them."""
        given = self._given_arguments[1]
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
            buttons=[b for b in buttons or [] if b not in HONOURED_BUTTONS] or None,
            transforms=self.transforms or None if "transforms" in given else None,
            sources=[s for s in self.sources if s not in HONOURED_SOURCES] or None
            if "sources" in given
            else None,
            webcam_options=given.get("webcam_options"),
            _selectable=self._selectable or None,
        )

    def preprocess(self, payload: Any) -> dict[str, Any] | None:
        """Open the background, layers and composite and hand them over per ``type``."""
        if payload is None:
            return None
        if not isinstance(payload, dict):
            raise ValueError("expected {'background': ..., 'layers': [...], 'composite': ...}")
        layers = [self._image_in(layer, False) for layer in payload.get("layers") or []]
        return {
            "background": self._image_in(payload.get("background"), True),
            "layers": [layer for layer in layers if layer is not None],
            "composite": self._image_in(payload.get("composite"), True),
        }

    def _image_in(self, file: Any, flatten: bool) -> Any:
        """One FileData as the function's image; ``flatten``: transparent areas become
        white when ``image_mode`` has no alpha (the canvas leaves them black)."""
        if file is None:
            return None
        url = file.get("url") if isinstance(file, dict) else None
        if isinstance(url, str) and url.startswith("data:"):
            image = open_image(BytesIO(data_url_bytes(url)))
            name = "image"
        elif is_file_data(file):
            image = open_image(Path(file["path"]))
            name = file.get("orig_name") or ""
        else:
            raise ValueError("expected each image as FileData: {'path': ..., 'meta': ...}")
        return self._convert(image, flatten, name)

    def _convert(self, image: PIL.Image.Image, flatten: bool, name: str) -> Any:
        import PIL.Image

        alpha = "A" in image.getbands() or "transparency" in image.info
        if flatten and alpha and self.image_mode not in ("RGBA", "LA", "PA"):
            rgba = image.convert("RGBA")
            image = PIL.Image.alpha_composite(PIL.Image.new("RGBA", rgba.size, "white"), rgba)
        image = image.convert(self.image_mode)
        if self.type == "pil":
            return image
        if self.type == "numpy":
            import numpy as np

            return np.array(image)
        suffix = Path(name).suffix.lower().lstrip(".") or self.format
        data, ext = encode(image, "jpeg" if suffix == "jpg" else suffix)
        return temp_file(data, f".{ext}")

    def postprocess(self, value: Any) -> dict[str, Any] | None:
        """Each image encoded in ``format`` (paths and URLs kept); a lone image is the
        background and the composite."""
        if value is None:
            return None
        if not isinstance(value, dict):
            if not _is_image(value):
                raise ValueError(
                    "The value to `gr.ImageEditor` must be a dictionary of images "
                    "or a single image."
                )
            value = {"background": value, "layers": [], "composite": value}
        return {
            "background": self._image_out(value.get("background")),
            "layers": [self._image_out(layer) for layer in value.get("layers") or []],
            "composite": self._image_out(value.get("composite")),
            "id": None,
        }

    def _image_out(self, image: Any) -> FileOut | dict[str, Any] | None:
        if image is None:
            return None
        if isinstance(image, dict) and is_file_data(image):
            image = image["path"]
        if isinstance(image, (str, Path)):
            return _file_out(image)
        if hasattr(image, "__array_interface__") and not hasattr(image, "getexif"):
            import PIL.Image

            image = PIL.Image.fromarray(to_uint8(image))
        if not hasattr(image, "save") or not hasattr(image, "mode"):
            raise ValueError(f"Cannot process this value as an image: a {type(image).__name__}")
        return _encoded(image, self.format)

    def api_info(self) -> dict[str, Any]:
        return editor_data_schema()

    def example_payload(self) -> Any:
        return {
            "background": {
                "path": EXAMPLE_URL,
                "meta": dict(FILE_META),
                "orig_name": "bus.png",
                "url": EXAMPLE_URL,
            },
            "layers": [],
            "composite": None,
        }

    def example_value(self) -> Any:
        return {"background": EXAMPLE_URL, "layers": [], "composite": None}

    def api_python_type(self) -> str:
        return (
            "dict(background: filepath | None, layers: list[filepath], "
            "composite: filepath | None, id: str | None)"
        )

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "height": self.height,
            "width": self.width,
            "image_mode": self.image_mode,
            "sources": self.sources,
            "type": self.type,
            "buttons": self.buttons,
            "placeholder": self.placeholder,
            "_selectable": self._selectable,
            "transforms": self.transforms,
            "eraser": _tool(self.eraser),
            "brush": _tool(self.brush),
            "format": self.format,
            "layers": asdict(self.layers),
            "canvas_size": list(self.canvas_size),
            "fixed_canvas": self.fixed_canvas,
            "webcam_options": _tool(self.webcam_options),
        }


def _is_image(value: Any) -> bool:
    """A path/URL, an array or a PIL image."""
    return isinstance(value, (str, Path)) or hasattr(value, "__array_interface__")


def _tool(tool: Any) -> Any:
    """A tool's options as ``/config`` shows them (False: the tool is off)."""
    if tool is False or tool is None:
        return tool
    if isinstance(tool, dict):
        return tool
    return asdict(tool) if hasattr(tool, "__dataclass_fields__") else dict(vars(tool))


def _sources(sources: Iterable[str] | str | None) -> list[str]:
    if sources is None:
        return []
    listed = [sources] if isinstance(sources, str) else list(sources)
    for source in listed:
        if source not in SOURCES:
            raise ValueError(f"`sources` must be a list consisting of elements in {list(SOURCES)}")
    return listed


def editor_data_schema() -> dict[str, Any]:
    """Gradio's ``EditorData`` JSON schema (FileData for each image)."""

    def optional(kind: str, title: str) -> dict[str, Any]:
        return {"anyOf": [{"type": kind}, {"type": "null"}], "default": None, "title": title}

    file_data = {
        "description": (
            "A file on the server: its path, URL, size in bytes, original name and MIME "
            "type (Gradio's FileData)."
        ),
        "properties": {
            "path": {"title": "Path", "type": "string"},
            "url": optional("string", "Url"),
            "size": optional("integer", "Size"),
            "orig_name": optional("string", "Orig Name"),
            "mime_type": optional("string", "Mime Type"),
            "is_stream": {"default": False, "title": "Is Stream", "type": "boolean"},
            "meta": {"$ref": "#/$defs/FileDataMeta"},
        },
        "required": ["path"],
        "title": "FileData",
        "type": "object",
    }
    image = {"anyOf": [{"$ref": "#/$defs/FileData"}, {"type": "null"}], "default": None}
    return {
        "$defs": {
            "FileData": file_data,
            "FileDataMeta": {
                "properties": {
                    "_type": {"const": "gradio.FileData", "title": "Type", "type": "string"}
                },
                "required": ["_type"],
                "title": "FileDataMeta",
                "type": "object",
            },
        },
        "properties": {
            "background": dict(image),
            "layers": {
                "default": [],
                "items": {"$ref": "#/$defs/FileData"},
                "title": "Layers",
                "type": "array",
            },
            "composite": dict(image),
            "id": optional("string", "Id"),
        },
        "title": "EditorData",
        "type": "object",
        "additional_description": None,
    }
