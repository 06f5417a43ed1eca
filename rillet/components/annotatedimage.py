"""``gr.AnnotatedImage``: an image with labelled regions (boxes or masks) drawn over it.

Each annotation becomes a transparent PNG as large as the base image, in its label's colour
(``color_map``, else red): a mask's values (0 to 1) are its opacity; a box is half opaque
inside with a 3-pixel opaque border. The page stacks them over the image and shows a legend
whose labels highlight their region.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rillet.components._common import (
    buttons_list,
    file_data_schema,
    file_meta_schema,
    warn_unhonoured,
)
from rillet.components._imaging import encode, open_image, to_uint8
from rillet.components.base import Component
from rillet.components.file import FILE_DATA_DESCRIPTION
from rillet.components.image import EXAMPLE_URL, Image
from rillet.core.files import FILE_META, FileOut, check_readable

if TYPE_CHECKING:
    import numpy as np

#: A box's border, in pixels, drawn fully opaque (its inside is half opaque).
BOX_BORDER = 3
#: The colour of a label missing from ``color_map``.
DEFAULT_RGB = (255, 0, 0)
#: Seconds to wait for a base image given as a URL (its size is needed for the overlays).
URL_TIMEOUT = 20.0
#: Bytes read at most from a base image given as a URL.
MAX_URL_BYTES = 64 * 1024 * 1024


class AnnotatedImage(Component):
    """An image with labelled regions. Output: ``(image, [(mask_or_box, label), ...])``:
    the image a path, URL, numpy array or PIL image; a region a numpy mask of the image's
    height and width (values 0 to 1) or a box ``(x1, y1, x2, y2)`` in pixels. Input (as
    Gradio gives it): ``(image path, [(overlay PNG path, label), ...])``."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "select")
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        format: str = "webp",
        show_legend: bool = True,
        height: int | str | None = None,
        width: int | str | None = None,
        color_map: dict[str, str] | None = None,
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        buttons: Sequence[Any] | None = None,
    ) -> None:
        self.format = format.lower().lstrip(".")
        self.show_legend = show_legend
        self.height = height
        self.width = width
        self.color_map = color_map
        self.buttons = buttons_list(buttons, ["fullscreen"])
        self._image = Image(format=self.format, render=False)
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> tuple[str, list[tuple[str, str]]] | None:
        """The base image's path and each overlay's path with its label."""
        if payload is None:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("image"), dict):
            raise ValueError("expected {'image': FileData, 'annotations': [...]}")
        annotations = [
            (str(a["image"]["path"]), str(a["label"])) for a in payload.get("annotations") or []
        ]
        return str(payload["image"]["path"]), annotations

    def postprocess(self, value: Any) -> dict[str, Any] | None:
        """The base image as a file and one transparent PNG overlay per annotation."""
        if value is None:
            return None
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValueError("AnnotatedImage expects (image, [(mask_or_box, label), ...])")
        base, annotations = value
        pixels = self._base_pixels(base)
        height, width = int(pixels.shape[0]), int(pixels.shape[1])
        overlays = [
            {
                "image": overlay_file(
                    overlay_alpha(mask, height, width), rgb_of(self.color_map, str(label))
                ),
                "label": str(label),
            }
            for mask, label in annotations or []
        ]
        return {"image": self._base_file(base, pixels), "annotations": overlays}

    def _base_pixels(self, base: Any) -> np.ndarray:
        import numpy as np

        if isinstance(base, (str, Path)):
            text = str(base)
            if text.startswith(("http://", "https://")):
                import urllib.request  # only here: it costs ~15 ms at import

                with urllib.request.urlopen(text, timeout=URL_TIMEOUT) as response:
                    data = response.read(MAX_URL_BYTES + 1)
                if len(data) > MAX_URL_BYTES:
                    raise ValueError(f"the image at {text} is larger than {MAX_URL_BYTES} bytes")
                return np.asarray(open_image(BytesIO(data)))
            check_readable(text)
            return np.asarray(open_image(Path(text)))
        if hasattr(base, "getexif"):  # a PIL image
            return np.asarray(base)
        if hasattr(base, "__array_interface__"):
            return np.asarray(base)
        raise ValueError(
            "AnnotatedImage only accepts filepaths, PIL images or numpy arrays for the base image."
        )

    def _base_file(self, base: Any, pixels: np.ndarray) -> Any:
        if isinstance(base, (str, Path)):
            return self._image.postprocess(base)
        return self._image.postprocess(pixels if not hasattr(base, "getexif") else base)

    def api_info(self) -> dict[str, Any]:
        file = file_data_schema()
        return {
            "$defs": {
                "Annotation": {
                    "properties": {
                        "image": {"$ref": "#/$defs/FileData"},
                        "label": {"title": "Label", "type": "string"},
                    },
                    "required": ["image", "label"],
                    "title": "Annotation",
                    "type": "object",
                },
                "FileData": {**file, "description": FILE_DATA_DESCRIPTION},
                "FileDataMeta": file_meta_schema(),
            },
            "properties": {
                "image": {"$ref": "#/$defs/FileData"},
                "annotations": {
                    "items": {"$ref": "#/$defs/Annotation"},
                    "title": "Annotations",
                    "type": "array",
                },
            },
            "required": ["image", "annotations"],
            "title": "AnnotatedImageData",
            "type": "object",
            "additional_description": None,  # Gradio's key (python_type's description)
        }

    def example_payload(self) -> Any:
        image = {
            "path": EXAMPLE_URL,
            "meta": dict(FILE_META),
            "orig_name": "bus.png",
            "url": EXAMPLE_URL,
        }
        return {"image": image, "annotations": []}

    def example_value(self) -> Any:
        return (EXAMPLE_URL, [([0, 0, 100, 100], "bus")])

    def api_python_type(self) -> str:
        return "dict(image: filepath, annotations: list[dict(image: filepath, label: str)])"

    def props(self) -> dict[str, Any]:
        props = super().props()
        props.pop("interactive")  # display only, as in Gradio
        return {
            **props,
            "format": self.format,
            "show_legend": self.show_legend,
            "height": self.height,
            "width": self.width,
            "color_map": self.color_map,
            "buttons": self.buttons,
        }


