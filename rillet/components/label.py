"""``gr.Label``: a classification result, the top class and its confidences."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component


def _label_schema() -> dict[str, Any]:
    return {
        "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "null"}],
        "default": None,
        "title": "Label",
    }


class Label(Component):
    """A label, or classes with confidences drawn as bars.

    Output: a str/number (one label) or ``{label: confidence}`` (sorted, cut to
    ``num_top_classes``); payload ``{"label", "confidences": [{"label", "confidence"}]}``.
    Input: the label, or ``{label: confidence}`` when confidences are present.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "select")

    def __init__(
        self,
        value: dict[str, float] | str | float | Callable[..., Any] | None = None,
        *,
        num_top_classes: int | None = None,
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
        color: str | None = None,
        show_heading: bool = True,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        self.num_top_classes = num_top_classes
        self.color = color
        self.show_heading = show_heading
        self.buttons = [b for b in buttons or [] if isinstance(b, str)]
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
        if payload is None or not isinstance(payload, dict):
            return payload
        confidences = payload.get("confidences")
        if confidences is None:
            return payload.get("label")
        return {c.get("label"): c.get("confidence") for c in confidences}

    def postprocess(self, value: Any) -> dict[str, Any]:
        if value is None or value == {}:
            return {}
        if isinstance(value, str) and value.endswith(".json") and Path(value).is_file():
            return self.postprocess(json.loads(Path(value).read_text()))
        if isinstance(value, (str, int, float)) or hasattr(value, "item"):
            return {"label": str(value), "confidences": None}
        if not isinstance(value, dict):
            raise ValueError(
                "The `Label` output expects a string, int or float label, or a "
                "dict of {label: confidence}; got a " + type(value).__name__
            )
        if isinstance(value.get("confidences"), list):
            value = {c["label"]: c["confidence"] for c in value["confidences"]}
        elif "confidences" in value and "label" in value and value["confidences"] is None:
            return {"label": value["label"], "confidences": None}
        ranked = sorted(
            ((_label(k), float(v)) for k, v in value.items()),
            key=operator.itemgetter(1),
            reverse=True,
        )
        if self.num_top_classes is not None:
            ranked = ranked[: self.num_top_classes]
        return {
            "label": ranked[0][0] if ranked else None,
            "confidences": [{"label": k, "confidence": v} for k, v in ranked],
        }

    def api_info(self) -> dict[str, Any]:
        confidence = {
            "anyOf": [{"type": "number"}, {"type": "null"}],
            "default": None,
            "title": "Confidence",
        }
        return {
            "$defs": {
                "LabelConfidence": {
                    "properties": {"label": _label_schema(), "confidence": confidence},
                    "title": "LabelConfidence",
                    "type": "object",
                }
            },
            "properties": {
                "label": _label_schema(),
                "confidences": {
                    "anyOf": [
                        {"items": {"$ref": "#/$defs/LabelConfidence"}, "type": "array"},
                        {"type": "null"},
                    ],
                    "default": None,
                    "title": "Confidences",
                },
            },
            "title": "LabelData",
            "type": "object",
            "additional_description": None,  # Gradio's key (python_type's description)
        }

    def example_payload(self) -> Any:
        return {
            "label": "Cat",
            "confidences": [
                {"label": "cat", "confidence": 0.9},
                {"label": "dog", "confidence": 0.1},
            ],
        }

    def example_value(self) -> Any:
        return {"cat": 0.9, "dog": 0.1}

    def api_python_type(self) -> str:
        label = "str | int | float | None"
        return (
            f"dict(label: {label}, confidences: list[dict(label: {label}, "
            "confidence: float | None)] | None)"
        )

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "num_top_classes": self.num_top_classes,
            "color": self.color,
            "show_heading": self.show_heading,
            "buttons": self.buttons,
        }


def _label(key: Any) -> Any:
    if isinstance(key, (str, int, float)) and not isinstance(key, bool):
        return key
    return key.item() if hasattr(key, "item") else str(key)
