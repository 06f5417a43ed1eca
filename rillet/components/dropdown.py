"""``gr.Dropdown``: one (or, with ``multiselect``, several) choices from a list."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import (
    FormComponent,
    normalize_choices,
    not_a_choice,
    warn_unhonoured,
)


class _DefaultValue:
    """Marks "no value given": a Dropdown then starts on its first choice, as in Gradio."""

    def __repr__(self) -> str:
        return "DEFAULT_VALUE"


DEFAULT_VALUE: Any = _DefaultValue()


class Dropdown(FormComponent):
    """A dropdown. Choices are values or ``(label, value)`` pairs.

    Value: the chosen value (a list of them with ``multiselect=True``), or indices with
    ``type="index"``. Without ``value=`` it starts on the first choice (``[]`` if multiselect);
    ``value=None`` starts empty. Values not among the choices are refused unless
    ``allow_custom_value=True``.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select", "focus", "blur", "key_up")

    def __init__(
        self,
        choices: Sequence[Any] | None = None,
        *,
        value: Any = DEFAULT_VALUE,
        type: Literal["value", "index"] = "value",
        multiselect: bool | None = None,
        allow_custom_value: bool = False,
        max_choices: int | None = None,
        filterable: bool = True,
        label: str | None = None,
        info: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
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
        self.multiselect = multiselect
        if isinstance(value, _DefaultValue):
            value = [] if multiselect else (self.choices[0][1] if self.choices else None)
        if multiselect and isinstance(value, str):
            value = [value]
        if not multiselect and max_choices is not None:
            warnings.warn(
                "The `max_choices` parameter is ignored when `multiselect` is False.", stacklevel=2
            )
        if allow_custom_value and not filterable:
            warnings.warn(
                "`filterable` cannot be False when `allow_custom_value` is True; "
                "setting `filterable` to True.",
                stacklevel=2,
            )
            filterable = True
        self.allow_custom_value = allow_custom_value
        self.max_choices = max_choices
        self.filterable = filterable
        self.buttons = [b for b in buttons or [] if isinstance(b, str)]
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
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
        return [value for _, value in self.choices]

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        values = self.choice_values()
        if self.multiselect and not isinstance(payload, list):
            payload = [payload]
        chosen = payload if isinstance(payload, list) else [payload]
        if not self.allow_custom_value:
            for item in chosen:
                if item not in values:
                    raise not_a_choice(item, values, typed=bool(self.multiselect))
        if self.type == "value":
            return payload
        indices = [values.index(v) if v in values else None for v in chosen]
        return indices if isinstance(payload, list) else indices[0]

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return None
        if self.multiselect and not isinstance(value, list):
            value = list(value) if isinstance(value, (tuple, set)) else [value]
        if not self.allow_custom_value:
            values = self.choice_values()
            for item in value if isinstance(value, list) else [value]:
                if item not in values:
                    warnings.warn(
                        f"The value passed into gr.Dropdown() is not in the list of "
                        f"choices: {item!r}; add it to the choices or set "
                        "allow_custom_value=True.",
                        stacklevel=2,
                    )
        return value

    def api_info(self) -> dict[str, Any]:
        enum = {"type": "string", "enum": self.choice_values()}
        return {"type": "array", "items": enum} if self.multiselect else enum

    def example_payload(self) -> Any:
        first = self.choices[0][1] if self.choices else None
        if self.multiselect:
            return [first] if self.choices else []
        return first

    def api_python_type(self) -> str:
        literal = "Literal[" + ", ".join(f"'{v}'" for v in self.choice_values()) + "]"
        return f"list[{literal}]" if self.multiselect else literal

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "choices": [list(c) for c in self.choices],
            "type": self.type,
            "multiselect": self.multiselect,
            "allow_custom_value": self.allow_custom_value,
            "max_choices": self.max_choices,
            "filterable": self.filterable,
            "buttons": self.buttons,
        }
