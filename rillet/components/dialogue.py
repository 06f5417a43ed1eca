"""``gr.Dialogue``: lines of a conversation, each a speaker and what they say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component

#: Gradio's example dialogue (``example_payload``).
_EXAMPLE = [
    {"speaker": "Speaker 1", "text": "Hello, how are you?"},
    {"speaker": "Speaker 2", "text": "I'm fine, thank you!"},
]


def default_formatter(speaker: str, text: str) -> str:
    """One line as text, as Gradio writes it: ``[speaker] text``."""
    return f"[{speaker}] {text}"


class Dialogue(Component):
    """A dialogue editor: lines of ``{"speaker", "text"}``, the speaker picked from
    ``speakers`` (free text when None), edited line by line or, with ``ui_mode`` "text" or
    "both", as plain text (``[speaker] text`` lines joined by ``separator``).

    The function receives (``type="text"``, the default) the dialogue as one string, each
    line written by ``formatter(speaker, text)`` (default ``[speaker] text``) and joined by
    ``separator``; ``type="list"``, the list of line dicts. It may return either a list of
    line dicts or a string (shown in the text view). Pressing Enter in a line fires
    ``submit``; each edit fires ``input`` and ``change``. ``color_map`` colours speakers.

    Not acted on (warned when given): ``unformatter`` (the page reads text back with the
    default ``[speaker] text`` rule), ``tags`` (Gradio's ":" menu of tags),
    ``autoscroll``, ``max_lines``, ``buttons`` and ``submit_btn``.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "submit")

    def __init__(
        self,
        value: list[dict[str, str]] | Callable[..., Any] | None = None,
        *,
        type: Literal["list", "text"] = "text",
        speakers: list[str] | None = None,
        formatter: Callable[..., Any] | None = None,
        unformatter: Callable[..., Any] | None = None,
        tags: list[str] | None = None,
        separator: str = "\n",
        color_map: dict[str, str] | None = None,
        label: str | None = "Dialogue",
        info: str | None = "Type colon (:) in the dialogue line to see the available tags",
        placeholder: str | None = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        autofocus: bool = False,
        autoscroll: bool = True,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        max_lines: int | None = None,
        buttons: list[Any] | None = None,
        submit_btn: str | bool | None = False,
        ui_mode: Literal["dialogue", "text", "both"] = "both",
    ) -> None:
        if type not in ("list", "text"):
            raise ValueError(f"Dialogue type must be 'list' or 'text', not {type!r}")
        self.type = type
        self.speakers = speakers
        self.formatter = formatter
        self.unformatter = unformatter
        self.tags = tags or []
        self.separator = separator
        self.color_map = color_map
        self.placeholder = placeholder
        self.autofocus = autofocus
        self.autoscroll = autoscroll
        self.max_lines = max_lines
        self.buttons = buttons
        self.submit_btn = submit_btn
        self.ui_mode = ui_mode
        warn_unhonoured(
            self,
            unformatter=unformatter,
            tags=tags or None,
            autoscroll=None if autoscroll else autoscroll,
            max_lines=max_lines,
            buttons=buttons or None,
            submit_btn=submit_btn or None,
        )
        super().__init__(
            value,
            label=label,
            info=None,  # Gradio's /config has none either: its tag hint lives in the page
            show_label=True if show_label is None else show_label,
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

    def _format(self, lines: list[dict[str, str]]) -> str:
        if len(lines) == 1 and lines[0].get("text", "") == "":
            return ""
        write = self.formatter or default_formatter
        return self.separator.join(write(line["speaker"], line["text"]) for line in lines)

    def preprocess(self, payload: Any) -> str | list[dict[str, str]] | None:
        if payload is None:
            return None
        if isinstance(payload, str):
            return payload
        lines = [_line(item) for item in payload]
        return lines if self.type == "list" else self._format(lines)

    def postprocess(self, value: Any) -> str | list[dict[str, str]] | None:
        if value is None or isinstance(value, str):
            return value
        return [_line(item) for item in value]

    def api_info(self) -> dict[str, Any]:
        line = {
            "properties": {
                "speaker": {"title": "Speaker", "type": "string"},
                "text": {"title": "Text", "type": "string"},
            },
            "required": ["speaker", "text"],
            "title": "DialogueLine",
            "type": "object",
        }
        return {
            "$defs": {"DialogueLine": line},
            "anyOf": [
                {"items": {"$ref": "#/$defs/DialogueLine"}, "type": "array"},
                {"type": "string"},
            ],
            "title": "DialogueModel",
            "additional_description": None,
        }

    def example_payload(self) -> Any:
        return [dict(line) for line in _EXAMPLE]

    def api_python_type(self) -> str:
        return "list[dict(speaker: str, text: str)] | str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "type": self.type,
            "speakers": self.speakers,
            "formatter": None,
            "unformatter": None,
            "tags": self.tags,
            "separator": self.separator,
            "color_map": self.color_map,
            "placeholder": self.placeholder,
            "autofocus": self.autofocus,
            "autoscroll": self.autoscroll,
            "max_lines": self.max_lines,
            "buttons": [b for b in self.buttons or [] if isinstance(b, str)],
            "submit_btn": self.submit_btn,
            "ui_mode": self.ui_mode,
        }


def _line(item: Any) -> dict[str, str]:
    """A dialogue line as a plain ``{"speaker", "text"}`` dict (a dict or an object)."""
    if isinstance(item, dict):
        return {"speaker": str(item.get("speaker", "")), "text": str(item.get("text", ""))}
    return {"speaker": str(item.speaker), "text": str(item.text)}
