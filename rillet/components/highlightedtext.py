"""``gr.HighlightedText``: text whose spans carry a category or a score."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component

#: One span: its text and its category (str), score (number) or nothing (None).
Span = tuple[str, str | float | None]


class HighlightedText(Component):
    """Text in spans, each highlighted by its category (a colour per category, from
    ``color_map`` or a palette) or by its score (red for positive, blue for negative, as
    strong as the score's size).

    Value: a list of ``(text, category | score | None)`` pairs, or Gradio's entity form
    ``{"text": ..., "entities": [{"entity" | "entity_group", "start", "end"}, ...]}``.
    Payload (Gradio's ``HighlightedTextData``): ``[{"token", "class_or_confidence"}, ...]``;
    as an input the function receives that list of dicts, as in Gradio.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "select")

    def __init__(
        self,
        value: list[Span] | dict[str, Any] | Any = None,
        *,
        color_map: dict[str, str] | None = None,
        show_legend: bool = False,
        show_inline_category: bool = True,
        combine_adjacent: bool = False,
        adjacent_separator: str = "",
        show_whitespaces: bool = True,
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
        interactive: bool | None = None,
        rtl: bool = False,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        self.color_map = color_map
        self.show_legend = show_legend
        self.show_inline_category = show_inline_category
        self.combine_adjacent = combine_adjacent
        self.adjacent_separator = adjacent_separator
        self.show_whitespaces = show_whitespaces
        self.rtl = rtl
        self.buttons: list[Any] = []
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
            # Gradio lets the user relabel spans in place; rillet shows them read-only.
            interactive=interactive or None,
            # Gradio's custom buttons (gr.Button entries) are not drawn.
            buttons=buttons or None,
        )
        super().__init__(
            value,
            label=label,
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

    def preprocess(self, payload: Any) -> list[dict[str, Any]] | None:
        """The spans as Gradio passes them: ``[{"token", "class_or_confidence"}, ...]``."""
        if payload is None:
            return None
        return [_token(item) for item in payload]

    def postprocess(self, value: Any) -> list[dict[str, Any]] | None:
        if value is None:
            return None
        spans = _from_entities(value) if isinstance(value, dict) else [_pair(v) for v in value]
        if self.combine_adjacent:
            spans = _combined(spans, self.adjacent_separator)
        return [{"token": self._shown(text), "class_or_confidence": label} for text, label in spans]

    def _shown(self, text: str) -> str:
        """The span's text as sent: without its outer whitespace when
        ``show_whitespaces=False``."""
        return text if self.show_whitespaces else text.strip()

    def api_info(self) -> dict[str, Any]:
        token = {
            "properties": {
                "token": {"title": "Token", "type": "string"},
                "class_or_confidence": {
                    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
                    "default": None,
                    "title": "Class Or Confidence",
                },
            },
            "required": ["token"],
            "title": "HighlightedToken",
            "type": "object",
        }
        return {
            "$defs": {"HighlightedToken": token},
            "items": {"$ref": "#/$defs/HighlightedToken"},
            "title": "HighlightedTextData",
            "type": "array",
            "additional_description": None,
        }

    def example_payload(self) -> Any:
        return [
            {"token": "The", "class_or_confidence": None},
            {"token": "quick", "class_or_confidence": "adj"},
        ]

    def example_value(self) -> Any:
        return [("The", None), ("quick", "adj"), ("brown", "adj"), ("fox", "noun")]

    def api_python_type(self) -> str:
        return "list[dict]"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "color_map": self.color_map,
            "show_legend": self.show_legend,
            "show_inline_category": self.show_inline_category,
            "combine_adjacent": self.combine_adjacent,
            "adjacent_separator": self.adjacent_separator,
            "show_whitespaces": self.show_whitespaces,
            "rtl": self.rtl,
            "buttons": self.buttons,
        }


def _label(value: Any) -> str | float | None:
    """A span's category or score: str, a plain number (numpy scalars too) or None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueError(f"a span's label must be a string, a number or None, not {value!r}")
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "item"):
        return _label(value.item())
    raise ValueError(f"a span's label must be a string, a number or None, not {value!r}")


def _pair(item: Any) -> Span:
    """One ``(text, label)`` span from a pair (or Gradio's token dict)."""
    if isinstance(item, dict):
        return _pair((item.get("token"), item.get("class_or_confidence")))
    if not isinstance(item, (tuple, list)) or len(item) != 2:
        raise ValueError(f"HighlightedText expects (text, label) pairs, got {item!r}")
    text, label = item
    if not isinstance(text, str):
        raise ValueError(f"a span's text must be a string, not {type(text).__name__}")
    return text, _label(label)


def _token(item: Any) -> dict[str, Any]:
    """A payload item as the function receives it: ``{"token", "class_or_confidence"}``."""
    text, label = _pair(item)
    return {"token": text, "class_or_confidence": label}


def _from_entities(value: dict[str, Any]) -> list[Span]:
    """Gradio's entity form to spans: the text between entities gets no label."""
    try:
        text = value["text"]
        entities = value["entities"]
    except KeyError as error:
        raise ValueError(
            "HighlightedText expects a dict with the keys 'text' and 'entities'"
        ) from error
    if not entities:
        return [(text, None)]
    spans: list[Span] = []
    at = 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        spans.append((text[at : entity["start"]], None))
        category = entity.get("entity") or entity.get("entity_group")
        spans.append((text[entity["start"] : entity["end"]], category))
        at = entity["end"]
    spans.append((text[at:], None))
    return spans


def _combined(spans: list[Span], separator: str) -> list[Span]:
    """Neighbouring spans of one label joined by ``separator``; empty spans dropped."""
    out: list[Span] = []
    for text, label in spans:
        if not text:
            continue
        if out and out[-1][1] == label:
            out[-1] = (out[-1][0] + separator + text, label)
        else:
            out.append((text, label))
    return out
