"""``gr.Navbar``: the navigation bar of a (multipage) app."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from rillet.components.base import Component


class Navbar(Component):
    """A bar of links at the top of the page: the main page (named ``main_page_name``;
    ``False`` leaves it out) and then ``value``, extra ``(name, path)`` links (a path is
    relative to the app, or a full URL). ``visible=False`` hides the bar. Value: that list
    of pairs, unchanged both ways, as in Gradio."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change",)

    def __init__(
        self,
        value: list[tuple[str, str]] | None = None,
        *,
        visible: bool = True,
        main_page_name: str | Literal[False] = "Home",
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
    ) -> None:
        self.main_page_name = main_page_name
        super().__init__(
            value,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> list[tuple[str, str]] | None:
        return payload

    def postprocess(self, value: Any) -> list[tuple[str, str]] | None:
        return value

    def api_info(self) -> dict[str, Any]:
        return {}

    def example_payload(self) -> Any:
        return None

    def props(self) -> dict[str, Any]:
        return {"value": self.initial_payload(), "main_page_name": self.main_page_name}
