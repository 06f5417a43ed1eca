"""``gr.State``: a per-session value kept on the server, never shown."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any, ClassVar

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.streams import StateStream


class State(Component):
    """A hidden per-session value of any Python type (each session starts from a deep copy).

    Pre/postprocessing pass the value through unchanged; it is not part of the page's props.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change",)
    #: Gradio leaves State out of the API's parameters and return values.
    skip_api: ClassVar[bool] = True
    #: The server keeps one value per session for this block.
    stateful: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        render: bool = True,
        *,
        time_to_live: float | None = None,
        delete_callback: Callable[[Any], None] | None = None,
    ) -> None:
        try:
            value = deepcopy(value)
        except TypeError as error:
            raise TypeError(
                "The initial value of `gr.State` must be able to be deepcopied; "
                f"a {type(value).__name__} cannot be."
            ) from error
        warn_unhonoured(self, time_to_live=time_to_live, delete_callback=delete_callback)
        super().__init__(value, render=render)

    def breaks_grouping(self) -> bool:
        """Drawing nothing, it leaves neighbouring form fields in one Form (as in Gradio)."""
        return False

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> Any:
        return value

    def api_info(self) -> dict[str, Any]:
        return {"type": {}, "description": "any valid json"}

    def example_payload(self) -> Any:
        return None

    def api_python_type(self) -> str:
        return "str | float | bool | list | dict"

    def output_stream(self, run: Run) -> OutputStream:
        """The value is kept for the session on the server; nothing is sent."""
        return StateStream(self._id, run)

    def props(self) -> dict[str, Any]:
        # The value may be any Python object: it stays on the server, not in the props.
        return {}
