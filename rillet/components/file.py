"""``gr.File``: files in (drop or pick one, several or a folder) and out (a list of files
with their names, sizes and download links).

The helpers below are shared with ``gr.UploadButton`` (same payloads, same checks) and
``gr.DownloadButton`` (same schema).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    file_data_schema,
    file_meta_schema,
    readable_file,
    url_file_data,
    warn_unhonoured,
    wrong_file_type,
)
from rillet.components.base import Component
from rillet.core.files import FILE_META, FileOut, is_file_data

EXAMPLE_URL = "https://github.com/gradio-app/gradio/raw/main/test/test_files/sample_file.pdf"
FILE_COUNTS = ("single", "multiple", "directory")
TYPES = ("filepath", "binary")
#: Gradio's ``file_types`` categories: a MIME type's major part.
CATEGORIES = ("image", "video", "audio", "text")


class NamedString(str):
    """A path handed to the user's function, as Gradio hands it: a ``str`` that also has
    ``.name`` (the same path), for code written for Gradio's old file objects
    (``file.name``)."""

    @property
    def name(self) -> str:
        return str(self)


class File(Component):
    """Files. Input: a path (``type="filepath"``, a ``str`` with ``.name``) or the bytes
    (``type="binary"``); a list of them when ``file_count`` is "multiple" or "directory".

    Output: a path or URL, a list of them, or ``FileData``-like dicts; each is shown with
    its name, size and a download link. Returned paths follow the rule for returned files
    (the working directory, the temporary directory, ``allowed_paths``).
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "select",
        "clear",
        "upload",
        "delete",
        "download",
    )

    def __init__(
        self,
        value: str | list[str] | Callable[..., Any] | None = None,
        *,
        file_count: Literal["single", "multiple", "directory"] = "single",
        file_types: list[str] | None = None,
        type: Literal["filepath", "binary"] = "filepath",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        height: int | str | float | None = None,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        allow_reordering: bool = False,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        check_options(file_count, file_types, type)
        self.file_count = file_count
        self.file_types = file_types
        self.type = type
        self.height = height
        self.allow_reordering = allow_reordering
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
            allow_reordering=allow_reordering or None,
            buttons=buttons or None,
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

    def preprocess(self, payload: Any) -> Any:
        """The uploaded file(s) as paths or bytes (see :func:`preprocess_files`)."""
        return preprocess_files(payload, self.file_count, self.file_types, self.type)

    def postprocess(self, value: Any) -> Any:
        """Paths, URLs and ``FileData``-likes as files to show (see :func:`postprocess_files`)."""
        return postprocess_files(value)

    def api_info(self) -> dict[str, Any]:
        return files_schema(self.file_count)

    def example_payload(self) -> Any:
        return example_payload(self.file_count)

    def example_value(self) -> Any:
        return EXAMPLE_URL if self.file_count == "single" else [EXAMPLE_URL]

    def api_python_type(self) -> str:
        return "filepath" if self.file_count == "single" else "list[filepath]"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "file_count": self.file_count,
            "file_types": self.file_types,
            "type": self.type,
            "height": self.height,
            "allow_reordering": self.allow_reordering,
            "buttons": [],
        }


def check_options(file_count: str, file_types: Any, type: str) -> None:
    """ValueError, as Gradio raises it, for an unknown ``file_count`` or ``type`` or
    ``file_types`` that is not a list."""
    if file_count not in FILE_COUNTS:
        raise ValueError(f"Parameter file_count must be one of them: {list(FILE_COUNTS)}")
    if file_types is not None and not isinstance(file_types, list):
        raise ValueError(
            f"Parameter file_types must be a list. Received {file_types.__class__.__name__}"
        )
    if type not in TYPES:
        raise ValueError(
            f"Invalid value for parameter `type`: {type}. Please choose from one of: {list(TYPES)}"
        )


