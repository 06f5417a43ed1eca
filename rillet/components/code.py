"""``gr.Code``: source code shown highlighted, streamed, or edited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components.base import Component

#: The buttons the page draws in the code box's corner.
HONOURED_BUTTONS = ("copy", "download")


class Code(Component):
    """Code. Value: ``str`` (or None) both ways; an output streams as appends.

    The page highlights ``language`` with the vendored highlight.js (any of
    :attr:`languages`; SQL dialects as SQL, Jinja2 with its Django grammar) and draws line
    numbers (``show_line_numbers``); a streamed output highlights each finished line once.
    ``lines`` and ``max_lines`` bound its height, ``wrap_lines`` wraps long lines; an
    interactive Code is an editor that emits ``input`` and ``change`` as the user types. As
    in Gradio, an output's text is stripped of leading and trailing whitespace.
    """

    #: The languages Gradio accepts for ``language`` (None: plain text).
    languages: ClassVar[list[str | None]] = [
        "python",
        "c",
        "cpp",
        "markdown",
        "latex",
        "json",
        "html",
        "css",
        "javascript",
        "jinja2",
        "typescript",
        "yaml",
        "dockerfile",
        "shell",
        "r",
        "sql",
        "sql-msSQL",
        "sql-mySQL",
        "sql-mariaDB",
        "sql-sqlite",
        "sql-cassandra",
        "sql-plSQL",
        "sql-hive",
        "sql-pgSQL",
        "sql-gql",
        "sql-gpSQL",
        "sql-sparkSQL",
        "sql-esper",
        None,
    ]

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "focus", "blur")

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        language: str | None = None,
        *,
        every: float | None = None,
        inputs: Any = None,
        lines: int = 5,
        max_lines: int | None = None,
        label: str | None = None,
        interactive: bool | None = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        wrap_lines: bool = False,
        show_line_numbers: bool = True,
        autocomplete: bool = False,
        buttons: Sequence[Any] | None = None,
    ) -> None:
        if language not in Code.languages:
            raise ValueError(f"Language {language} not supported.")
        self.language = language
        self.lines = lines
        self.max_lines = max(lines, max_lines) if max_lines is not None else None
        self.wrap_lines = wrap_lines
        self.show_line_numbers = show_line_numbers
        self.autocomplete = autocomplete
        self.buttons = buttons_list(buttons, list(HONOURED_BUTTONS))
        warn_unhonoured_buttons(self, buttons, HONOURED_BUTTONS)
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            autocomplete=autocomplete or None,
            preserved_by_key=preserved_by_key,
        )
        super().__init__(
            value,
            label=label,
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
        """The code the user's function receives, as the page sent it (not stripped)."""
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        """The code the page shows: ``value`` as text, without leading and trailing
        whitespace (Gradio's rule). A ``(path,)`` tuple, which old Gradio read as a file,
        is refused with a hint."""
        if value is None:
            return None
        if isinstance(value, tuple):
            raise ValueError("gr.Code takes its code as a str: read a file's text and return it")
        return str(value).strip()

    def api_info(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> Any:
        return "print('Hello World')"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "language": self.language,
            "lines": self.lines,
            "max_lines": self.max_lines,
            "wrap_lines": self.wrap_lines,
            "show_line_numbers": self.show_line_numbers,
            "autocomplete": self.autocomplete,
            "buttons": self.buttons,
        }
