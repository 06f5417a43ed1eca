"""``gr.UploadButton``: a button that opens the file picker; the files it uploads are its
value (as ``gr.File``'s: paths or bytes, one or a list)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.components.file import (
    EXAMPLE_URL,
    FILE_DATA_DESCRIPTION,
    check_options,
    example_payload,
    files_schema,
    postprocess_files,
    preprocess_files,
)


class UploadButton(Component):
    """A button that uploads files. Input: as ``gr.File``'s (a path, a ``str`` with
    ``.name``, or bytes for ``type="binary"``; a list for several files). Its ``.upload``
    listener runs once the files are on the server."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "click", "upload")

    def __init__(
        self,
        label: str = "Upload a File",
        value: str | list[str] | Callable[..., Any] | None = None,
        *,
        every: float | None = None,
        inputs: Any = None,
        variant: Literal["primary", "secondary", "stop"] = "secondary",
        visible: bool | Literal["hidden"] = True,
        size: Literal["sm", "md", "lg"] = "lg",
        icon: str | None = None,
        scale: int | None = None,
        min_width: int | None = None,
        interactive: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        type: Literal["filepath", "binary"] = "filepath",
        file_count: Literal["single", "multiple", "directory"] = "single",
        file_types: list[str] | None = None,
    ) -> None:
        check_options(file_count, file_types, type)
        if file_count == "directory" and file_types is not None:
            import warnings

            warnings.warn(
                "gr.UploadButton: `file_types` is not used when `file_count` is 'directory'",
                UserWarning,
                stacklevel=2,
            )
            file_types = None
        self.variant = variant
        self.size = size
        self.icon = button_icon(self, icon)
        self.type = type
        self.file_count = file_count
        self.file_types = file_types
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
            label=label,
            scale=scale,
            min_width=min_width,  # type: ignore[arg-type]
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> Any:
        """The uploaded file(s), as ``gr.File`` gives them."""
        return preprocess_files(payload, self.file_count, self.file_types, self.type)

    def postprocess(self, value: Any) -> Any:
        """Paths, URLs and ``FileData``-likes as files (``gr.File``'s rule)."""
        return postprocess_files(value)

    def api_info(self) -> dict[str, Any]:
        schema = files_schema(self.file_count)
        # Gradio's UploadButton has no "additional_description" (gr.File has); a single
        # file is described here instead
        schema.pop("additional_description", None)
        if self.file_count == "single":
            schema["description"] = FILE_DATA_DESCRIPTION
        return schema

    def example_payload(self) -> Any:
        return example_payload(self.file_count)

    def example_value(self) -> Any:
        return EXAMPLE_URL if self.file_count == "single" else [EXAMPLE_URL]

    def api_python_type(self) -> str:
        return "filepath" if self.file_count == "single" else "list[filepath]"

    def props(self) -> dict[str, Any]:
        props = super().props()
        for unused in ("info", "show_label", "container"):  # a button has none of these
            props.pop(unused, None)
        return {
            **props,
            "variant": self.variant,
            "size": self.size,
            "icon": self.icon,
            "type": self.type,
            "file_count": self.file_count,
            "file_types": self.file_types,
        }


def button_icon(block: object, icon: str | Path | None) -> str | None:
    """A button's ``icon``: a URL is shown as it is; a local file cannot be served yet
    (rillet serves only the store and ``allowed_paths``), so it warns and is not shown."""
    if icon is None:
        return None
    text = str(icon)
    if text.startswith(("http://", "https://", "data:")):
        return text
    warn_unhonoured(block, icon=f"{text} (a local file; give a URL)")
    return None
