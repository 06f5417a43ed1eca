"""``gr.JSON``: a JSON value shown as a collapsible tree.

(The module shares its name with the standard library's ``json``; with absolute imports,
``import json`` anywhere, this file included, still gets the standard library.)
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components.base import Component


class JSON(Component):
    """A JSON viewer. Value: anything JSON-like (dict, list, str, number, bool, None).

    On output a ``str`` is parsed as JSON (as Gradio does); numpy arrays and scalars, tuples,
    sets and dataclasses become plain JSON; NaN and infinities become null.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change",)

    def __init__(
        self,
        value: Any = None,
        *,
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        open: bool = False,
        show_indices: bool = False,
        height: int | str | None = None,
        max_height: int | str | None = 500,
        min_height: int | str | None = None,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        self.open = open
        self.show_indices = show_indices
        self.height = height
        self.max_height = max_height
        self.min_height = min_height
        self.buttons = buttons_list(buttons, ["copy"])
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"Invalid JSON string: {error}") from error
        return to_json(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": {}, "description": "any valid json"}

    def example_payload(self) -> Any:
        return {"foo": "bar"}

    def api_python_type(self) -> str:
        return "str | float | bool | list | dict"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "open": self.open,
            "show_indices": self.show_indices,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "buttons": self.buttons,
        }


def to_json(value: Any) -> Any:
    """``value`` as plain JSON data (dict with str keys, list, str, int, float, bool, None)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_key(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json(dataclasses.asdict(value))
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return to_json(value.tolist())
    if hasattr(value, "model_dump"):  # pydantic models
        return to_json(value.model_dump())
    text = str(value)  # as Gradio: an object whose str() is JSON gives that JSON
    try:
        return json.loads(text)
    except ValueError:
        return text


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return json.dumps(key)  # as json.dumps does: "true", "null"
    return str(key)
