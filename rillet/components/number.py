"""``gr.Number``: a numeric field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    FormComponent,
    check_bounds,
    plain_number,
    round_to_precision,
    warn_unhonoured,
)


class Number(FormComponent):
    """A number field. Value: ``float`` (``int`` when ``precision=0``) or None.

    An input outside ``[minimum, maximum]`` is refused with a message the user sees.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "submit", "focus", "blur")

    def __init__(
        self,
        value: float | Callable[..., Any] | None = None,
        *,
        label: str | None = None,
        placeholder: str | None = None,
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
        precision: int | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        step: float = 1,
    ) -> None:
        self.placeholder = placeholder
        self.precision = precision
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
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

    def preprocess(self, payload: Any) -> float | int | None:
        """The number as sent (a JSON integer stays an ``int``), rounded per ``precision``."""
        if payload is None or payload == "":
            return None
        num = plain_number(payload)
        if isinstance(num, bool):
            raise TypeError("expected a number, got a boolean")
        check_bounds(num, self.minimum, self.maximum)
        return round_to_precision(num, self.precision)

    def postprocess(self, value: Any) -> float | int | str | None:
        if value is None:
            return None
        if type(value).__module__ == "numpy" and self.precision != 0:
            # Gradio sends a numpy number as its text ("3", "nan"): clients get the same
            return str(value if self.precision is None else round(value, self.precision))
        return round_to_precision(plain_number(value), self.precision)

    def api_info(self) -> dict[str, Any]:
        return {"type": "integer"} if self.precision == 0 else {"type": "number"}

    def example_payload(self) -> Any:
        return round_to_precision(3 if self.minimum is None else self.minimum, self.precision)

    def api_python_type(self) -> str:
        return "int" if self.precision == 0 else "float"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "placeholder": self.placeholder,
            "precision": self.precision,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "step": self.step,
            "buttons": self.buttons,
        }
