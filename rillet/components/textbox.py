"""``gr.Textbox``: a single- or multi-line text field."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import FormComponent, buttons_list, warn_unhonoured


class Textbox(FormComponent):
    """A text field. Value: ``str`` (or None) both ways; the page streams it as appends."""

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "input",
        "submit",
        "focus",
        "blur",
        "select",
        "stop",
        "copy",
    )

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        *,
        type: Literal["text", "password", "email"] = "text",
        lines: int = 1,
        max_lines: int | None = None,
        placeholder: str | None = None,
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
        autofocus: bool = False,
        autoscroll: bool = True,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        text_align: Literal["left", "right"] | None = None,
        rtl: bool = False,
        buttons: Sequence[Any] | None = None,
        show_copy_button: bool = False,
        max_length: int | None = None,
        submit_btn: str | bool | None = False,
        stop_btn: str | bool | None = False,
        html_attributes: Any = None,
    ) -> None:
        if type not in ("text", "password", "email"):
            raise ValueError('`type` must be one of "text", "password", or "email".')
        if type != "text":
            if lines != 1:
                warnings.warn(f"`lines` must be 1 for a {type!r} Textbox; using 1.", stacklevel=2)
                lines = 1
            if max_lines not in (None, 1):
                warnings.warn(
                    f"`max_lines` must be 1 for a {type!r} Textbox; using 1.", stacklevel=2
                )
                max_lines = 1
        self.type = type
        self.lines = lines
        self.max_lines = max_lines
        self.placeholder = placeholder
        self.autofocus = autofocus
        self.autoscroll = autoscroll
        self.text_align = text_align
        self.rtl = rtl
        self.buttons = buttons_list(buttons, [], copy=show_copy_button)
        warn_unhonoured_buttons(self, buttons, ("copy",))
        self.max_length = max_length
        self.submit_btn = submit_btn
        self.stop_btn = stop_btn
        self.html_attributes = _attributes(html_attributes)
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

    def preprocess(self, payload: Any) -> str | None:
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "Hello!!"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "type": self.type,
            "lines": self.lines,
            "max_lines": self.max_lines,
            "placeholder": self.placeholder,
            "autofocus": self.autofocus,
            "autoscroll": self.autoscroll,
            "text_align": self.text_align,
            "rtl": self.rtl,
            "buttons": self.buttons,
            "show_copy_button": "copy" in self.buttons,
            "max_length": self.max_length,
            "submit_btn": self.submit_btn,
            "stop_btn": self.stop_btn,
            "html_attributes": self.html_attributes,
        }


class TextArea(Textbox):
    """Gradio's ``TextArea`` template: a ``Textbox`` with ``lines=7, max_lines=20``."""

    is_template: ClassVar[bool] = True

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        *,
        lines: int = 7,
        max_lines: int | None = 20,
        **kwargs: Any,
    ) -> None:
        super().__init__(value, lines=lines, max_lines=max_lines, **kwargs)


#: Gradio's alias (``gr.Text``, and the ``"text"`` shortcut).
Text = Textbox


def _attributes(value: Any) -> dict[str, Any] | None:
    """``html_attributes`` (a dict, or an object such as ``gr.InputHTMLAttributes``) as a dict."""
    if value is None or isinstance(value, dict):
        return value
    return {k: v for k, v in vars(value).items() if not k.startswith("_") and v is not None}
