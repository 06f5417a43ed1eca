"""``gr.Gallery``: a grid of images and videos, each with an optional caption.

As an output of a generator that yields a growing list (one more image each time), only the
new items travel: :class:`GalleryStream` keeps the stored file of every item it has already
sent, so the next list's payload repeats those items exactly and its edits against the
client's value are ``add`` edits for the new items alone (no image is encoded or sent twice).
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    buttons_list,
    file_data_schema,
    file_meta_schema,
    warn_unhonoured,
    wrong_file_type,
)
from rillet.components.base import Component
from rillet.components.file import FILE_DATA_DESCRIPTION
from rillet.components.image import (
    EXAMPLE_URL,
    IMAGE_DATA_DESCRIPTION,
    Image,
    image_data_schema,
)
from rillet.core.contract import OutputStream, Run
from rillet.core.files import FILE_META, FileOut, check_readable, is_file_data, new_file
from rillet.core.streams import DiffStream, is_update, postprocess_update

#: Gradio's names for the built-in buttons of a gallery, in its order.
GALLERY_BUTTONS = ["share", "download", "download_all", "fullscreen"]


class Gallery(Component):
    """Images and videos in a grid, with a large preview on click.

    Input: a list of ``(media, caption)`` pairs (images as ``type`` says: a file path, a
    numpy array or a PIL image; videos as file paths), or None when empty.
    Output: a list of images (paths, URLs, numpy arrays, PIL images) and videos (paths,
    URLs), each alone or as a ``(media, caption)`` pair.
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "select",
        "upload",
        "change",
        "delete",
        "preview_close",
        "preview_open",
    )
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        format: str = "webp",
        file_types: list[str] | None = None,
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
        columns: int | None = 2,
        rows: int | None = None,
        height: int | float | str | None = None,
        allow_preview: bool = True,
        preview: bool | None = None,
        selected_index: int | None = None,
        object_fit: Literal["contain", "cover", "fill", "none", "scale-down"] | None = None,
        buttons: Sequence[Any] | None = None,
        interactive: bool | None = None,
        type: Literal["numpy", "pil", "filepath"] = "filepath",
        fit_columns: bool = True,
        sources: list[Literal["upload", "webcam", "clipboard"]] | None = None,
    ) -> None:
        if type not in ("numpy", "pil", "filepath"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['numpy', 'pil', 'filepath']"
            )
        self.format = format.lower().lstrip(".")
        self.file_types = file_types
        self.columns = columns
        self.rows = rows
        self.height = height
        self.allow_preview = allow_preview
        self.preview = preview
        self.selected_index = selected_index
        self.object_fit = object_fit
        self.buttons = buttons_list(buttons, GALLERY_BUTTONS)
        self.type = type
        self.fit_columns = fit_columns
        self.sources = list(sources) if sources is not None else ["upload"]
        # Images are read and written as gr.Image does (no change of mode, as in Gradio).
        self._image = Image(format=self.format, image_mode=None, type=type, render=False)
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        if any(s != "upload" for s in self.sources):
            warn_unhonoured(self, sources=[s for s in self.sources if s != "upload"])
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

    def preprocess(self, payload: Any) -> list[tuple[Any, str | None]] | None:
        """Each item as a ``(media, caption)`` pair: videos as paths, images per ``type``."""
        if not payload:
            return None
        if not isinstance(payload, list):
            raise ValueError("expected a gallery: a list of {'image' or 'video': FileData}")
        out: list[tuple[Any, str | None]] = []
        for item in payload:
            if not isinstance(item, dict):
                raise ValueError("expected each gallery item as {'image' or 'video': FileData}")
            caption = item.get("caption")
            if isinstance(item.get("video"), dict):
                path = str(item["video"].get("path") or "")
                self._check_type(path)
                out.append((path, caption))
            elif isinstance(item.get("image"), dict):
                image = item["image"]
                self._check_type(str(image.get("path") or image.get("url") or ""))
                out.append((self._image_value(image), caption))
            else:
                raise ValueError("expected each gallery item as {'image' or 'video': FileData}")
        return out

    def _image_value(self, image: dict[str, Any]) -> Any:
        path = image.get("path")
        if isinstance(path, str) and path.startswith(("http://", "https://")):
            if self.type == "filepath":
                return path
            raise ValueError("cannot open a gallery image given as a URL; upload the file")
        return self._image.preprocess({**image, "meta": dict(FILE_META)})

    def _check_type(self, path: str) -> None:
        if self.file_types and not allowed_type(path, self.file_types):
            raise wrong_file_type(self.file_types)

    def postprocess(self, value: Any) -> list[dict[str, Any]]:
        """Each item as ``{"image": FileData, "caption": ...}`` (or ``"video"``)."""
        if value is None:
            return []
        if isinstance(value, (str, Path)) or not isinstance(value, Sequence):
            raise ValueError(
                "The `value` passed into `gr.Gallery` must be a list of images or videos, "
                "or list of (media, caption) tuples."
            )
        return [self.postprocess_item(item) for item in value]

    def postprocess_item(self, item: Any) -> dict[str, Any]:
        """One item of an output list (media, or a ``(media, caption)`` pair)."""
        media, caption = split_caption(item)
        if isinstance(media, dict) and ("image" in media or "video" in media):
            return {**media, "caption": caption if caption is not None else media.get("caption")}
        if isinstance(media, dict) and is_file_data(media):
            media = media.get("path") or media.get("url")
        if isinstance(media, (str, Path)) and is_video(str(media)):
            return {"video": self._image.postprocess(media), "caption": caption}
        if isinstance(media, str) and media.lower().endswith(".svg") and Path(media).is_file():
            return {"image": self._image.postprocess(Path(media)), "caption": caption}
        return {"image": self._image.postprocess(media), "caption": caption}

    def output_stream(self, run: Run) -> OutputStream:
        """A generator's lists: edits against the last one, where items already sent keep
        their files (see :class:`GalleryStream`), so a grown list sends only its new items.
        One result: the list whole."""
        if run.generator:
            return GalleryStream(self)
        return DiffStream(self.postprocess, heavy=True)

    def api_info(self) -> dict[str, Any]:
        image = image_data_schema()
        image.pop("title")
        file = file_data_schema()
        file.pop("title")
        caption = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
        return {
            "$defs": {
                # each with a description, as Gradio's $defs (prose: rillet's own)
                "ImageData": {**image, "description": IMAGE_DATA_DESCRIPTION, "title": "ImageData"},
                "FileData": {**file, "description": FILE_DATA_DESCRIPTION, "title": "FileData"},
                "FileDataMeta": file_meta_schema(),
                "GalleryImage": {
                    "properties": {
                        "image": {"$ref": "#/$defs/ImageData"},
                        "caption": {**caption, "title": "Caption"},
                    },
                    "required": ["image"],
                    "title": "GalleryImage",
                    "type": "object",
                },
                "GalleryVideo": {
                    "properties": {
                        "video": {"$ref": "#/$defs/FileData"},
                        "caption": {**caption, "title": "Caption"},
                    },
                    "required": ["video"],
                    "title": "GalleryVideo",
                    "type": "object",
                },
            },
            "items": {
                "anyOf": [{"$ref": "#/$defs/GalleryImage"}, {"$ref": "#/$defs/GalleryVideo"}]
            },
            "title": "GalleryData",
            "type": "array",
            "additional_description": None,  # Gradio's key (python_type's description)
        }

    def example_payload(self) -> Any:
        return [
            {
                "image": {
                    "path": EXAMPLE_URL,
                    "meta": dict(FILE_META),
                    "orig_name": "bus.png",
                    "url": EXAMPLE_URL,
                }
            }
        ]

    def example_value(self) -> Any:
        return [EXAMPLE_URL]

    def api_python_type(self) -> str:
        return (
            "list[dict(image: filepath, caption: str | None) "
            "| dict(video: filepath, caption: str | None)]"
        )

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "format": self.format,
            "file_types": self.file_types,
            "columns": self.columns,
            "rows": self.rows,
            "height": self.height,
            "allow_preview": self.allow_preview,
            "preview": self.preview,
            "selected_index": self.selected_index,
            "object_fit": self.object_fit,
            "buttons": self.buttons,
            "type": self.type,
            "fit_columns": self.fit_columns,
            "sources": self.sources,
        }


