"""``gr.themes``: Gradio's themes, drawn with rillet's page variables.

``demo.launch(theme=gr.themes.Soft())`` (or ``theme="soft"``); a theme's hues, sizes and
fonts are constructor arguments and its variables change with ``.set(...)``. See
docs/theming.md for what each variable draws.
"""

from rillet.themes.base import Base
from rillet.themes.citrus import Citrus
from rillet.themes.cyberpunk import Cyberpunk
from rillet.themes.default import Default
from rillet.themes.ember import Ember
from rillet.themes.glass import Glass
from rillet.themes.mario import Mario
from rillet.themes.monochrome import Monochrome
from rillet.themes.neon import Neon
from rillet.themes.ocean import Ocean
from rillet.themes.origin import Origin
from rillet.themes.soft import Soft
from rillet.themes.utils import colors, fonts, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.fonts import Font, GoogleFont, LocalFont
from rillet.themes.utils.sizes import Size

#: Gradio's other name for :class:`Base` (``gr.Theme``, ``gr.themes.ThemeClass``).
ThemeClass = Base

__all__ = [
    "Base",
    "Citrus",
    "Color",
    "Cyberpunk",
    "Default",
    "Ember",
    "Font",
    "Glass",
    "GoogleFont",
    "LocalFont",
    "Mario",
    "Monochrome",
    "Neon",
    "Ocean",
    "Origin",
    "Size",
    "Soft",
    "ThemeClass",
    "colors",
    "fonts",
    "sizes",
]
