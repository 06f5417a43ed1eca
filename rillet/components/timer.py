"""``gr.Timer``: an invisible component that fires ``tick`` every ``value`` seconds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._common import plain_number
from rillet.components.base import Component


class Timer(Component):
    """Fires ``tick`` on the page every ``value`` seconds while ``active`` (and while the
    page is shown). Value: the seconds between ticks (``float``).

    As an output it takes a new interval (``return 0.2``), ``gr.update(active=False)``,
    or a ``gr.Timer(active=True)`` (a returned component updates the arguments it was
    given, as any component does).
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "tick")

    def __init__(self, value: float = 1, *, active: bool = True, render: bool = True) -> None:
        self.active = active
        super().__init__(value, render=render)

    def tick(
        self,
        fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Any:
        """Run ``fn`` on every tick; progress is hidden by default, as in Gradio."""
        options.setdefault("show_progress", "hidden")
        return self._listen("tick", fn, inputs, outputs, **options)

    def breaks_grouping(self) -> bool:
        """Drawing nothing, it leaves neighbouring form fields in one Form (as in Gradio)."""
        return False

    def preprocess(self, payload: Any) -> float | None:
        return None if payload is None else plain_number(payload)

    def postprocess(self, value: Any) -> float | None:
        return None if value is None else plain_number(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "number"}

    def example_payload(self) -> Any:
        return 1

    def api_python_type(self) -> str:
        return "float"

    def props(self) -> dict[str, Any]:
        return {"value": self.initial_payload(), "active": self.active}