class GalleryStream(DiffStream):
    """A gallery as an output: edits against the last list, like any value, but each item
    already prepared is reused whole while the function yields the same media at the same
    place (an equal path, or equal pixels: see :func:`fingerprint`). Its file was written to the
    store once (:func:`rillet.core.files.new_file`), so its ``FileData`` is the same in
    every payload and a list that grew by one image sends one ``add`` edit."""

    def __init__(self, gallery: Gallery) -> None:
        super().__init__(gallery.postprocess, heavy=True)
        self.gallery = gallery
        #: (fingerprint, caption, payload) of each item of the last list prepared.
        self.sent: list[tuple[Any, Any, dict[str, Any]]] = []

    def prepare(self, value: Any) -> Any:
        if is_update(value):
            return postprocess_update(value, self.gallery.postprocess)
        if value is None or isinstance(value, (str, Path)) or not isinstance(value, Sequence):
            self.sent = []
            return self.gallery.postprocess(value)
        items: list[tuple[Any, Any, dict[str, Any]]] = []
        for i, item in enumerate(value):
            media, caption = split_caption(item)
            key = fingerprint(media)
            if i < len(self.sent) and (key, caption) == self.sent[i][:2]:
                items.append(self.sent[i])
            else:
                items.append((key, caption, pinned(self.gallery.postprocess_item(item))))
        self.sent = items
        return [payload for _, _, payload in items]


