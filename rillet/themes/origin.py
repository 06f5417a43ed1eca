"""``gr.themes.Origin``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono, sans
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = sans("Source Sans Pro")
FONT_MONO = mono("IBM Plex Mono")


class Origin(Base):
    """Origin: Gradio 4's look: soft gradient buttons and shadowed cards."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.orange,
        secondary_hue: Color | str = colors.blue,
        neutral_hue: Color | str = colors.gray,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_md,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "origin",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            border_color_accent_subdued="*primary_200",
            block_shadow="*shadow_drop",
            input_background_fill="white",
            input_background_fill_dark="*neutral_800",
            error_background_fill_dark="*neutral_900",
            button_primary_background_fill=(
                "linear-gradient(to bottom right, *primary_100, *primary_300)"
            ),
            button_primary_background_fill_dark=(
                "linear-gradient(to bottom right, *primary_500, *primary_600)"
            ),
            button_primary_background_fill_hover=(
                "linear-gradient(to bottom right, *primary_100, *primary_200)"
            ),
            button_primary_background_fill_hover_dark=(
                "linear-gradient(to bottom right, *primary_500, *primary_500)"
            ),
            button_primary_text_color="*primary_600",
            button_primary_border_color="*primary_200",
            button_primary_border_color_dark="*primary_500",
            button_secondary_background_fill=(
                "linear-gradient(to bottom right, *neutral_100, *neutral_200)"
            ),
            button_secondary_background_fill_dark=(
                "linear-gradient(to bottom right, *neutral_600, *neutral_700)"
            ),
            button_secondary_background_fill_hover=(
                "linear-gradient(to bottom right, *neutral_100, *neutral_100)"
            ),
            button_secondary_background_fill_hover_dark=(
                "linear-gradient(to bottom right, *neutral_600, *neutral_600)"
            ),
            button_secondary_text_color="*neutral_800",
            button_cancel_background_fill="linear-gradient(to bottom right, #fee2e2, #fecaca)",
            button_cancel_background_fill_dark="linear-gradient(to bottom right, #dc2626, #b91c1c)",
            button_cancel_background_fill_hover=(
                "linear-gradient(to bottom right, #fee2e2, #fee2e2)"
            ),
            button_cancel_background_fill_hover_dark=(
                "linear-gradient(to bottom right, #dc2626, #dc2626)"
            ),
            button_cancel_text_color="#dc2626",
            button_cancel_text_color_dark="white",
            button_cancel_border_color="#fecaca",
            button_cancel_border_color_dark="#dc2626",
        )
