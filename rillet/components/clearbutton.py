"""``gr.ClearButton``: a button that empties the components given to it."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components.base import Component
from rillet.components.button import Button
from rillet.components.state import State
from rillet.core import spec as specs


class ClearButton(Button):
    """A button (drawn by ``button.js``) that clears ``components`` when clicked: each gets
    the value its ``postprocess(None)`` gives (an empty box, no image...), and a ``gr.State``
    its initial value. ``.add(components)`` adds more.

    As in Gradio, the clearing happens in the page (an event with no function, not in the
    API, that leaves the components editable); when it resets a ``gr.State`` it is an
    event on the server, which ``api_visibility`` and ``api_name`` name.
    """

    is_template: ClassVar[bool] = True

    def __init__(
        self,
        components: Component | Sequence[Component] | None = None,
        *,
        value: str = "Clear",
        every: float | None = None,
        inputs: Any = None,
        variant: Literal["primary", "secondary", "stop"] = "secondary",
        size: Literal["sm", "md", "lg"] = "lg",
        icon: str | Path | None = None,
        link: str | None = None,
        link_target: Literal["_self", "_blank", "_parent", "_top"] = "_self",
        visible: bool | Literal["hidden"] = True,
        interactive: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        scale: int | None = None,
        min_width: int | None = None,
        api_name: str | None = None,
        api_visibility: Literal["public", "private", "undocumented"] = "undocumented",
    ) -> None:
        super().__init__(
            value,
            every=every,
            inputs=inputs,
            variant=variant,
            size=size,
            icon=icon,
            link=link,
            link_target=link_target,
            visible=visible,
            interactive=interactive,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
            scale=scale,
            min_width=min_width,
        )
        self.api_name = api_name
        self.api_visibility = api_visibility
        if specs.current_spec() is not None:
            self.add(components)

    def add(self, components: Component | Sequence[Component] | None) -> ClearButton:
        """Clear ``components`` (one or a list) too when this button is clicked."""
        if not components:
            return self
        targets = [components] if isinstance(components, Component) else list(components)
        if any(isinstance(c, State) for c in targets):
            # resetting a State runs on the server, under the button's api_visibility
            self._listen(
                "click",
                _clearer(targets),
                [],
                targets,
                api_name=self.api_name,
                api_visibility=self.api_visibility,
                show_progress="hidden",
                queue=False,
            )
            return self
        # Gradio clears in the page: each component gets the payload of its empty value,
        # made here once; the event runs no function and leaves the components editable.
        spec = specs.current_spec()
        if spec is None:
            raise RuntimeError("ClearButton.add() must be called inside 'with gr.Blocks():'")
        dep = spec.listen(
            [(self, "click")],
            None,
            [],
            targets,
            api_visibility="private",
            show_progress="hidden",
            queue=False,
        )
        dep.frontend = {"values": [[c._id, _empty_payload(c)] for c in targets]}
        return self

    def example_payload(self) -> Any:
        return "Clear"

    def props(self) -> dict[str, Any]:
        return {**super().props(), "api_visibility": self.api_visibility}


def _empty_payload(component: Component) -> Any:
    """What the page shows for ``component`` cleared: its payload for None."""
    try:
        return component.postprocess(None)
    except Exception:  # noqa: BLE001 - a component that needs a value: show nothing
        return None


def _clearer(components: list[Component]) -> Callable[[], Any]:
    """The event function that returns each component's cleared value: None (the empty
    value its postprocess makes), or for a ``gr.State`` a copy of its initial value."""
    initial = [copy.deepcopy(c.value) if isinstance(c, State) else None for c in components]

    def clear() -> Any:
        values = copy.deepcopy(initial)
        return values[0] if len(values) == 1 else tuple(values)

    # Named as Gradio names its two clearing events, so the API names users' own
    # functions get stay the same.
    clear.__name__ = "lambda" if any(isinstance(c, State) for c in components) else "js_fn"
    return clear
