"""``gr.ImageSlider``: two images one over the other, with a divider dragged between them
(a before/after comparison). Each image is read and written as ``gr.Image`` does."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components.base import Component
from rillet.components.image import (
    EXAMPLE_URL,
    IMAGE_DATA_DESCRIPTION,
    Image,
    image_data_schema,
)
from rillet.core.files import FILE_META


class ImageSlider(Component):
    """A pair of images compared with a slider. Input: a ``(left, right)`` tuple, each a
    numpy array, PIL image or file path (``type``; None for a missing one), or None.
    Output: a pair of numpy arrays, PIL images, paths or URLs (either may be None)."""

    EVENTS: ClassVar[tuple[str, ...]] = ("clear", "change", "stream", "select", "upload", "input")
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        format: str = "webp",
        height: int | str | None = None,
        width: int | str | None = None,
        image_mode: str | None = "RGB",
        type: Literal["numpy", "pil", "filepath"] = "numpy",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        buttons: Sequence[Any] | None = None,
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
        slider_position: float = 50,
        max_height: int = 500,
    ) -> None:
        self._image = Image(format=format, image_mode=image_mode, type=type, render=False)
        self.format = self._image.format
        self.height = height
        self.width = width
        self.image_mode = image_mode
        self.type = type
        self.buttons = buttons_list(buttons, ["download", "fullscreen"])
        self.slider_position = slider_position
        self.max_height = max_height
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
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

    def stream(
        self,
        fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Any:
        """Accepted as in Gradio, but the page has no way to stream an image pair yet, so
        such an event never runs: warned."""
        warnings.warn(
            "gr.ImageSlider: `.stream()` has no effect in rillet (the slider cannot stream "
            "input yet); accepted for compatibility with Gradio",
            UserWarning,
            stacklevel=2,
        )
        return self._listen("stream", fn, inputs, outputs, **options)

    def preprocess(self, payload: Any) -> tuple[Any, Any] | None:
        """Each image of the pair per ``type`` (None stays None)."""
        if payload is None:
            return None
        if not isinstance(payload, (list, tuple)) or len(payload) != 2:
            raise ValueError("expected an image pair: [ImageData or null, ImageData or null]")
        return self._image.preprocess(payload[0]), self._image.preprocess(payload[1])

    def postprocess(self, value: Any) -> list[Any] | None:
        """Each image of the pair encoded (arrays, PIL images) or passed on (paths, URLs)."""
        if value is None:
            return None
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise ValueError("gr.ImageSlider expects a pair of images: (image1, image2)")
        return [self._image.postprocess(value[0]), self._image.postprocess(value[1])]

    def api_info(self) -> dict[str, Any]:
        image = image_data_schema()
        slot = {"anyOf": [{"$ref": "#/$defs/ImageData"}, {"type": "null"}]}
        return {
            "$defs": {"ImageData": {**image, "description": IMAGE_DATA_DESCRIPTION}},
            "anyOf": [
                {
                    "maxItems": 2,
                    "minItems": 2,
                    "prefixItems": [slot, slot],
                    "type": "array",
                },
                {"type": "null"},
            ],
            "title": "SliderData",
            "additional_description": None,  # Gradio's key (python_type's description)
        }

    def example_payload(self) -> Any:
        image = {
            "path": EXAMPLE_URL,
            "meta": dict(FILE_META),
            "orig_name": "bus.png",
            "url": EXAMPLE_URL,
        }
        return [image, dict(image)]

    def example_value(self) -> Any:
        return (EXAMPLE_URL, EXAMPLE_URL)

    def api_python_type(self) -> str:
        return "tuple[filepath | None, filepath | None] | None"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "streamable": False,
            "format": self.format,
            "height": self.height,
            "width": self.width,
            "image_mode": self.image_mode,
            "type": self.type,
            "buttons": self.buttons,
            "slider_position": self.slider_position,
            "max_height": self.max_height,
        }
