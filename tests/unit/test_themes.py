"""gr.themes: Gradio 6.31's names and defaults, variables resolved as Gradio resolves them,
mapped to the page's variables light and dark, and .set() honoured or warned."""

from __future__ import annotations

import inspect
import warnings

import pytest

import rillet.themes as themes
from rillet.themes import colors, fonts, sizes
from rillet.themes.base import DRAWN, PAGE_VARIABLES, Base, known_variables
from rillet.themes.page import theme_named

#: What Gradio 6.31's gradio.themes exports.
GRADIO_EXPORTS = [
    "Base", "Color", "Default", "Ember", "Font", "Glass", "GoogleFont", "LocalFont",
    "Cyberpunk", "Monochrome", "Neon", "Size", "Soft", "ThemeClass", "colors", "sizes",
    "Origin", "Citrus", "Ocean", "Mario",
]  # fmt: skip

#: Each built-in theme's name and default hues / sizes (read from Gradio 6.31).
DEFAULTS = {
    "Base": ("base", "blue", "blue", "zinc", "text_md", "spacing_md", "radius_md"),
    "Default": ("default", "orange", "blue", "zinc", "text_md", "spacing_md", "radius_md"),
    "Soft": ("soft", "indigo", "indigo", "gray", "text_md", "spacing_md", "radius_md"),
    "Glass": ("glass", "blue", "slate", "slate", "text_sm", "spacing_sm", "radius_sm"),
    "Monochrome": (
        "monochrome", "neutral", "neutral", "neutral", "text_md", "spacing_lg", "radius_none",
    ),
    "Origin": ("origin", "orange", "blue", "gray", "text_md", "spacing_md", "radius_md"),
    "Citrus": ("citrus", "amber", "amber", "stone", "text_md", "spacing_lg", "radius_md"),
    "Ocean": ("ocean", "emerald", "sky", "zinc", "text_md", "spacing_md", "radius_xxl"),
}  # fmt: skip

#: Gradio 6.31's computed (light) values, read with ``theme._get_computed_value(name)``.
GRADIO_VALUES = {
    ("Soft", "button_primary_background_fill"): "#6366f1",
    ("Soft", "body_background_fill"): "#f9fafb",
    ("Monochrome", "button_primary_background_fill"): "#171717",
    ("Monochrome", "block_radius"): "0px",
    ("Ocean", "button_primary_background_fill"): (
        "linear-gradient(120deg, #0ea5e9 0%, #6ee7b7 60%, #34d399 100%)"
    ),
    ("Ocean", "block_radius"): "10px",
    ("Citrus", "block_shadow"): "0px 3px 0px 0px #d6d3d1",
    ("Default", "button_cancel_background_fill"): "#ef4444",
    ("Base", "button_cancel_background_fill"): "#e4e4e7",
    ("Glass", "button_primary_text_color"): "#1e293b",
}


def test_every_gradio_export_is_there() -> None:
    missing = [name for name in GRADIO_EXPORTS if not hasattr(themes, name)]
    assert missing == []
    assert themes.ThemeClass is themes.Base


@pytest.mark.parametrize("cls", list(DEFAULTS))
def test_constructor_arguments_and_defaults_match_gradio(cls: str) -> None:
    theme_cls = getattr(themes, cls)
    params = inspect.signature(theme_cls.__init__).parameters
    assert set(params) == {
        "self", "primary_hue", "secondary_hue", "neutral_hue", "text_size", "spacing_size",
        "radius_size", "font", "font_mono",
    }  # fmt: skip
    assert all(p.kind is p.KEYWORD_ONLY for n, p in params.items() if n != "self")
    name, primary, secondary, neutral, text, spacing, radius = DEFAULTS[cls]
    theme = theme_cls()
    assert theme.name == name
    assert (theme.primary_hue.name, theme.secondary_hue.name, theme.neutral_hue.name) == (
        primary,
        secondary,
        neutral,
    )
    assert (theme.text_size.name, theme.spacing_size.name, theme.radius_size.name) == (
        text,
        spacing,
        radius,
    )


@pytest.mark.parametrize(("key", "expected"), list(GRADIO_VALUES.items()))
def test_values_resolve_as_gradio_computes_them(key: tuple[str, str], expected: str) -> None:
    cls, variable = key
    assert getattr(themes, cls)()._get_computed_value(variable) == expected


def test_hues_and_sizes_by_name_or_object() -> None:
    theme = themes.Default(primary_hue="red", radius_size="radius_none", text_size=sizes.text_lg)
    assert theme.primary_500 == colors.red.c500 == "#ef4444"
    assert theme.radius_lg == "0px"
    assert theme.text_md == "16px"
    assert themes.Base(primary_hue=colors.emerald).primary_hue is colors.emerald
    with pytest.raises(ValueError, match="Color not found"):
        themes.Base(primary_hue="chartreuse")
    with pytest.raises(ValueError, match="Size not found"):
        themes.Base(radius_size="huge")


