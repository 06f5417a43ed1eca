"""``gr.themes.Monochrome``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Lora")
FONT_MONO = mono("IBM Plex Mono")


class Monochrome(Base):
    """Monochrome: black and white, square corners, roomy spacing, Lora."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.neutral,
        secondary_hue: Color | str = colors.neutral,
        neutral_hue: Color | str = colors.neutral,
        spacing_size: Size | str = sizes.spacing_lg,
        radius_size: Size | str = sizes.radius_none,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "monochrome",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_text_color="*neutral_900",
            body_text_color_subdued="*neutral_700",
            background_fill_primary_dark="*neutral_900",
            background_fill_secondary_dark="*neutral_800",
            shadow_drop_lg="0 1px 4px 0 rgb(0 0 0 / 0.1)",
            block_shadow_dark="*shadow_drop_lg",
            block_title_text_color="*body_text_color",
            block_title_text_weight="600",
            block_label_text_color="*body_text_color",
            slider_color="*neutral_900",
            slider_color_dark="*neutral_500",
            button_primary_background_fill="*neutral_900",
            button_primary_background_fill_dark="*neutral_600",
            button_primary_background_fill_hover="*neutral_700",
            button_primary_background_fill_hover_dark="*neutral_600",
            button_primary_border_color="*neutral_900",
            button_secondary_background_fill="white",
            button_secondary_background_fill_dark="*neutral_700",
            button_secondary_background_fill_hover="white",
            button_secondary_text_color="*neutral_900",
            button_secondary_border_color="*neutral_900",
            button_cancel_border_color="*neutral_900",
        )