def overlay_alpha(mask: Any, height: int, width: int) -> np.ndarray:
    """An annotation's opacity (0 to 1) per pixel: a mask as given (clipped), or a box."""
    import numpy as np

    if hasattr(mask, "__array_interface__"):
        alpha = np.asarray(mask, dtype=np.float32)
        if alpha.ndim == 3:  # a colour or one-channel mask: its largest channel
            alpha = alpha.max(axis=2)
        if alpha.shape != (height, width):
            raise ValueError(
                f"an AnnotatedImage mask must be {height}x{width} (the image's size), "
                f"got {'x'.join(map(str, alpha.shape))}"
            )
        if np.asarray(mask).dtype == np.uint8 and alpha.max(initial=0) > 1:  # 0 to 255
            alpha = alpha / 255.0
        return np.clip(np.nan_to_num(alpha), 0.0, 1.0)
    if not isinstance(mask, (tuple, list)) or len(mask) != 4:
        raise ValueError("an AnnotatedImage region is a numpy mask or a box (x1, y1, x2, y2)")
    x1, y1, x2, y2 = (int(v) for v in mask)
    alpha = np.zeros((height, width), dtype=np.float32)
    alpha[y1:y2, x1:x2] = 0.5
    b = BOX_BORDER
    alpha[y1:y2, x1 : x1 + b] = 1.0
    alpha[y1:y2, max(x2 - b, 0) : x2] = 1.0
    alpha[y1 : y1 + b, x1:x2] = 1.0
    alpha[max(y2 - b, 0) : y2, x1:x2] = 1.0
    return alpha


def rgb_of(color_map: dict[str, str] | None, label: str) -> tuple[int, int, int]:
    """The label's colour from ``color_map`` (``"#rgb"`` or ``"#rrggbb"``), else red."""
    text = (color_map or {}).get(label)
    if not text:
        return DEFAULT_RGB
    digits = text.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    try:
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    except ValueError:
        return DEFAULT_RGB


def overlay_file(alpha: np.ndarray, rgb: tuple[int, int, int]) -> FileOut:
    """A PNG of ``rgb`` wherever ``alpha`` is above 0, with that opacity."""
    import numpy as np
    import PIL.Image

    rgba = np.zeros((*alpha.shape, 4), dtype=np.uint8)
    rgba[alpha > 0, :3] = rgb
    rgba[:, :, 3] = to_uint8(alpha)
    data, ext = encode(PIL.Image.fromarray(rgba, "RGBA"), "png")
    return FileOut(data=data, orig_name=f"mask.{ext}", mime_type="image/png")