def test_the_theme_becomes_the_page_variables_light_and_dark() -> None:
    soft = themes.Soft().page_variables(dark=False)
    assert soft["--rillet-primary"] == "#6366f1"
    assert soft["--rillet-primary-hover"] == "#818cf8"
    assert soft["--rillet-page-bg"] == "#f9fafb"
    assert soft["--rillet-bg"] == "white"
    assert soft["--rillet-radius"] == "4px"
    assert soft["--rillet-font"].startswith("'Montserrat', ui-sans-serif")
    dark = themes.Soft().page_variables(dark=True)
    assert dark["--rillet-primary"] == "#4f46e5"  # button_primary_background_fill_dark
    assert dark["--rillet-page-bg"] == colors.gray.c950
    assert dark["--rillet-text"] == colors.gray.c100
    # every page variable the theme sets is one style.css has
    assert set(PAGE_VARIABLES) <= set(soft)


def test_a_gradient_fill_keeps_the_plain_accent_for_rillet_primary() -> None:
    ocean = themes.Ocean().page_variables(dark=False)
    assert ocean["--rillet-primary"] == colors.emerald.c500  # color_accent
    assert ocean["--button-primary-background-fill"].startswith("linear-gradient(120deg")


def test_a_reference_in_dark_mode_takes_the_other_variables_dark_value() -> None:
    theme = themes.Base().set(body_background_fill="*block_background_fill")
    assert theme.page_variables(dark=False)["--rillet-page-bg"] == "white"
    # Base has its own body_background_fill_dark, which a light value does not change
    assert theme.page_variables(dark=True)["--rillet-page-bg"] == colors.zinc.c950
    theme.set(body_background_fill_dark="*block_background_fill")
    assert theme.page_variables(dark=True)["--rillet-page-bg"] == colors.zinc.c800


def test_set_changes_what_is_drawn_and_returns_the_theme() -> None:
    theme = themes.Default()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = theme.set(
            button_primary_background_fill="*secondary_500",
            button_primary_background_fill_dark="#123456",
            body_background_fill=None,  # None: not set, as in Gradio
        )
    assert same is theme
    assert theme.page_variables(dark=False)["--rillet-primary"] == colors.blue.c500
    assert theme.page_variables(dark=True)["--rillet-primary"] == "#123456"
    assert theme.button_primary_background_fill == "*secondary_500"


def test_set_warns_once_naming_the_variables_rillet_does_not_draw() -> None:
    with pytest.warns(UserWarning) as caught:
        themes.Soft().set(
            block_info_text_weight="600", slider_color="*primary_300", chatbot_text_size="2px"
        )
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "block_info_text_weight" in message and "chatbot_text_size" in message
    assert "slider_color" not in message


def test_set_refuses_a_name_gradio_does_not_have() -> None:
    with pytest.raises(TypeError, match="not_a_variable"):
        themes.Base().set(not_a_variable="red")
    assert "button_primary_background_fill_dark" in known_variables()
    assert known_variables() >= DRAWN


def test_google_fonts_are_only_named_in_the_stack() -> None:
    theme = themes.Base(font=[fonts.GoogleFont("Inter"), "Arial", "sans-serif"])
    assert theme.font == "'Inter', 'Arial', sans-serif"
    assert "googleapis" not in theme.page_css()
    assert themes.GoogleFont("Inter").weights == (400, 600)


def test_theme_names_as_gradio_finds_them() -> None:
    assert isinstance(theme_named("soft"), themes.Soft)
    assert isinstance(theme_named("Monochrome"), themes.Monochrome)
    assert theme_named(None) is None
    mine = themes.Ocean()
    assert theme_named(mine) is mine
    with pytest.warns(UserWarning, match="gradio/seafoam"):
        fallback = theme_named("gradio/seafoam")
    assert type(fallback) is themes.Default
    with pytest.raises(TypeError):
        theme_named(3)  # type: ignore[arg-type]


def test_a_subclass_as_in_gradios_theming_guide() -> None:
    class Seafoam(Base):
        def __init__(self) -> None:
            super().__init__(primary_hue=colors.emerald, font=(fonts.GoogleFont("Quicksand"),))
            gradient = "linear-gradient(90deg, *primary_300, *secondary_400)"
            super().set(button_primary_background_fill=gradient)

    variables = Seafoam().page_variables(dark=False)
    assert variables["--button-primary-background-fill"] == (
        f"linear-gradient(90deg, {colors.emerald.c300}, {colors.blue.c400})"
    )
    assert variables["--rillet-font"] == "'Quicksand'"


def test_page_css_has_light_and_both_dark_selectors() -> None:
    css = themes.Monochrome().page_css()
    assert css.startswith(":root {")
    assert '@media (prefers-color-scheme: dark) {\n:root:not([data-theme="light"])' in css
    assert ':root[data-theme="dark"] {' in css
    assert ".rillet-btn-primary { background: var(--button-primary-background-fill)" in css
