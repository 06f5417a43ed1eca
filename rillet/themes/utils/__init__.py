"""Colours, sizes and fonts for themes: ``from gradio.themes.utils import colors, sizes, fonts``."""

from rillet.themes.utils import colors, fonts, sizes

__all__ = ["colors", "fonts", "sizes"]
