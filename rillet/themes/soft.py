"""``gr.themes.Soft``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Montserrat")
FONT_MONO = mono("IBM Plex Mono")


class Soft(Base):
    """Soft: indigo on a light grey page with white cards and inputs, Montserrat."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.indigo,
        secondary_hue: Color | str = colors.indigo,
        neutral_hue: Color | str = colors.gray,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_md,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "soft",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            background_fill_primary="*neutral_50",
            shadow_drop="0 1px 4px 0 rgb(0 0 0 / 0.1)",
            shadow_drop_lg="0 2px 5px 0 rgb(0 0 0 / 0.1)",
            block_background_fill="white",
            block_title_text_color="*primary_500",
            block_title_text_color_dark="white",
            block_title_background_fill="*block_label_background_fill",
            block_title_padding="*block_label_padding",
            block_title_radius="*block_label_radius",
            block_title_text_weight="600",
            block_label_text_color="*primary_500",
            block_label_text_color_dark="white",
            block_label_background_fill="*primary_100",
            block_label_background_fill_dark="*primary_600",
            block_label_padding="*spacing_sm *spacing_md",
            block_label_radius="*radius_md",
            input_background_fill="white",
            input_border_color="*neutral_50",
            checkbox_background_color_selected="*primary_600",
            checkbox_background_color_selected_dark="*primary_700",
            slider_color="*primary_500",
            slider_color_dark="*primary_600",
            button_primary_background_fill_hover="*primary_400",
            button_primary_background_fill_hover_dark="*primary_500",
            button_secondary_background_fill="white",
            button_secondary_background_fill_hover="*neutral_100",
            button_secondary_background_fill_hover_dark="*primary_500",
            button_secondary_text_color="*neutral_800",
        )
