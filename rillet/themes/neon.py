"""``gr.themes.Neon``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Lexend")
FONT_MONO = mono("Space Mono")


class Neon(Base):
    """Neon: lime buttons on neutral greys with cyan accents, large radii, Lexend."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.lime,
        secondary_hue: Color | str = colors.cyan,
        neutral_hue: Color | str = colors.neutral,
        spacing_size: Size | str = sizes.spacing_lg,
        radius_size: Size | str = sizes.radius_xxl,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "neon",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_background_fill="*neutral_100",
            body_background_fill_dark="*neutral_950",
            body_text_color_dark="*neutral_200",
            body_text_color_subdued="*neutral_500",
            background_fill_primary="*neutral_100",
            background_fill_primary_dark="*neutral_900",
            background_fill_secondary="*neutral_200",
            background_fill_secondary_dark="*neutral_800",
            color_accent="*secondary_500",
            color_accent_soft="*secondary_100",
            color_accent_soft_dark="*secondary_900",
            shadow_drop="none",
            shadow_drop_lg="none",
            block_background_fill="white",
            block_background_fill_dark="*neutral_900",
            block_border_color="*neutral_300",
            block_border_color_dark="*neutral_700",
            block_shadow="0px 3px 0px 0px *neutral_300",
            block_shadow_dark="0px 3px 0px 0px *neutral_800",
            block_title_text_color="*primary_800",
            block_title_text_color_dark="*primary_200",
            block_title_background_fill="*primary_200",
            block_title_background_fill_dark="*primary_800",
            block_title_padding="*spacing_sm *spacing_lg",
            block_title_radius="*radius_sm",
            block_title_text_weight="600",
            block_label_text_color="*primary_800",
            block_label_text_color_dark="*primary_200",
            block_label_background_fill="*primary_200",
            block_label_background_fill_dark="*primary_800",
            block_label_radius="0 0 calc(*radius_sm - 1px) 0",
            input_background_fill="white",
            input_background_fill_dark="*neutral_800",
            input_border_color="*neutral_300",
            input_border_color_dark="*neutral_600",
            input_border_color_focus="*primary_500",
            input_border_color_focus_dark="*primary_400",
            checkbox_background_color_selected="*primary_500",
            checkbox_background_color_selected_dark="*primary_400",
            slider_color="*primary_500",
            slider_color_dark="*primary_400",
            button_primary_background_fill="*primary_400",
            button_primary_background_fill_dark="*primary_500",
            button_primary_background_fill_hover="*primary_400",
            button_primary_background_fill_hover_dark="*primary_500",
            button_primary_text_color="*primary_950",
            button_primary_text_color_dark="*primary_950",
            button_secondary_background_fill="white",
            button_secondary_background_fill_dark="*neutral_800",
            button_secondary_background_fill_hover="white",
            button_secondary_background_fill_hover_dark="*neutral_800",
            button_secondary_text_color="*neutral_700",
            button_secondary_text_color_dark="*neutral_200",
            button_secondary_border_color="*neutral_300",
            button_cancel_background_fill="#f87171",
            button_cancel_background_fill_dark="#ef4444",
            button_cancel_background_fill_hover="#f87171",
            button_cancel_background_fill_hover_dark="#ef4444",
            button_cancel_text_color="white",
            button_cancel_text_color_dark="white",
            button_cancel_border_color="#ef4444",
            button_cancel_border_color_dark="#dc2626",
        )
