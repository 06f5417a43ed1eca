"""Fonts of a theme's ``font`` and ``font_mono`` stacks.

rillet works offline: a :class:`GoogleFont` or :class:`LocalFont` is only named in the
stack, nothing is downloaded, so a browser without that font installed uses the stack's
next font (a theme's stacks end in system fonts).
"""

from __future__ import annotations

from collections.abc import Iterable

#: CSS's generic families and system keywords: written without quotes in a stack.
GENERIC = frozenset(
    {
        "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
        "ui-sans-serif", "ui-monospace", "ui-rounded", "emoji", "math", "fangsong",
    }
)  # fmt: skip


class Font:
    """A font family by name, as it is written in a CSS ``font-family`` stack."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name if self.name in GENERIC else f"'{self.name}'"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Font) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def stylesheet(self) -> dict[str, str | None]:
        """Where the font's CSS would come from: nowhere (a locally installed font)."""
        return {"url": None, "css": None}


class GoogleFont(Font):
    """A Google Fonts family. Gradio loads it from fonts.googleapis.com; rillet makes no
    network request, so it is used when installed and the stack's next font otherwise."""

    def __init__(self, name: str, weights: Iterable[int] = (400, 600)) -> None:
        super().__init__(name)
        self.weights = tuple(weights)


class LocalFont(Font):
    """A family Gradio serves from its own static files; rillet names it in the stack (a
    browser with it installed uses it, otherwise the stack's next font)."""

    def __init__(self, name: str, weights: Iterable[int] = (400, 600)) -> None:
        super().__init__(name)
        self.weights = tuple(weights)


def font_stack(fonts: Font | str | Iterable[Font | str]) -> str:
    """A ``font-family`` value from one font or a list (strings are family names)."""
    items = [fonts] if isinstance(fonts, (Font, str)) else list(fonts)
    return ", ".join(str(f if isinstance(f, Font) else Font(f)) for f in items)
