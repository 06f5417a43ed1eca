"""``gr.ParamViewer``: a table of a function's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypedDict

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component


class Parameter(TypedDict):
    """One parameter: its type, default and description (Markdown), all as text."""

    type: str
    description: str
    default: str


class ParamViewer(Component):
    """Parameters, one row each: ``name: type``, which the user opens to read its default and
    description (Markdown links work). Value: a mapping of parameter names to
    :class:`Parameter` dicts, unchanged both ways, as in Gradio.

    ``language`` picks the signature style (``"python"`` or ``"typescript"``); ``linkify``
    lists names that become links (to ``#name``) where they appear in a type; ``header`` is
    the title above the table (``None`` for none); ``anchor_links`` gives each row an id
    and a ``#`` link to it (a string is the ids' prefix); ``max_height`` scrolls the table.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "upload")

    def __init__(
        self,
        value: Mapping[str, Parameter] | None = None,
        language: Literal["python", "typescript"] = "python",
        linkify: list[str] | None = None,
        every: float | None = None,
        inputs: Any = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        header: str | None = "Parameters",
        anchor_links: bool | str = False,
        max_height: int | str | None = None,
    ) -> None:
        self.language = language
        self.linkify = linkify
        self.header = header
        self.anchor_links = anchor_links
        self.max_height = max_height
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(value, render=render, key=key)

    def preprocess(self, payload: Any) -> dict[str, Parameter] | None:
        return payload

    def postprocess(self, value: Any) -> dict[str, Parameter] | None:
        return None if value is None else dict(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": {}, "description": "any valid json"}

    def example_payload(self) -> Any:
        return {"array": {"type": "numpy", "description": "any valid json", "default": "None"}}

    def api_python_type(self) -> str:
        return "str | float | bool | list | dict"

    def props(self) -> dict[str, Any]:
        return {
            "value": self.initial_payload(),
            "language": self.language,
            "linkify": self.linkify,
            "header": self.header,
            "anchor_links": self.anchor_links,
            "max_height": self.max_height,
        }
