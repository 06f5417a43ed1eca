"""``gr.themes.Ocean``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("IBM Plex Sans")
FONT_MONO = mono("IBM Plex Mono")


class Ocean(Base):
    """Ocean: emerald and sky gradient buttons, large radii, shadowed cards."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.emerald,
        secondary_hue: Color | str = colors.sky,
        neutral_hue: Color | str = colors.zinc,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_xxl,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "ocean",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            block_shadow="*shadow_drop_lg",
            checkbox_background_color_selected="*primary_400",
            checkbox_background_color_selected_dark="*primary_600",
            slider_color="*primary_400",
            slider_color_dark="*primary_500",
            button_primary_background_fill=(
                "linear-gradient(120deg, *secondary_500 0%, *primary_300 60%, *primary_400 100%)"
            ),
            button_primary_background_fill_dark=(
                "linear-gradient(120deg, *secondary_600 0%, *primary_500 60%, *primary_600 100%)"
            ),
            button_primary_background_fill_hover=(
                "linear-gradient(120deg, *secondary_400 0%, *primary_300 60%, *primary_300 100%)"
            ),
            button_primary_background_fill_hover_dark=(
                "linear-gradient(120deg, *secondary_500 0%, *primary_500 60%, *primary_500 100%)"
            ),
            button_primary_text_color="*button_secondary_text_color",
            button_primary_text_color_dark="*button_secondary_text_color",
            button_secondary_background_fill=(
                "linear-gradient(120deg, *neutral_300 0%, *neutral_100 60%, *neutral_200 100%)"
            ),
            button_secondary_background_fill_dark=(
                "linear-gradient(120deg, *neutral_700 0%, *neutral_600 60%, *neutral_700 100%)"
            ),
            button_secondary_background_fill_hover=(
                "linear-gradient(120deg, *neutral_200 0%, *neutral_100 60%, *neutral_100 100%)"
            ),
            button_secondary_background_fill_hover_dark=(
                "linear-gradient(120deg, *neutral_600 0%, *neutral_600 60%, *neutral_700 100%)"
            ),
        )
