"""``gr.Button``: a button that triggers events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component


class Button(Component):
    """A button. Value: its text (``str``), which is also what an input Button passes in."""

    EVENTS: ClassVar[tuple[str, ...]] = ("click",)
    #: Gradio leaves buttons out of the API's parameters and return values.
    skip_api: ClassVar[bool] = True

    def __init__(
        self,
        value: str | Callable[..., Any] = "Run",
        *,
        every: float | None = None,
        inputs: Any = None,
        variant: Literal["primary", "secondary", "stop", "huggingface"] = "secondary",
        size: Literal["sm", "md", "lg"] = "lg",
        icon: str | Path | None = None,
        link: str | None = None,
        link_target: Literal["_self", "_blank", "_parent", "_top"] = "_self",
        visible: bool | Literal["hidden"] = True,
        interactive: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        scale: int | None = None,
        min_width: int | None = None,
    ) -> None:
        self.variant = variant
        self.size = size
        self.icon = None if icon is None else str(icon)
        self.link = link
        self.link_target = link_target
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
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
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "Run"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "variant": self.variant,
            "size": self.size,
            "icon": self.icon,
            "link": self.link,
            "link_target": self.link_target,
        }
