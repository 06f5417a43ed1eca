"""``gr.themes.Mario``, one of Gradio's built-in themes."""

from __future__ import annotations

from rillet.themes._builtin import build, mono
from rillet.themes.base import Base, FontStack
from rillet.themes.utils import colors, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.sizes import Size

#: The theme's font stacks (defaults of its ``font`` and ``font_mono``).
FONT = ("Press Start 2P", "ui-monospace", "monospace")
FONT_MONO = mono("Press Start 2P")


class Mario(Base):
    """Mario: the Super Mario palette: sky-blue page, yellow blocks, pixel font."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.orange,
        secondary_hue: Color | str = colors.green,
        neutral_hue: Color | str = colors.stone,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_sm,
        text_size: Size | str = sizes.text_md,
        font: FontStack = FONT,
        font_mono: FontStack = FONT_MONO,
    ) -> None:
        build(
            self,
            "mario",
            (primary_hue, secondary_hue, neutral_hue),
            (text_size, spacing_size, radius_size),
            (font, font_mono),
        )
        self._preset(
            body_background_fill="#6B8CFF",
            body_text_color="#000000",
            body_text_color_subdued="#A0380C",
            background_fill_primary="#6B8CFF",
            background_fill_secondary="#E4A672",
            color_accent="#FAC000",
            color_accent_soft="#FCE4A8",
            link_text_color="#00A800",
            shadow_drop="none",
            shadow_drop_lg="none",
            block_background_fill="#FAC000",
            block_border_color="#000000",
            block_radius="4px",
            block_shadow="0px 4px 0px 0px #A0380C",
            block_title_text_color="#000000",
            block_title_background_fill="#C84C0C",
            block_title_padding="*spacing_sm *spacing_md",
            block_title_radius="4px",
            block_label_text_color="#000000",
            block_label_background_fill="#C84C0C",
            block_label_padding="*spacing_sm *spacing_md",
            block_label_radius="4px",
            input_background_fill="#FCE4A8",
            input_border_color="#000000",
            input_border_color_focus="#C84C0C",
            input_radius="4px",
            checkbox_background_color_selected="#FAC000",
            slider_color="#00A800",
            error_text_color="#991b1b",
            error_background_fill="#FCD0D0",
            error_border_color="#dc2626",
            button_primary_background_fill="#00A800",
            button_primary_background_fill_hover="#10C010",
            button_primary_text_color="#000000",
            button_primary_border_color="#000000",
            button_secondary_background_fill="#C84C0C",
            button_secondary_background_fill_hover="#D86020",
            button_secondary_text_color="#000000",
            button_secondary_border_color="#000000",
            button_cancel_background_fill="#dc2626",
            button_cancel_background_fill_hover="#ef4444",
            button_cancel_text_color="#000000",
            button_cancel_border_color="#000000",
        )
