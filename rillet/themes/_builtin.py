"""The built-in themes' shared constructor: each names its hues, scales, fonts and the
variables it changes from Base (only those rillet draws; see base.DRAWN)."""

from __future__ import annotations

from rillet.themes.base import Base, FontStack
from rillet.themes.utils.colors import Color
from rillet.themes.utils.fonts import LocalFont
from rillet.themes.utils.sizes import Size


def sans(name: str) -> tuple[LocalFont | str, ...]:
    """A stack starting with ``name`` and falling back to the system's sans-serif."""
    return (LocalFont(name), "ui-sans-serif", "system-ui", "sans-serif")


def mono(name: str = "IBM Plex Mono") -> tuple[LocalFont | str, ...]:
    """A monospace stack starting with ``name``."""
    return (LocalFont(name), "ui-monospace", "Consolas", "monospace")


def build(
    theme: Base,
    name: str,
    hues: tuple[Color | str, Color | str, Color | str],
    scales: tuple[Size | str, Size | str, Size | str],
    stacks: tuple[FontStack, FontStack],
) -> None:
    """Initialise ``theme`` as Base with these hues (primary, secondary, neutral), scales
    (text, spacing, radius) and font stacks (font, font_mono), named ``name``."""
    Base.__init__(
        theme,
        primary_hue=hues[0],
        secondary_hue=hues[1],
        neutral_hue=hues[2],
        text_size=scales[0],
        spacing_size=scales[1],
        radius_size=scales[2],
        font=stacks[0],
        font_mono=stacks[1],
    )
    theme.name = name
