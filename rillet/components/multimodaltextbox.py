"""``gr.MultimodalTextbox``: a message box that also takes files (a button, drag and drop,
paste), as chat apps use it.

The value is ``{"text": str, "files": [path, ...]}`` both ways; on the wire ``files`` are
``FileData``. Files are uploaded by the page as they are attached (``ctx.upload``), shown as
chips with a remove button, and sent with the text on submit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    FormComponent,
    file_data_schema,
    file_meta_schema,
    warn_unhonoured,
)
from rillet.components.file import (
    FILE_DATA_DESCRIPTION,
    NamedString,
    check_options,
    postprocess_files,
)
from rillet.core.files import FILE_META, is_file_data

#: Where files can come from: "upload" (a paperclip, drop, paste) and "microphone" (a
#: recording attached as a WAV file).
SOURCES = ("upload", "microphone")
EXAMPLE_IMAGE = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"


class MultimodalTextbox(FormComponent):
    """Text plus files. Input: ``{"text": str, "files": [path, ...]}`` (each path a ``str``
    with ``.name``); None when the page sent nothing. Output: that dict (paths, URLs or
    ``FileData``-likes as files), or a string (text only), or None (empty)."""

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "input",
        "select",
        "submit",
        "focus",
        "blur",
        "stop",
    )

    def __init__(
        self,
        value: str | dict[str, Any] | Callable[..., Any] | None = None,
        *,
        sources: list[Literal["upload", "microphone"]]
        | Literal["upload", "microphone"]
        | None = None,
        file_types: list[str] | None = None,
        file_count: Literal["single", "multiple", "directory"] = "single",
        lines: int = 1,
        max_lines: int = 20,
        placeholder: str | None = None,
        label: str | None = None,
        info: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        autofocus: bool = False,
        autoscroll: bool = True,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        text_align: Literal["left", "right"] | None = None,
        rtl: bool = False,
        submit_btn: str | bool | None = True,
        stop_btn: str | bool | None = False,
        max_plain_text_length: int = 1000,
        html_attributes: Any = None,
    ) -> None:
        check_options(file_count, file_types, "filepath")
        self.sources = _sources(sources)
        self.file_types = file_types
        self.file_count = file_count
        self.lines = lines
        self.max_lines = max_lines
        self.placeholder = placeholder
        self.autofocus = autofocus
        self.autoscroll = autoscroll
        self.text_align = text_align
        self.rtl = rtl
        self.submit_btn = submit_btn
        self.stop_btn = stop_btn
        self.max_plain_text_length = max_plain_text_length
        self.html_attributes = _attributes(html_attributes)
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
        )
        super().__init__(
            value,
            label=label,
            info=info,
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

    def preprocess(self, payload: Any) -> dict[str, Any] | None:
        """``{"text", "files": [FileData]}`` -> ``{"text", "files": [path, ...]}``."""
        if payload is None:
            return None
        if not isinstance(payload, dict):
            raise ValueError("expected {'text': str, 'files': [FileData, ...]}")
        files = payload.get("files") or []
        for item in files:
            if not is_file_data(item):
                raise ValueError(
                    "expected each file as FileData: {'path': ..., "
                    "'meta': {'_type': 'gradio.FileData'}}"
                )
        return {
            "text": str(payload.get("text") or ""),
            "files": [NamedString(item["path"]) for item in files],
        }

    def postprocess(self, value: Any) -> dict[str, Any]:
        """A string, a ``{"text", "files"}`` dict or None as the box's payload."""
        if value is None:
            return {"text": "", "files": []}
        if isinstance(value, str):
            return {"text": value, "files": []}
        if not isinstance(value, dict):
            raise ValueError(
                "A MultimodalTextbox's value must be a string or a dict "
                f"{{'text': str, 'files': [...]}}, got a {type(value).__name__}"
            )
        files = value.get("files") or []
        return {"text": str(value.get("text") or ""), "files": postprocess_files(list(files))}

    def api_info(self) -> dict[str, Any]:
        return {
            "$defs": {
                "FileData": {"description": FILE_DATA_DESCRIPTION, **file_data_schema()},
                "FileDataMeta": file_meta_schema(),
            },
            "properties": {
                "text": {"title": "Text", "type": "string"},
                "files": {
                    "items": {"$ref": "#/$defs/FileData"},
                    "title": "Files",
                    "type": "array",
                },
            },
            "required": ["text"],
            "title": "MultimodalData",
            "type": "object",
            "additional_description": None,
        }

    def example_payload(self) -> Any:
        return {
            "text": "Describe this image",
            "files": [
                {
                    "path": EXAMPLE_IMAGE,
                    "meta": dict(FILE_META),
                    "orig_name": "bus.png",
                    "url": EXAMPLE_IMAGE,
                }
            ],
        }

    def example_value(self) -> Any:
        return {"text": "Describe this image", "files": [EXAMPLE_IMAGE]}

    def api_python_type(self) -> str:
        return "dict(text: str, files: list[filepath])"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "sources": self.sources,
            "file_types": self.file_types,
            "file_count": self.file_count,
            "lines": self.lines,
            "max_lines": self.max_lines,
            "placeholder": self.placeholder,
            "autofocus": self.autofocus,
            "autoscroll": self.autoscroll,
            "text_align": self.text_align,
            "rtl": self.rtl,
            "submit_btn": self.submit_btn,
            "stop_btn": self.stop_btn,
            "max_plain_text_length": self.max_plain_text_length,
            "html_attributes": self.html_attributes,
        }


def _attributes(value: Any) -> dict[str, Any] | None:
    """``html_attributes`` (a dict, or ``gr.InputHTMLAttributes``) as a dict of the text
    field's attributes (its ``attributes`` dict merged in)."""
    if value is None:
        return None
    items = dict(value) if isinstance(value, dict) else dict(vars(value))
    extra = items.pop("attributes", None) or {}
    out = {k: v for k, v in items.items() if not k.startswith("_") and v is not None}
    return {**out, **extra}


def _sources(sources: Any) -> list[str]:
    """Gradio's ``sources``: one name or a list of them; None means ``["upload"]``."""
    if sources is None:
        return ["upload"]
    names = [sources] if isinstance(sources, str) else list(sources)
    for name in names:
        if name not in SOURCES:
            raise ValueError(f"`sources` must be a list of {list(SOURCES)}, got {name!r}")
    return names