def valid_file(name: str, file_types: Sequence[str] | None) -> bool:
    """Whether a file called ``name`` is of one of ``file_types`` (Gradio's rule): an
    extension (``".pdf"``, ``".nii.gz"``; any case), a category (``"image"``, ``"video"``,
    ``"audio"``, ``"text"``: the guessed MIME type's major part), or ``"file"`` (anything).
    No ``file_types``: anything."""
    if not file_types:
        return True
    base = Path(name).name.lower()
    mime = mimetypes.guess_type(base)[0] or ""
    for kind in file_types:
        if kind == "file":
            return True
        if kind.startswith("."):
            if len(base) > len(kind) and base.endswith(kind.lower()):
                return True
        elif mime.startswith(f"{kind}/"):
            return True
    return False


def preprocess_files(
    payload: Any, file_count: str, file_types: Sequence[str] | None, type: str
) -> Any:
    """``FileData`` (or a list of them) from the page or a client, as the function's
    argument: one file for "single" (the first of a list), a list otherwise. Each file
    must be of ``file_types`` (ValueError naming them, shown to the user); it is handed
    over as its path (:class:`NamedString`) or its bytes (``type="binary"``)."""
    if payload is None:
        return None
    files = payload if isinstance(payload, list) else [payload]
    for item in files:
        if not is_file_data(item):
            raise ValueError(
                "expected a file as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
    if file_count == "single":
        return _one_file(files[0], file_types, type) if files else None
    return [_one_file(item, file_types, type) for item in files]


def _one_file(item: dict[str, Any], file_types: Sequence[str] | None, type: str) -> Any:
    path = item["path"]
    if not valid_file(path, file_types):
        raise wrong_file_type(file_types)
    if type == "binary":
        return Path(path).read_bytes()
    return NamedString(path)


def postprocess_files(value: Any) -> Any:
    """A file, or a list of files (as the value is), as payloads: a path (str or Path)
    the app may read becomes a stored file named after itself; a URL is passed on as a
    link; a ``FileData``-like dict keeps its ``orig_name``; ``FileOut`` as it is."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_one_output(v) for v in value]
    return _one_output(value)


def _one_output(value: Any) -> FileOut | dict[str, Any]:
    if isinstance(value, FileOut):
        return value
    name: str | None = None
    if isinstance(value, dict):  # FileData-like: {"path": ..., "orig_name": ...}
        name = value.get("orig_name")
        value = value.get("path") or value.get("url")
    elif hasattr(value, "path") and not isinstance(value, (str, Path)):  # FileData objects
        name = getattr(value, "orig_name", None)
        value = value.path or getattr(value, "url", None)
    if not isinstance(value, (str, Path)):
        raise ValueError(f"Cannot process this value as a File: it is a {type(value).__name__}")
    text = str(value)
    if text.startswith(("http://", "https://")):
        data = url_file_data(text)
        return {**data, "orig_name": name or data["orig_name"]}
    path = readable_file(value, "output")
    orig = name or path.name
    return FileOut(path=path, orig_name=orig, mime_type=mimetypes.guess_type(orig)[0])


def files_schema(file_count: str) -> dict[str, Any]:
    """Gradio's JSON schema of the payload: ``FileData``, or ``ListFiles`` (a list of
    them) for "multiple" and "directory"."""
    if file_count == "single":
        return {
            "$defs": {"FileDataMeta": file_meta_schema()},
            **file_data_schema(),
            "additional_description": FILE_DATA_DESCRIPTION,
        }
    return {
        "$defs": {
            "FileData": {"description": FILE_DATA_DESCRIPTION, **file_data_schema()},
            "FileDataMeta": file_meta_schema(),
        },
        "items": {"$ref": "#/$defs/FileData"},
        "title": "ListFiles",
        "type": "array",
        "additional_description": None,
    }


#: What a ``FileData`` is, for the API page.
FILE_DATA_DESCRIPTION = (
    "A file: `path` (where the server stores it; required), `url` (where to fetch it), "
    "`size` in bytes, `orig_name` (its name when it was uploaded), `mime_type`, "
    "`is_stream`, and `meta` ({'_type': 'gradio.FileData'}, which marks it as a file)."
)


def example_payload(file_count: str) -> Any:
    """The example file the API page shows (a list of one for several files)."""
    one = {"path": EXAMPLE_URL, "meta": dict(FILE_META), "orig_name": "sample_file.pdf",
           "url": EXAMPLE_URL}  # fmt: skip
    return one if file_count == "single" else [one]
