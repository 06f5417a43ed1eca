"""``gr.Slider``: a number picked on a range."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import (
    FormComponent,
    check_bounds,
    plain_number,
    round_to_precision,
    warn_unhonoured,
)


class Slider(FormComponent):
    """A slider from ``minimum`` to ``maximum``. Value: ``int``/``float`` as sent.

    As in Gradio, no ``value`` means ``minimum``, and no ``step`` means a power of ten about a
    hundredth of the range (1 for 0..100, 0.01 for 0..1). An input outside the range is refused.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "release")

    def __init__(
        self,
        minimum: float = 0,
        maximum: float = 100,
        value: float | Callable[..., Any] | None = None,
        *,
        step: float | None = None,
        precision: int | None = None,
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
        randomize: bool = False,
        buttons: Sequence[Any] | None = None,
        show_reset_button: bool | None = None,
    ) -> None:
        if minimum >= maximum:
            raise ValueError("Slider minimum must be less than maximum.")
        self.minimum = minimum
        self.maximum = maximum
        self.precision = precision
        self.step = (
            step if step is not None else 10 ** math.floor(math.log10(maximum - minimum) - 2)
        )
        self.buttons = _buttons(buttons, show_reset_button)
        warn_unhonoured_buttons(self, buttons, ("reset",))
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        if randomize:
            value = self.random_value
        elif value is None:
            value = minimum
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

    def random_value(self) -> float:
        """A value on the step grid, uniformly at random (``randomize=True``)."""
        steps = int((self.maximum - self.minimum) / self.step)
        value = self.minimum + random.randint(0, steps) * self.step
        decimals = max(str(self.step)[::-1].find("."), 0)
        return round(value, decimals) if decimals else value

    def preprocess(self, payload: Any) -> float | int | None:
        """The number as sent (a JSON integer stays an ``int``: ``range(steps)`` works)."""
        if payload is None:
            return None
        num = plain_number(payload)
        if isinstance(num, bool):
            raise TypeError("expected a number, got a boolean")
        check_bounds(num, self.minimum, self.maximum)
        return round_to_precision(num, self.precision)

    def postprocess(self, value: Any) -> float | int:
        num = self.minimum if value is None else plain_number(value)
        return round_to_precision(num, self.precision)

    def api_info(self) -> dict[str, Any]:
        return {
            "type": "integer" if self.precision == 0 else "number",
            "description": f"numeric value between {self.minimum} and {self.maximum}",
        }

    def example_payload(self) -> Any:
        return self.minimum

    def api_python_type(self) -> str:
        return "int" if self.precision == 0 else "float"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "step": self.step,
            "precision": self.precision,
            "buttons": self.buttons,
            "show_reset_button": self.buttons is None or "reset" in self.buttons,
        }


def _buttons(buttons: Sequence[Any] | None, show_reset: bool | None) -> list[str] | None:
    """Gradio 6's ``buttons``: None (the page shows the reset button, as Gradio's does) or
    a list of names; Gradio 5's ``show_reset_button`` as such a list."""
    if buttons is not None:
        return [b for b in buttons if isinstance(b, str)]
    if show_reset is not None:
        return ["reset"] if show_reset else []
    return None
