"""What an app adds to its page: ``launch(theme=, css=, css_paths=, js=, head=, head_paths=)``
(Gradio 6 moved them there from ``Blocks(...)``, which still takes them with a warning).

:class:`PageStyle` holds them resolved (a theme name made a theme, files read); the server
puts it in ``/config`` (:meth:`PageStyle.config`) and allows its scripts, by hash, in the
page's Content-Security-Policy (rillet/server/guard.py); the page (app.js) applies it.
See docs/theming.md.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rillet.themes.base import Base

#: The arguments, in Gradio's order.
PAGE_ARGUMENTS = ("theme", "css", "css_paths", "js", "head", "head_paths")
#: Where a Blocks' settings keep its PageStyle (see :func:`page_style_of`).
SETTING = "page_style"
#: The start of a JavaScript function expression: ``function``, ``async function``,
#: ``(a, b) =>``, ``async (a) =>``, ``a =>``.
FUNCTION_START = re.compile(r"(async\s+)?(function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)")
#: ``src`` of a ``<script>`` tag in head HTML.
SCRIPT_SRC = re.compile(r"<script\b[^>]*\ssrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)

PathArg = str | Path | Sequence[str | Path] | None


@dataclass(frozen=True)
class PageStyle:
    """An app's theme, custom CSS, page-load JavaScript and head HTML, resolved."""

    theme: Base | None = None
    css: str | None = None
    js: str | None = None
    head: str | None = None

    def js_script(self) -> str | None:
        """The script the page runs for ``js=``: a function expression is called, other
        code runs as it is (Gradio's rule). Its exact text is hashed into the CSP."""
        if not self.js or not self.js.strip():
            return None
        code = self.js.strip()
        if is_function_expression(code):
            return f"({code.rstrip(';').rstrip()})();"
        return code

    def config(self) -> dict[str, Any]:
        """Its part of ``/config``: Gradio's keys (``theme`` the theme's name, ``css``,
        ``js``, ``head``) and rillet's ``theme_css`` (the theme as page variables) and
        ``page_js`` (the script the page runs for ``js``)."""
        return {
            "theme": self.theme.name if self.theme is not None else "default",
            "theme_css": self.theme.page_css() if self.theme is not None else None,
            "css": self.css,
            "js": self.js,
            "page_js": self.js_script(),
            "head": self.head,
        }


def is_function_expression(code: str) -> bool:
    """Is ``code`` one function expression (``() => {...}``, ``function f() {...}``),
    rather than statements? A function declaration followed by a call is statements."""
    start = FUNCTION_START.match(code)
    if start is None:
        return False
    rest = code[start.end() :]
    if "=>" not in start.group(0):  # function name(params) {: the body after the params
        params_end = rest.find(")")
        rest = rest[params_end + 1 :] if params_end >= 0 else ""
    rest = rest.lstrip()
    if not rest.startswith("{"):  # an arrow function with an expression body
        return "=>" in start.group(0)
    end = _closing_brace(rest)
    return end is not None and rest[end + 1 :].strip(" \t\r\n;") == ""


def _closing_brace(code: str) -> int | None:
    """The index of the brace closing the one at ``code[0]``, skipping strings and
    comments; None when it is not closed."""
    depth, i, quote = 0, 0, ""
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif code.startswith("//", i):
            i = code.find("\n", i)
            i = len(code) if i < 0 else i
        elif code.startswith("/*", i):
            i = code.find("*/", i + 2)
            i = len(code) if i < 0 else i + 1
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def theme_named(theme: Base | str | None) -> Base | None:
    """``launch(theme=)`` as a theme: a built-in theme's name ("soft") is that theme; any
    other name (a Hugging Face Hub theme, "user/theme") warns and is the Default theme,
    as when Gradio cannot load it; None keeps rillet's own look (Gradio's Default)."""
    if theme is None or isinstance(theme, Base):
        return theme
    if not isinstance(theme, str):
        raise TypeError(
            f"theme= takes a gr.themes theme or a theme's name, got {type(theme).__name__}"
        )
    built_in = _built_in_themes()
    if theme.lower() in built_in:
        return built_in[theme.lower()]()
    return Base.from_hub(theme)


def _built_in_themes() -> dict[str, type[Base]]:
    """The themes Gradio finds by name (``launch(theme="soft")``)."""
    from rillet import themes

    return {
        cls().name: cls
        for cls in (
            themes.Base,
            themes.Default,
            themes.Monochrome,
            themes.Soft,
            themes.Glass,
            themes.Origin,
            themes.Citrus,
            themes.Ocean,
            themes.Mario,
        )
    }


def _read_all(text: str | None, paths: PathArg) -> str | None:
    """``text`` followed by each file of ``paths`` (one path or a list), one a line."""
    if paths is None:
        return text
    listed = [paths] if isinstance(paths, (str, Path)) else list(paths)
    parts = [text] if text else []
    parts += [Path(p).read_text(encoding="utf-8") for p in listed]
    return "\n".join(parts) if parts else text


def build_page_style(
    theme: Base | str | None = None,
    css: str | None = None,
    css_paths: PathArg = None,
    js: str | bool | None = None,
    head: str | None = None,
    head_paths: PathArg = None,
) -> PageStyle:
    """The PageStyle of these ``launch()`` arguments: theme found, files read (``css``
    first, then ``css_paths``; the same for ``head``). ``js`` must be code: ``js=True``
    (which Gradio takes on listeners only) warns and runs nothing."""
    if js is not None and not isinstance(js, str):
        warnings.warn(
            f"launch(js=...) takes JavaScript code as a string; {js!r} runs nothing on page load",
            UserWarning,
            stacklevel=4,
        )
        js = None
    full_head = _read_all(head, head_paths)
    _warn_foreign_scripts(full_head)
    return PageStyle(
        theme=theme_named(theme),
        css=_read_all(css, css_paths),
        js=js,
        head=full_head,
    )


def _warn_foreign_scripts(head: str | None) -> None:
    """Scripts from other sites in ``head=`` are refused by the page's CSP: say so."""
    foreign = [src for src in SCRIPT_SRC.findall(head or "") if re.match(r"(https?:)?//", src)]
    if foreign:
        warnings.warn(
            f"head= loads scripts from other sites ({', '.join(foreign)}): the page's "
            "Content-Security-Policy allows scripts from the app only, so they will not "
            "run (inline scripts in head= do; see docs/theming.md)",
            UserWarning,
            stacklevel=5,
        )


def page_style_of(settings: Any) -> PageStyle:
    """The PageStyle ``launch()`` recorded in an app's settings (an empty one before)."""
    style = getattr(settings, SETTING, None)
    return style if isinstance(style, PageStyle) else PageStyle()


def record_page_style(settings: Any, style: PageStyle) -> None:
    """Keep ``style`` in ``settings`` for the server (``/config`` and the CSP)."""
    settings.page_style = style
