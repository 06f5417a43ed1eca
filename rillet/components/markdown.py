"""``gr.Markdown``: Markdown text shown on the page."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components.base import Component


class Markdown(Component):
    """Rendered Markdown (with ``$$`` LaTeX). Value: ``str`` or None.

    Output text is dedented with ``inspect.cleandoc`` as in Gradio, so an indented
    triple-quoted string renders as written.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "copy")

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        *,
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        scale: int | None = None,
        min_width: int | None = None,
        rtl: bool = False,
        latex_delimiters: list[dict[str, str | bool]] | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        sanitize_html: bool = True,
        line_breaks: bool = False,
        header_links: bool = False,
        height: int | str | None = None,
        max_height: int | str | None = None,
        min_height: int | str | None = None,
        buttons: Sequence[Any] | None = None,
        show_copy_button: bool = False,
        container: bool = False,
        padding: bool = False,
    ) -> None:
        self.rtl = rtl
        self.latex_delimiters = (
            latex_delimiters
            if latex_delimiters is not None
            else [{"left": "$$", "right": "$$", "display": True}]
        )
        self.sanitize_html = sanitize_html
        self.line_breaks = line_breaks
        self.header_links = header_links
        self.height = height
        self.max_height = max_height
        self.min_height = min_height
        self.buttons = buttons_list(buttons, [], copy=show_copy_button)
        self.padding = padding
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,  # type: ignore[arg-type]
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> str | None:
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        if value is None:
            return None
        return inspect.cleandoc(str(value))

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "# Hello!"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "rtl": self.rtl,
            "latex_delimiters": self.latex_delimiters,
            "sanitize_html": self.sanitize_html,
            "line_breaks": self.line_breaks,
            "header_links": self.header_links,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "buttons": self.buttons,
            "show_copy_button": "copy" in self.buttons,
            "padding": self.padding,
        }
