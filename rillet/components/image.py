"""``gr.Image``: an image input (upload, webcam, clipboard) or output.

Outputs are encoded in the ``format`` asked for (Gradio's default: WebP) with the fastest
settings measured to keep that format (Pillow 13, 2-core CPU, median of 7 runs)::

    600x600 RGB                  noise (random floats)      flat colour
    webp q80 method=4 (PIL/Gradio default)   73 ms  241 KiB      17 ms  0.7 KiB
    webp q80 method=0 (used)                 28 ms  239 KiB       5 ms  1.1 KiB
    jpeg q90 (used)                           2 ms  317 KiB     0.6 ms  6.3 KiB
    png compress_level=6 (PIL default)       51 ms 1057 KiB     4.5 ms  2.3 KiB
    png compress_level=1 (used)              44 ms 1056 KiB     2.9 ms  5.7 KiB
    float64 -> uint8 (clip, *255, round)      1 ms (np.rint(np.clip(...)) took 5-8 ms)

WebP's ``method=0`` is 2.6-3.3x faster than the default at the same quality and nearly the same
size; ``compress_level=1`` is the fastest PNG level that still compresses flat images.
numpy and Pillow are imported inside the methods, so importing rillet stays light.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components._imaging import (
    data_url_bytes,
    encode,
    mode_of,
    open_image,
    temp_file,
    to_uint8,
)
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.files import FILE_META, FileOut, is_file_data
from rillet.core.streams import FrameStream

if TYPE_CHECKING:
    import numpy as np
    import PIL.Image

EXAMPLE_URL = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"
#: The ``buttons`` the page draws (Gradio's "share" needs Hugging Face Spaces).
HONOURED = ("download", "fullscreen")


class Image(Component):
    """An image. Input: numpy ``uint8`` HxWxC array, PIL image or file path (``type=``).

    Output: a numpy array (uint8; float in [0, 1], clipped, scaled by 255; bool as 0/255;
    2-D as greyscale), a PIL image, or a path/URL (sent as is, not re-encoded).
    """

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
        sources: Sequence[str] | str | None = None,
        type: Literal["numpy", "pil", "filepath"] = "numpy",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        buttons: Sequence[Any] | None = None,
        show_download_button: bool = True,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        streaming: bool = False,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        mirror_webcam: bool | None = None,
        webcam_options: Any = None,
        show_share_button: bool | None = None,
        placeholder: str | None = None,
        show_fullscreen_button: bool = True,
        webcam_constraints: dict[str, Any] | None = None,
        watermark: Any = None,
    ) -> None:
        if type not in ("numpy", "pil", "filepath"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['numpy', 'pil', 'filepath']"
            )
        if sources is None:
            sources = ["webcam"] if streaming else ["upload", "webcam", "clipboard"]
        self.sources = [sources] if isinstance(sources, str) else list(sources)
        for source in self.sources:
            if source not in ("upload", "webcam", "clipboard"):
                raise ValueError("`sources` must be a list of 'upload', 'webcam', 'clipboard'")
        if streaming and self.sources != ["webcam"]:
            raise ValueError("Image streaming is only available if sources is ['webcam'].")
        self.format = format.lower().lstrip(".")
        self.height = height
        self.width = width
        self.image_mode = image_mode
        self.type = type
        self.streaming = streaming
        self.placeholder = placeholder
        self.webcam_options = _webcam_options(webcam_options, mirror_webcam, webcam_constraints)
        self.buttons = _buttons(
            buttons, show_download_button, show_share_button, show_fullscreen_button
        )
        warn_unhonoured_buttons(
            self, ["share"] if buttons is None and show_share_button else buttons, HONOURED
        )
        warn_unhonoured(
            self, every=every, inputs=inputs, watermark=watermark, preserved_by_key=preserved_by_key
        )
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

    def preprocess(self, payload: Any) -> np.ndarray | PIL.Image.Image | str | None:
        """Open the uploaded (or webcam data-URL) image and hand it over per ``type``."""
        if payload is None:
            return None
        url = payload.get("url") if isinstance(payload, dict) else None
        if isinstance(url, str) and url.startswith("data:"):
            data = data_url_bytes(url)
            if self.type == "filepath" and self.image_mode is None:
                return temp_file(data, ".jpeg" if "image/jpeg" in url[:30] else ".png")
            return self._convert(open_image(BytesIO(data)))
        if not is_file_data(payload):
            raise ValueError(
                "expected an image as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
        path = Path(payload["path"])
        if path.suffix.lower() == ".svg":
            if self.type == "filepath":
                return str(path)
            raise ValueError("SVG files are not supported as input images for this app.")
        if self.type == "filepath" and self.image_mode in (None, mode_of(path)):
            return str(path)
        return self._convert(open_image(path))

    def _convert(self, image: PIL.Image.Image) -> np.ndarray | PIL.Image.Image | str:
        from PIL import ImageOps

        if image.getexif().get(274, 1) != 1:  # 274: orientation
            image = ImageOps.exif_transpose(image)
        if self.image_mode is not None and image.mode != self.image_mode:
            image = image.convert(self.image_mode)
        if self.type == "pil":
            return image
        if self.type == "numpy":
            import numpy as np

            return np.array(image)  # a writable copy, as Gradio gives
        out = BytesIO()  # "filepath" in another mode: a new lossless file
        image.save(out, "PNG", compress_level=1)
        return temp_file(out.getvalue(), ".png")

    def postprocess(self, value: Any) -> FileOut | dict[str, Any] | None:
        """Encode arrays and PIL images in ``format``; paths and URLs go as they are."""
        if value is None or isinstance(value, FileOut):
            return value
        if isinstance(value, dict):  # a FileData-like dict
            value = value.get("path") or value.get("url") or value
        if isinstance(value, (str, Path)):
            return _file_out(value)
        if hasattr(value, "__array_interface__") and not hasattr(value, "getexif"):
            import PIL.Image

            value = PIL.Image.fromarray(to_uint8(value))
        if not hasattr(value, "save") or not hasattr(value, "mode"):
            raise ValueError(
                f"Cannot process this value as an Image: it is a {type(value).__name__}"
            )
        return _encoded(value, self.format)

    def output_stream(self, run: Run) -> OutputStream:
        """Frames: the newest wins; a generator's or a live event's as ``stream_chunk``."""
        return FrameStream(self, run)

    def stream_chunk(self, value: Any, state: dict[str, Any]) -> FileOut | dict[str, Any] | None:
        """A frame yielded by a generator. With the WebP format, opaque frames are sent as
        JPEG (q90): 2 ms instead of 28 ms for a 600x600 photo-like frame, so a stream of
        frames keeps up with its generator. Other formats are kept."""
        if self.format != "webp" or value is None or isinstance(value, (str, Path, dict, FileOut)):
            return self.postprocess(value)
        if hasattr(value, "__array_interface__") and not hasattr(value, "getexif"):
            import PIL.Image

            value = PIL.Image.fromarray(to_uint8(value))
        if not hasattr(value, "info"):
            return self.postprocess(value)  # not an image: postprocess says why
        opaque = "A" not in getattr(value, "mode", "A") and "transparency" not in value.info
        return _encoded(value, "jpeg" if opaque else self.format)

    def final_of_stream(self, value: Any) -> FileOut | dict[str, Any] | None:
        """A generator's last frame as its final value, in ``format`` (its frames may have
        gone as JPEG: :meth:`stream_chunk`), as Gradio's final value is; None when the
        frames were already in ``format``."""
        if self.format != "webp" or value is None or isinstance(value, (str, Path, dict, FileOut)):
            return None
        return self.postprocess(value)

    def api_info(self) -> dict[str, Any]:
        return {**image_data_schema(), "additional_description": IMAGE_DATA_DESCRIPTION}

    def example_payload(self) -> Any:
        name = EXAMPLE_URL.rsplit("/", 1)[-1]
        return {"path": EXAMPLE_URL, "meta": dict(FILE_META), "orig_name": name, "url": EXAMPLE_URL}

    def example_value(self) -> Any:
        return EXAMPLE_URL

    def api_python_type(self) -> str:
        return "filepath"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "format": self.format,
            "height": self.height,
            "width": self.width,
            "image_mode": self.image_mode,
            "sources": self.sources,
            "type": self.type,
            "streaming": self.streaming,
            "placeholder": self.placeholder,
            "webcam_options": self.webcam_options,
            "mirror_webcam": self.webcam_options["mirror"],
            "buttons": self.buttons,
            "show_download_button": "download" in self.buttons,
            "show_share_button": "share" in self.buttons,
            "show_fullscreen_button": "fullscreen" in self.buttons,
        }


#: What an ``ImageData`` is, for the API page.
IMAGE_DATA_DESCRIPTION = (
    "An image file: `path` (where the server stores it, after an upload) or `url` (where to "
    "fetch it), `size` in bytes, `orig_name`, `mime_type`, `is_stream`, and `meta` "
    "({'_type': 'gradio.FileData'}, which marks it as a file)."
)


def image_data_schema() -> dict[str, Any]:
    """Gradio's ``ImageData`` JSON schema; ``gradio_client`` spots files by ``path`` + ``meta``."""

    def optional(kind: str, title: str, description: str) -> dict[str, Any]:
        return {
            "anyOf": [{"type": kind}, {"type": "null"}],
            "default": None,
            "description": description,
            "title": title,
        }

    return {
        "properties": {
            "path": optional("string", "Path", "Path to a local file"),
            "url": optional("string", "Url", "Publicly available url or base64 encoded image"),
            "size": optional("integer", "Size", "Size of image in bytes"),
            "orig_name": optional("string", "Orig Name", "Original filename"),
            "mime_type": optional("string", "Mime Type", "mime type of image"),
            "is_stream": {
                "default": False,
                "description": "Can always be set to False",
                "title": "Is Stream",
                "type": "boolean",
            },
            "meta": {
                "additionalProperties": True,
                "default": dict(FILE_META),
                "title": "Meta",
                "type": "object",
            },
        },
        "title": "ImageData",
        "type": "object",
    }


