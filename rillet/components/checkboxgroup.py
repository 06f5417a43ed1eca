"""``gr.CheckboxGroup``: any number of choices out of a few, shown as tick boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    FormComponent,
    normalize_choices,
    not_a_choice,
    warn_unhonoured,
)


class CheckboxGroup(FormComponent):
    """Tick boxes, one per choice. Choices are values or ``(label, value)`` pairs.

    Value: the list of ticked values, or their indices with ``type="index"``. A single
    value returned by a function ticks that one choice; None ticks none.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select")

    def __init__(
        self,
        choices: Sequence[Any] | None = None,
        *,
        value: Sequence[Any] | str | float | Callable[..., Any] | None = None,
        type: Literal["value", "index"] = "value",
        label: str | None = None,
        info: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        show_select_all: bool = False,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        buttons: Sequence[Any] | None = None,
    ) -> None:
        if type not in ("value", "index"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['value', 'index']"
            )
        self.choices = normalize_choices(choices)
        self.type = type
        self.show_select_all = show_select_all
        # Gradio's CheckboxGroup has no built-in buttons: only custom gr.Button entries,
        # which rillet does not draw yet.
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
            buttons=buttons or None,
        )
        super().__init__(
            value,
            label=label,
            info=info,
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

    def choice_values(self) -> list[Any]:
        """The values of the choices, in order."""
        return [value for _, value in self.choices]

    def preprocess(self, payload: Any) -> list[Any]:
        """The ticked values (or their indices with ``type="index"``); ValueError for a
        value that is not a choice."""
        if payload is None:
            return []
        if not isinstance(payload, list):
            raise ValueError(f"expected a list of choices, got {payload!r}")
        values = self.choice_values()
        for item in payload:
            if item not in values:
                raise not_a_choice(item, values)
        if self.type == "index":
            return [values.index(item) for item in payload]
        return list(payload)

    def postprocess(self, value: Any) -> list[Any]:
        """A list of values: None is ``[]``, a single value a list of one."""
        if value is None:
            return []
        if isinstance(value, (tuple, set, frozenset)):
            return list(value)
        return value if isinstance(value, list) else [value]

    def api_info(self) -> dict[str, Any]:
        return {
            "items": {"enum": self.choice_values(), "type": "string"},
            "title": "Checkbox Group",
            "type": "array",
        }

    def example_payload(self) -> Any:
        return [self.choices[0][1]] if self.choices else None

    def api_python_type(self) -> str:
        return "list[Literal[" + ", ".join(f"'{v}'" for v in self.choice_values()) + "]]"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "choices": [list(c) for c in self.choices],
            "type": self.type,
            "show_select_all": self.show_select_all,
            "buttons": [],
        }
