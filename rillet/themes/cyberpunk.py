"""``gr.themes.Cyberpunk``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Chakra Petch")
FONT_MONO = mono("Share Tech Mono")


class Cyberpunk(Base):
    """Cyberpunk: fuchsia and cyan, deep violet backgrounds in dark mode, Chakra Petch."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.fuchsia,
        secondary_hue: Color | str = colors.cyan,
        neutral_hue: Color | str = colors.slate,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_sm,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "cyberpunk",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_background_fill="*neutral_100",
            body_background_fill_dark="#0a0416",
            body_text_color_dark="*neutral_300",
            body_text_color_subdued="*neutral_500",
            background_fill_primary="*neutral_50",
            background_fill_primary_dark="#110b22",
            background_fill_secondary="*neutral_200",
            background_fill_secondary_dark="#1a1030",
            color_accent="*secondary_500",
            color_accent_soft="*secondary_50",
            color_accent_soft_dark="#164e6360",
            shadow_drop="none",
            shadow_drop_lg="none",
            block_background_fill="white",
            block_background_fill_dark="#110b22",
            block_border_color="*neutral_300",
            block_border_color_dark="#5b21b660",
            block_shadow_dark="none",
            block_title_text_color="*primary_700",
            block_title_text_color_dark="*primary_300",
            block_title_background_fill="*primary_100",
            block_title_background_fill_dark="#701a7580",
            block_title_padding="*spacing_sm *spacing_lg",
            block_title_radius="0",
            block_title_text_weight="700",
            block_label_text_color="*primary_700",
            block_label_text_color_dark="*primary_300",
            block_label_background_fill="*primary_100",
            block_label_background_fill_dark="#701a7580",
            block_label_radius="0",
            input_background_fill="white",
            input_background_fill_dark="#1a1030",
            input_border_color="*neutral_300",
            input_border_color_dark="#6d28d950",
            input_border_color_focus="*primary_500",
            input_border_color_focus_dark="*primary_500",
            checkbox_background_color_selected="*primary_500",
            checkbox_background_color_selected_dark="*primary_500",
            slider_color="*secondary_500",
            slider_color_dark="*secondary_400",
            button_primary_background_fill_hover_dark="*primary_500",
            button_primary_border_color="*primary_600",
            button_primary_border_color_dark="*primary_500",
            button_secondary_background_fill="white",
            button_secondary_background_fill_dark="#1a1030",
            button_secondary_background_fill_hover="*neutral_100",
            button_secondary_background_fill_hover_dark="#241540",
            button_secondary_text_color="*neutral_700",
            button_secondary_text_color_dark="*neutral_300",
            button_secondary_border_color="*neutral_300",
            button_secondary_border_color_dark="#6d28d950",
            button_cancel_background_fill="white",
            button_cancel_background_fill_dark="#1a1030",
            button_cancel_background_fill_hover="#fef2f2",
            button_cancel_background_fill_hover_dark="#7f1d1d40",
            button_cancel_text_color="#dc2626",
            button_cancel_text_color_dark="#f87171",
            button_cancel_border_color="#fca5a5",
            button_cancel_border_color_dark="#b91c1c60",
        )
