"""``gr.Radio``: one choice out of a few, shown as radio buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    FormComponent,
    normalize_choices,
    not_a_choice,
    warn_unhonoured,
)


class Radio(FormComponent):
    """Radio buttons. Choices are values or ``(label, value)`` pairs.

    Value: the chosen value, or its index with ``type="index"``; None when nothing is chosen.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select")

    def __init__(
        self,
        choices: Sequence[Any] | None = None,
        *,
        value: Any = None,
        type: Literal["value", "index"] = "value",
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
        rtl: bool = False,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        if type not in ("value", "index"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['value', 'index']"
            )
        self.choices = normalize_choices(choices)
        self.type = type
        self.rtl = rtl
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

    def choice_values(self) -> list[Any]:
        return [value for _, value in self.choices]

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        values = self.choice_values()
        if payload not in values:
            raise not_a_choice(payload, values)
        return values.index(payload) if self.type == "index" else payload

    def postprocess(self, value: Any) -> Any:
        return value

    def api_info(self) -> dict[str, Any]:
        return {"enum": self.choice_values(), "title": "Radio", "type": "string"}

    def example_payload(self) -> Any:
        return self.choices[0][1] if self.choices else None

    def api_python_type(self) -> str:
        return "Literal[" + ", ".join(f"'{v}'" for v in self.choice_values()) + "]"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "choices": [list(c) for c in self.choices],
            "type": self.type,
            "rtl": self.rtl,
            "buttons": self.buttons,
        }
