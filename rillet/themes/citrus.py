"""``gr.themes.Citrus``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Ubuntu")
FONT_MONO = mono("Roboto Mono")


class Citrus(Base):
    """Citrus: amber on stone, raised cards with a solid shadow, Ubuntu."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.amber,
        secondary_hue: Color | str = colors.amber,
        neutral_hue: Color | str = colors.stone,
        spacing_size: Size | str = sizes.spacing_lg,
        radius_size: Size | str = sizes.radius_md,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "citrus",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            background_fill_primary="*neutral_50",
            block_background_fill="*neutral_100",
            block_border_color="*neutral_300",
            block_shadow="0px 3px 0px 0px *neutral_300;",
            block_shadow_dark="0px 3px 0px 0px *neutral_700;",
            input_background_fill="*neutral_50",
            input_background_fill_dark="*neutral_900",
            checkbox_background_color_selected_dark="*primary_600",
            slider_color="*primary_400",
            slider_color_dark="*primary_500",
            button_primary_background_fill_hover="*button_primary_background_fill",
            button_primary_background_fill_hover_dark="*button_primary_background_fill",
            button_primary_text_color="*button_secondary_text_color",
            button_primary_text_color_dark="*button_secondary_text_color",
            button_secondary_background_fill="*primary_400",
            button_secondary_background_fill_dark="*primary_500",
            button_secondary_background_fill_hover="*button_secondary_background_fill",
            button_secondary_background_fill_hover_dark="*button_secondary_background_fill",
            button_secondary_text_color_dark="*neutral_900",
            button_cancel_background_fill="#ef4444",
            button_cancel_background_fill_dark="#b91c1c",
            button_cancel_background_fill_hover="#dc2626",
            button_cancel_background_fill_hover_dark="#991b1b",
            button_cancel_text_color="white",
            button_cancel_text_color_dark="white",
        )