def pinned(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its produced file (if any) written to the store now, so every later
    payload that reuses it names the same stored file."""
    out = dict(item)
    for key in ("image", "video"):
        file = out.get(key)
        if isinstance(file, FileOut):
            out[key] = _store_now(file)
    return out


def _store_now(file: FileOut) -> FileOut:
    name = file.orig_name or (Path(file.path).name if file.path else "file")
    target = new_file(name)
    if file.data is not None:
        target.write_bytes(file.data)
    elif file.path is not None:
        check_readable(file.path)
        shutil.copyfile(file.path, target)
    else:
        return file
    return FileOut(path=target, orig_name=name, mime_type=file.mime_type)


def fingerprint(media: Any) -> Any:
    """What identifies gallery media between two yields: a path or URL by its text, an array
    or a PIL image by its pixels (a hash: a few ms for a megapixel, where encoding takes
    tens, and it sees an array changed in place), anything else by its identity."""
    if isinstance(media, (str, Path)):
        return ("path", str(media))
    if hasattr(media, "getexif") and hasattr(media, "tobytes"):  # a PIL image
        return ("pil", media.mode, media.size, _digest(media.tobytes()))
    if hasattr(media, "__array_interface__"):
        import numpy as np

        array = np.ascontiguousarray(media)
        return ("array", array.shape, array.dtype.str, _digest(array.data))
    return ("object", id(media))


def _digest(data: Any) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def split_caption(item: Any) -> tuple[Any, Any]:
    """``(media, caption)`` from an item given alone or as a pair."""
    if isinstance(item, (tuple, list)):
        if len(item) != 2:
            raise ValueError(f"a gallery item must be media or a (media, caption) pair: {item!r}")
        return item[0], item[1]
    return item, None


def is_video(path: str) -> bool:
    """Whether a path or URL names a video file (by its extension)."""
    mime = mimetypes.guess_type(path.split("?", 1)[0])[0]
    return mime is not None and mime.startswith("video/")


def allowed_type(path: str, file_types: Sequence[str]) -> bool:
    """Gradio's ``file_types`` rule: an extension (``".png"``) or a kind (``"image"``,
    ``"video"``, ``"audio"``, ``"text"``); ``"file"`` allows any."""
    name = path.split("?", 1)[0].lower()
    mime = mimetypes.guess_type(name)[0] or ""
    for kind in file_types:
        kind = kind.lower()
        if kind == "file" or (kind.startswith(".") and name.endswith(kind)):
            return True
        if not kind.startswith(".") and mime.startswith(kind + "/"):
            return True
    return False
