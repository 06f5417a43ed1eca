"""``gr.ColorPicker``: a colour, as a hex string such as ``"#ff8800"``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component


class ColorPicker(Component):
    """A colour swatch that opens the browser's colour picker, with the hex code beside it.

    Value: a hex string (``"#rrggbb"``); None shows black, as in Gradio.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "release", "submit", "focus", "blur")

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        *,
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
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
    ) -> None:
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
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

    def preprocess(self, payload: Any) -> str | None:
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "#000000"

    def api_python_type(self) -> str:
        return "str"
