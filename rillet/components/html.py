"""``gr.HTML``: HTML on the page, and Gradio 6's custom components made of a template.

A template is HTML with two kinds of holes, filled from the component's *props* (``value``,
``label``, ``visible`` and every extra keyword argument):

- ``${expression}``: a JavaScript expression, its result inserted as it is (raw HTML), as in
  a JS template string (``${value}``, ``${value.map(x => `<li>${x}</li>`).join('')}``);
- ``{{name}}`` (HTML-escaped), ``{{{name}}}`` (raw), ``{{#each}}``, ``{{#if}}``... :
  Handlebars, interpreted by the page (``rillet/components/html.js``).

The page's Content-Security-Policy forbids ``eval``, so the app's own code (``js_on_load``
and the template expressions that are more than a prop's name) reaches the page as a small
script the server makes from this block (:meth:`HTML.page_script`), served by
``rillet/server/html_js.py`` under its hash; nothing a client sends is ever part of it.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core import spec as specs
from rillet.core.contract import OutputStream, Run
from rillet.core.streams import DiffStream, is_update

#: Every event a gr.HTML can fire from its ``js_on_load`` with ``trigger(name)`` (Gradio's
#: ``all_events``); any other name quoted in ``js_on_load`` becomes a listener too.
ALL_EVENTS: tuple[str, ...] = (
    "change", "input", "click", "double_click", "submit", "stop", "edit", "clear", "play",
    "pause", "end", "start_recording", "pause_recording", "stop_recording", "focus", "blur",
    "upload", "release", "select", "stream", "like", "example_select", "option_select", "load",
    "key_up", "apply", "delete", "tick", "undo", "retry", "expand", "collapse", "download",
    "copy",
)  # fmt: skip
#: Gradio's default ``js_on_load``: a click anywhere on the block fires ``click``. The page
#: does this itself, so a plain ``gr.HTML`` needs no script.
DEFAULT_JS = "element.addEventListener('click', function() { trigger('click') });"
#: The constructor's own arguments: any other keyword is a template prop.
ARGUMENTS = frozenset(
    {
        "value", "label", "html_template", "css_template", "js_on_load", "apply_default_css",
        "every", "inputs", "show_label", "scale", "min_width", "visible", "elem_id",
        "elem_classes", "render", "key", "preserved_by_key", "min_height", "max_height",
        "container", "padding", "autoscroll", "buttons", "head", "server_functions",
    }
)  # fmt: skip
#: An expression the page evaluates itself: a prop's name, or a path into it (``a.b``).
PLAIN_PATH = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*")
SCRIPT_TAG = re.compile(r"<script[\s>]", re.IGNORECASE)
QUOTES = "'\"`"


class HTML(Component):
    """HTML, or a component made of an HTML template, its CSS and its JavaScript.

    Value: anything JSON can carry (a string of HTML for the default template
    ``"${value}"``; a number for a star rating...), passed through as it is. ``with
    gr.HTML(...):`` holds other blocks, drawn where the template says ``@children``.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ALL_EVENTS

    def __init__(
        self,
        value: Any = None,
        *,
        label: str | None = None,
        html_template: str = "${value}",
        css_template: str = "",
        js_on_load: str | None = DEFAULT_JS,
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
        min_height: int | str | None = None,
        max_height: int | str | None = None,
        container: bool = False,
        padding: bool = False,
        autoscroll: bool = False,
        buttons: Sequence[Any] | None = None,
        head: str | None = None,
        server_functions: list[Callable[..., Any]] | None = None,
        **props: Any,
    ) -> None:
        warn_script_tag(html_template)
        self.html_template = html_template
        self.css_template = css_template
        self.js_on_load = js_on_load
        self.apply_default_css = apply_default_css
        self.min_height = min_height
        self.max_height = max_height
        self.padding = padding
        self.autoscroll = autoscroll
        self.head = head
        self.extra_props = dict(props)
        self.preserved_by_key = preserved_by_key
        self.buttons: list[Any] = []
        self.server_functions = {
            getattr(fn, "__name__", str(fn)): fn for fn in server_functions or []
        }
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            buttons=list(buttons) or None if buttons is not None else None,
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

    # --- as a container: ``with gr.HTML(...):`` -------------------------------------------

    def __enter__(self) -> HTML:
        self.__dict__["_filling"] = specs.filling(self)
        self.__dict__["_filling"].__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.__dict__.pop("_filling").__exit__(*exc)

    # --- custom events ---------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        """A listener for a custom event (``.keypress(fn, ...)``): any name that
        ``js_on_load`` quotes (``trigger('keypress', ...)``), as Gradio allows."""
        js = self.__dict__.get("js_on_load") or ""
        if not name.startswith("_") and any(f"{q}{name}{q}" in js for q in QUOTES):

            def listen(
                fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
                inputs: Any = None,
                outputs: Any = None,
                **options: Any,
            ) -> Any:
                return self._listen(name, fn, inputs, outputs, **options)

            listen.__name__ = name
            return listen
        functions = self.__dict__.get("server_functions") or {}
        if name in functions:
            return functions[name]
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r} (a custom event must be "
            f"named in quotes in js_on_load, as in trigger('{name}'))"
        )

    # --- values ----------------------------------------------------------------------------

    def preprocess(self, payload: Any) -> Any:
        """The value as the page has it (a string of HTML, or what the template takes)."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """The value as it is: the template decides how it shows."""
        warn_script_tag(value)
        return value

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "<p>Hello</p>"

    def example_value(self) -> Any:
        return "<p>Hello</p>"

    def api_python_type(self) -> str:
        return "str"

    def get_block_name(self) -> str:
        """Always ``"html"``: a subclass (``class StarRating(gr.HTML)``) is drawn by the
        same page module, as in Gradio."""
        return "html"

    # --- props -----------------------------------------------------------------------------

    def server_function(self, name: str) -> Callable[..., Any] | None:
        """The function of ``server_functions`` named ``name`` (``server.name(...)`` in
        ``js_on_load``), or None: only the ones the app listed can be called."""
        return self.server_functions.get(name)

    def props(self) -> dict[str, Any]:
        functions = {"server_fns": list(self.server_functions)} if self.server_functions else {}
        return {
            **super().props(),
            **functions,
            "html_template": self.html_template,
            "css_template": self.css_template,
            "js_on_load": self.js_on_load,
            "apply_default_css": self.apply_default_css,
            "key": self.key,
            "preserved_by_key": preserved_list(self.preserved_by_key),
            "min_height": self.min_height,
            "max_height": self.max_height,
            "padding": self.padding,
            "autoscroll": self.autoscroll,
            "buttons": self.buttons,
            "head": self.head,
            "props": dict(self.extra_props),
            "component_class_name": type(self).__name__,
            "script_id": self.script_id(),
        }

    def as_update(self) -> dict[str, Any]:
        """``return gr.HTML(size=40)``: an update of the arguments given, extra template
        props under ``props`` (as Gradio sends them)."""
        update = super().as_update()
        _args, kwargs = self._given_arguments
        extra = {k: v for k, v in kwargs.items() if k not in ARGUMENTS}
        if extra:
            update["props"] = extra
        return update

    def output_stream(self, run: Run) -> OutputStream:
        """Values as edits (the default); ``gr.update(size=40)``'s template props go under
        ``props``, as Gradio sends them."""
        return _HTMLStream(self.postprocess)

    # --- the app's code, for the page ------------------------------------------------------

    def page_script(self) -> str | None:
        """The script that gives the page this block's own code: ``js_on_load`` as a
        function, and each template expression the page cannot evaluate by itself as a
        function of the props, keyed by its source. None when there is no such code."""
        js = self.js_on_load or ""
        expressions = [
            e
            for text in (self.html_template or "", self.css_template or "")
            for e in template_expressions(text)
            if not PLAIN_PATH.fullmatch(e)
        ]
        if js.strip() in ("", DEFAULT_JS) and not expressions:
            return None
        functions = ",\n".join(
            f"    {json.dumps(e)}: function (props) {{ with (props) {{ return ({e}\n); }} }}"
            for e in dict.fromkeys(expressions)
        )
        return (
            "(function (script) {\n"
            "  if (!script) return;\n"
            "  script.rilletHtml = {\n"
            "  onLoad: function (element, trigger, props, server, upload, watch) {\n"
            f"{js}\n"
            "  },\n"
            "  exprs: {\n"
            f"{functions}\n"
            "  }};\n"
            "})(document.currentScript);\n"
        )

    def script_id(self) -> str | None:
        """The name the page fetches :meth:`page_script` by (a hash of its text)."""
        script = self.page_script()
        return None if script is None else script_hash(script)


class _HTMLStream(DiffStream):
    """An HTML output: an update's unknown keywords are template props (``props``)."""

    def prepare(self, value: Any) -> Any:
        if is_update(value):
            value = nest_props(value)
        return super().prepare(value)