def _encoded(image: Any, fmt: str) -> FileOut:
    data, ext = encode(image, fmt)
    return FileOut(
        data=data, orig_name=f"image.{ext}", mime_type=mimetypes.guess_type(f"image.{ext}")[0]
    )


def _file_out(value: str | Path) -> FileOut | dict[str, Any]:
    text = str(value)
    if text.startswith(("http://", "https://")):
        name = Path(text.split("?", 1)[0]).name or "image"
        return {
            "path": text,
            "url": text,
            "size": None,
            "orig_name": name,
            "mime_type": mimetypes.guess_type(name)[0],
            "is_stream": False,
            "meta": dict(FILE_META),
        }
    path = Path(value)
    return FileOut(path=path, orig_name=path.name, mime_type=mimetypes.guess_type(path.name)[0])


def _webcam_options(
    options: Any, mirror: bool | None, constraints: dict[str, Any] | None
) -> dict[str, Any]:
    """``webcam_options`` (a dict or ``gr.WebcamOptions``-like object) merged with Gradio 5's
    ``mirror_webcam``/``webcam_constraints``."""
    if isinstance(options, dict):
        opts = {"mirror": options.get("mirror", True), "constraints": options.get("constraints")}
    else:
        opts = {
            "mirror": getattr(options, "mirror", True),
            "constraints": getattr(options, "constraints", None),
        }
    if mirror is not None:
        opts["mirror"] = mirror
    if constraints is not None:
        opts["constraints"] = constraints
    return opts


def _buttons(
    buttons: Sequence[Any] | None, download: bool, share: bool | None, fullscreen: bool
) -> list[str]:
    return buttons_list(
        buttons,
        ["download", "share", "fullscreen"],
        download=download,
        share=share,
        fullscreen=fullscreen,
    )
