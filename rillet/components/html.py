"""``gr.HTML``: raw HTML shown on the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component


class HTML(Component):
    """A block of HTML. Value: ``str`` (any value is shown as its ``str``).

    Gradio 6's templating arguments (``html_template``, ``css_template``, ``js_on_load``,
    extra ``**props``) are accepted and passed to the page as props.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "click")
    skip_api: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        label: str | None = None,
        html_template: str = "${value}",
        css_template: str = "",
        js_on_load: str | None = (
            "element.addEventListener('click', function() { trigger('click') });"
        ),
        apply_default_css: bool = True,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool = False,
        scale: int | None = None,
        min_width: int | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        min_height: int | None = None,
        max_height: int | None = None,
        container: bool = False,
        padding: bool = False,
        autoscroll: bool = False,
        buttons: Sequence[Any] | None = None,
        head: str | None = None,
        server_functions: list[Callable[..., Any]] | None = None,
        **props: Any,
    ) -> None:
        self.html_template = html_template
        self.css_template = css_template
        self.js_on_load = js_on_load
        self.apply_default_css = apply_default_css
        self.min_height = min_height
        self.max_height = max_height
        self.padding = padding
        self.autoscroll = autoscroll
        self.buttons = [b for b in buttons or [] if isinstance(b, str)]
        self.head = head
        self.extra_props = props  # Gradio 6: any extra keyword is a template prop
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            server_functions=server_functions,
            preserved_by_key=preserved_by_key,
        )
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,  # type: ignore[arg-type]
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "<p>Hello</p>"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **self.extra_props,
            **super().props(),
            "html_template": self.html_template,
            "css_template": self.css_template,
            "js_on_load": self.js_on_load,
            "apply_default_css": self.apply_default_css,
            "min_height": self.min_height,
            "max_height": self.max_height,
            "padding": self.padding,
            "autoscroll": self.autoscroll,
            "buttons": self.buttons,
            "head": self.head,
        }
