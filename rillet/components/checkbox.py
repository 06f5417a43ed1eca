"""``gr.Checkbox``: a single tick box."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import FormComponent, warn_unhonoured


class Checkbox(FormComponent):
    """A tick box. Value: ``bool`` (the output of None is False, as in Gradio)."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select")

    def __init__(
        self,
        value: bool | Callable[..., Any] = False,
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
        buttons: Sequence[Any] | None = None,
    ) -> None:
        self.buttons = [b for b in buttons or [] if isinstance(b, str)]
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

    def preprocess(self, payload: Any) -> bool | None:
        if payload is None or isinstance(payload, bool):
            return payload
        if payload in (0, 1):
            return bool(payload)
        if isinstance(payload, str) and payload.lower() in ("true", "false"):
            return payload.lower() == "true"
        raise ValueError(f"expected true or false, got {payload!r}")

    def postprocess(self, value: Any) -> bool:
        return bool(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def example_payload(self) -> Any:
        return True

    def api_python_type(self) -> str:
        return "bool"

    def props(self) -> dict[str, Any]:
        props = {**super().props(), "buttons": self.buttons}
        if self.label is not None:  # Gradio shows a checkbox's label whenever it has one
            props["show_label"] = True
        return props
