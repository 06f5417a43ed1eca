"""``gr.DownloadButton``: a button that downloads its value, a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.components.file import EXAMPLE_URL, example_payload, files_schema, postprocess_files
from rillet.components.uploadbutton import button_icon
from rillet.core.files import is_file_data


class DownloadButton(Component):
    """A button that downloads a file. Value: a file path or URL (``None``: nothing to
    download, the button is disabled). Its ``.click`` listeners run as well; a listener
    that returns a new value changes what the next click downloads."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "click")

    def __init__(
        self,
        label: str = "Download",
        value: str | Path | Callable[..., Any] | None = None,
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
    ) -> None:
        self.variant = variant
        self.size = size
        self.icon = button_icon(self, icon)
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

    def preprocess(self, payload: Any) -> str | None:
        """The file's path (rarely used: what the button would download)."""
        if payload is None:
            return None
        if not is_file_data(payload):
            raise ValueError(
                "expected a file as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
        return str(payload["path"])

    def postprocess(self, value: Any) -> Any:
        """A path (one the app may read) or URL as the file to download."""
        if isinstance(value, (list, tuple)):
            raise ValueError("gr.DownloadButton downloads one file: give a path, not a list")
        return postprocess_files(value)

    def api_info(self) -> dict[str, Any]:
        return files_schema("single")

    def example_payload(self) -> Any:
        return example_payload("single")

    def example_value(self) -> Any:
        return EXAMPLE_URL

    def api_python_type(self) -> str:
        return "filepath"

    def props(self) -> dict[str, Any]:
        props = super().props()
        for unused in ("info", "show_label", "container"):  # a button has none of these
            props.pop(unused, None)
        return {**props, "variant": self.variant, "size": self.size, "icon": self.icon}
