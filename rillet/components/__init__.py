"""The components and layouts, and Gradio's string shortcuts for them (``outputs="image"``)."""

from __future__ import annotations

from typing import Any

from rillet.components._common import WebcamOptions
from rillet.components.audio import Audio
from rillet.components.base import Component
from rillet.components.button import Button
from rillet.components.chatbot import Chatbot
from rillet.components.checkbox import Checkbox
from rillet.components.code import Code
from rillet.components.dropdown import Dropdown
from rillet.components.html import HTML
from rillet.components.image import Image
from rillet.components.json import JSON
from rillet.components.label import Label
from rillet.components.layout import Column, Form, Group, Row, Tab, TabItem, Tabs
from rillet.components.markdown import Markdown
from rillet.components.number import Number
from rillet.components.radio import Radio
from rillet.components.slider import Slider
from rillet.components.state import State
from rillet.components.textbox import Text, TextArea, Textbox
from rillet.components.video import Video

#: Gradio's alias of ``JSON``.
Json = JSON

#: What ``import rillet as gr`` exports: every block class and Gradio alias imported above
#: (not the base classes), and ``WebcamOptions``. A literal list, so that type checkers see
#: ``gr.Textbox``; tests/unit/test_components.py checks it against the imports.
__all__ = [
    "HTML",
    "JSON",
    "Audio",
    "Button",
    "Chatbot",
    "Checkbox",
    "Code",
    "Column",
    "Dropdown",
    "Form",
    "Group",
    "Image",
    "Json",
    "Label",
    "Markdown",
    "Number",
    "Radio",
    "Row",
    "Slider",
    "State",
    "Tab",
    "TabItem",
    "Tabs",
    "Text",
    "TextArea",
    "Textbox",
    "Video",
    "WebcamOptions",
]


def _shortcuts() -> dict[str, type[Component]]:
    """Gradio's string shortcuts: each exported component name in lower case (``"textbox"``,
    ``"text"`` for ``gr.Text``, Gradio's alias of ``Textbox``, ``"textarea"``...)."""
    named = ((name, globals()[name]) for name in __all__)
    return {
        name.lower(): cls
        for name, cls in named
        if isinstance(cls, type) and issubclass(cls, Component)
    }


def get_component(
    spec: str | dict[str, Any] | type[Component] | Component, *, render: bool = True
) -> Component:
    """A component instance from a Gradio-style spec.

    ``"text"``/``"textbox"``, ``"image"``... (case-insensitive, ``_`` ignored) or
    ``{"name": "slider", "maximum": 10}`` make a new instance; a component class is
    instantiated with its defaults; an instance is returned unchanged.
    """
    if isinstance(spec, Component):
        return spec
    if isinstance(spec, type) and issubclass(spec, Component):
        return spec(render=render)
    options: dict[str, Any] = {}
    if isinstance(spec, dict):
        options = dict(spec)
        spec = options.pop("name", None)
    if not isinstance(spec, str):
        raise TypeError(
            f"expected a component, a component class or a shortcut string, "
            f"got {type(spec).__name__}"
        )
    known = _shortcuts()
    cls = known.get(spec.lower().replace("_", ""))
    if cls is None:
        raise ValueError(
            f"No such component: {spec!r}. Known shortcuts: {', '.join(sorted(known))}"
        )
    return cls(**options, render=render)
