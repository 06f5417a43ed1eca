"""``gr.themes.Glass``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = ("Optima", "Candara", "Noto Sans", "source-sans-pro", "sans-serif")
FONT_MONO = mono("IBM Plex Mono")


class Glass(Base):
    """Glass: slate blues, gradient buttons and inputs, small sizes, Optima."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.blue,
        secondary_hue: Color | str = colors.slate,
        neutral_hue: Color | str = colors.slate,
        spacing_size: Size | str = sizes.spacing_sm,
        radius_size: Size | str = sizes.radius_sm,
        text_size: Size | str = sizes.text_sm,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "glass",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_background_fill_dark="*secondary_800",
            background_fill_primary_dark="*neutral_700",
            background_fill_secondary="*secondary_100",
            background_fill_secondary_dark="*secondary_800",
            border_color_primary_dark="*secondary_600",
            block_background_fill="*secondary_50",
            block_background_fill_dark="*secondary_800",
            block_border_color_dark="*secondary_600",
            block_title_text_color="*secondary_500",
            block_title_text_weight="600",
            block_label_text_color="*secondary_500",
            block_label_background_fill="*secondary_200",
            block_label_background_fill_dark="*secondary_700",
            input_background_fill="linear-gradient(0deg, *secondary_100 0%, white 100%)",
            input_background_fill_dark="*secondary_600",
            input_border_color_dark="*secondary_600",
            input_border_color_focus_dark="*secondary_500",
            button_primary_background_fill=(
                "linear-gradient(180deg, *primary_100 0%, *primary_200 30%)"
            ),
            button_primary_background_fill_dark=(
                "linear-gradient(180deg, *primary_500 0%, *primary_600 30%)"
            ),
            button_primary_background_fill_hover=(
                "linear-gradient(180deg, *primary_100 0%, *primary_200 30%)"
            ),
            button_primary_background_fill_hover_dark=(
                "linear-gradient(180deg, *primary_500 0%, *primary_600 30%)"
            ),
            button_primary_text_color="*body_text_color",
            button_primary_border_color="*primary_200",
            button_secondary_background_fill=(
                "linear-gradient(180deg, *secondary_100 0%, *secondary_200 30%)"
            ),
            button_secondary_background_fill_dark=(
                "linear-gradient(180deg, *secondary_500 0%, *secondary_600 30%)"
            ),
            button_secondary_background_fill_hover=(
                "linear-gradient(180deg, *secondary_100 0%, *secondary_200 30%)"
            ),
            button_secondary_background_fill_hover_dark=(
                "linear-gradient(180deg, *secondary_500 0%, *secondary_600 30%)"
            ),
        )
