"""``gr.themes.Default``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Source Sans Pro")
FONT_MONO = mono("IBM Plex Mono")


class Default(Base):
    """Gradio's default theme: orange primary, zinc neutrals, red Stop buttons."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.orange,
        secondary_hue: Color | str = colors.blue,
        neutral_hue: Color | str = colors.zinc,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_md,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "default",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            border_color_accent_subdued="*primary_200",
            input_background_fill="white",
            input_background_fill_dark="*neutral_800",
            error_background_fill_dark="*neutral_900",
            button_cancel_background_fill="#ef4444",
            button_cancel_background_fill_dark="#b91c1c",
            button_cancel_background_fill_hover="#dc2626",
            button_cancel_background_fill_hover_dark="#991b1b",
            button_cancel_text_color="white",
            button_cancel_text_color_dark="white",
        )