def nest_props(update: dict[str, Any]) -> dict[str, Any]:
    """``gr.update(size=40)`` as Gradio sends it to a gr.HTML: ``{"props": {"size": 40}}``."""
    extra = {k: v for k, v in update.items() if k not in ARGUMENTS and k not in ("__type__",)}
    if not extra or set(extra) == {"props"}:
        return update
    nested = {k: v for k, v in update.items() if k not in extra}
    nested["props"] = {
        **(update.get("props") or {}),
        **{k: v for k, v in extra.items() if k != "props"},
    }
    return nested


def preserved_list(preserved: list[str] | str | None) -> list[str]:
    if preserved is None:
        return []
    return [preserved] if isinstance(preserved, str) else list(preserved)


def script_hash(script: str) -> str:
    """16 hex digits of the script's SHA-256: its name under ``/gradio_api/html_js/``."""
    return hashlib.sha256(script.encode()).hexdigest()[:16]


def warn_script_tag(content: Any) -> None:
    """A ``<script>`` in HTML content never runs (the page inserts HTML, it does not run
    it), in Gradio too: say so, and where the code should go instead."""
    if isinstance(content, str) and SCRIPT_TAG.search(content):
        warnings.warn(
            "gr.HTML: a <script> in its HTML will not run. Load libraries with `head=` and "
            "put code in `js_on_load=`.",
            UserWarning,
            stacklevel=3,
        )


# --- template expressions: the same scan as splitTemplate() in html.js ------------------------


def template_expressions(text: str) -> list[str]:
    """The source of each ``${...}`` expression of a template, in order (nested template
    strings and braces inside an expression belong to it)."""
    found: list[str] = []
    at = 0
    while True:
        start = text.find("${", at)
        if start < 0:
            return found
        end = closing_brace(text, start + 2)
        if end < 0:
            return found
        found.append(text[start + 2 : end])
        at = end + 1


def closing_brace(text: str, at: int) -> int:
    """The index of the ``}`` closing an expression that starts at ``at``, or -1."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char in "'\"":
            at = string_end(text, at + 1, char)
        elif char == "`":
            at = template_end(text, at + 1)
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return at
            depth -= 1
        if at < 0:
            return -1
        at += 1
    return -1


def string_end(text: str, at: int, quote: str) -> int:
    """The index of the quote closing a string whose text starts at ``at``, or -1."""
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == quote:
            return at
        at += 1
    return -1


def template_end(text: str, at: int) -> int:
    """The index of the backquote closing a nested template string, or -1."""
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == "`":
            return at
        if text.startswith("${", at):
            at = closing_brace(text, at + 2)
            if at < 0:
                return -1
        at += 1
    return -1
