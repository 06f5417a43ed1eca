"""``gr.themes.Ember``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Source Sans 3")
FONT_MONO = mono("Source Code Pro")


class Ember(Base):
    """Ember: warm orange on stone, white cards with a light shadow."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.orange,
        secondary_hue: Color | str = colors.orange,
        neutral_hue: Color | str = colors.stone,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_lg,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "ember",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_background_fill="*neutral_50",
            body_background_fill_dark="*neutral_950",
            body_text_color_dark="*neutral_200",
            body_text_color_subdued="*neutral_500",
            background_fill_primary_dark="*neutral_900",
            background_fill_secondary="*neutral_100",
            background_fill_secondary_dark="*neutral_800",
            color_accent_soft_dark="*primary_900",
            shadow_drop="0 1px 3px 0 rgb(0 0 0 / 0.08)",
            shadow_drop_lg="0 4px 12px 0 rgb(0 0 0 / 0.1)",
            block_background_fill="white",
            block_background_fill_dark="*neutral_900",
            block_shadow="*shadow_drop",
            block_shadow_dark="0 1px 4px 0 rgb(0 0 0 / 0.3)",
            block_title_text_color="*primary_600",
            block_title_text_color_dark="*primary_300",
            block_title_background_fill="*primary_50",
            block_title_background_fill_dark="*primary_900",
            block_title_padding="*spacing_sm *spacing_md",
            block_title_radius="*radius_md",
            block_title_text_weight="600",
            block_label_text_color="*primary_600",
            block_label_text_color_dark="*primary_300",
            block_label_background_fill="*primary_50",
            block_label_background_fill_dark="*primary_900",
            block_label_padding="*spacing_sm *spacing_md",
            block_label_radius="*radius_md",
            input_background_fill="white",
            input_background_fill_dark="*neutral_800",
            input_border_color="*neutral_200",
            input_border_color_dark="*neutral_600",
            input_border_color_focus="*primary_400",
            input_border_color_focus_dark="*primary_500",
            checkbox_background_color_selected="*primary_500",
            checkbox_background_color_selected_dark="*primary_500",
            slider_color="*primary_500",
            slider_color_dark="*primary_400",
            button_primary_background_fill_hover_dark="*primary_500",
            button_secondary_background_fill="white",
            button_secondary_background_fill_dark="*neutral_800",
            button_secondary_background_fill_hover="*neutral_50",
            button_secondary_text_color="*neutral_700",
            button_secondary_text_color_dark="*neutral_200",
            button_cancel_background_fill="#ef4444",
            button_cancel_background_fill_dark="#dc2626",
            button_cancel_background_fill_hover="#dc2626",
            button_cancel_background_fill_hover_dark="#b91c1c",
            button_cancel_text_color="white",
            button_cancel_text_color_dark="white",
        )
