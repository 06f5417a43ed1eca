"""``gr.themes.Base``: a theme, and how it becomes the page's CSS variables.

A theme is Gradio's: three hues (``primary_hue``, ``secondary_hue``, ``neutral_hue``), three
size scales (``text_size``, ``spacing_size``, ``radius_size``), two font stacks and named
variables (``button_primary_background_fill``, ``body_background_fill_dark``...) that
``.set()`` changes. A value may refer to a shade (``"*primary_500"``), a size step
(``"*radius_lg"``) or another variable (``"*background_fill_primary"``); in dark mode a
reference takes the other variable's dark value.

rillet's page draws with its own variables (``--rillet-primary``, ``--rillet-bg``... in
rillet/frontend/style.css). :meth:`Base.page_css` writes a stylesheet that sets them from
the theme's variables, light and dark, and styles buttons, inputs, checkboxes and sliders
with the variables that have no ``--rillet-*`` equivalent (gradients, text colours). The
variables drawn are :data:`DRAWN`; ``.set()`` warns, naming them, about the others.
See docs/theming.md.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

from rillet.themes.utils import colors, fonts, sizes
from rillet.themes.utils.colors import Color
from rillet.themes.utils.fonts import Font
from rillet.themes.utils.sizes import Size

FontStack = Font | str | Iterable[Font | str]

#: Every variable Gradio 6.31's ``Theme.set()`` takes (each also as ``<name>_dark`` except
#: those in :data:`NO_DARK`).
VARIABLES = [
    "body_background_fill",
    "body_text_color",
    "body_text_size",
    "body_text_color_subdued",
    "body_text_weight",
    "embed_radius",
    "background_fill_primary",
    "background_fill_secondary",
    "border_color_accent",
    "border_color_accent_subdued",
    "border_color_primary",
    "color_accent",
    "color_accent_soft",
    "link_text_color",
    "link_text_color_active",
    "link_text_color_hover",
    "link_text_color_visited",
    "prose_text_size",
    "prose_text_weight",
    "prose_header_text_weight",
    "code_background_fill",
    "shadow_drop",
    "shadow_drop_lg",
    "shadow_inset",
    "shadow_spread",
    "block_background_fill",
    "block_border_color",
    "block_border_width",
    "block_info_text_color",
    "block_info_text_size",
    "block_info_text_weight",
    "block_label_background_fill",
    "block_label_border_color",
    "block_label_border_width",
    "block_label_shadow",
    "block_label_text_color",
    "block_label_margin",
    "block_label_padding",
    "block_label_radius",
    "block_label_right_radius",
    "block_label_text_size",
    "block_label_text_weight",
    "block_padding",
    "block_radius",
    "block_shadow",
    "block_title_background_fill",
    "block_title_border_color",
    "block_title_border_width",
    "block_title_text_color",
    "block_title_padding",
    "block_title_radius",
    "block_title_text_size",
    "block_title_text_weight",
    "container_radius",
    "form_gap_width",
    "layout_gap",
    "panel_background_fill",
    "panel_border_color",
    "panel_border_width",
    "section_header_text_size",
    "section_header_text_weight",
    "accordion_text_color",
    "table_text_color",
    "checkbox_background_color",
    "chatbot_text_size",
    "checkbox_background_color_focus",
    "checkbox_background_color_hover",
    "checkbox_background_color_selected",
    "checkbox_border_color",
    "checkbox_border_color_focus",
    "checkbox_border_color_hover",
    "checkbox_border_color_selected",
    "checkbox_border_radius",
    "checkbox_border_width",
    "checkbox_check",
    "radio_circle",
    "checkbox_shadow",
    "checkbox_label_background_fill",
    "checkbox_label_background_fill_hover",
    "checkbox_label_background_fill_selected",
    "checkbox_label_border_color",
    "checkbox_label_border_color_hover",
    "checkbox_label_border_color_selected",
    "checkbox_label_border_width",
    "checkbox_label_gap",
    "checkbox_label_padding",
    "checkbox_label_shadow",
    "checkbox_label_shadow_hover",
    "checkbox_label_shadow_active",
    "checkbox_label_text_size",
    "checkbox_label_text_weight",
    "checkbox_label_text_color",
    "checkbox_label_text_color_selected",
    "error_background_fill",
    "error_border_color",
    "error_border_width",
    "error_text_color",
    "error_icon_color",
    "input_background_fill",
    "input_background_fill_focus",
    "input_background_fill_hover",
    "input_border_color",
    "input_border_color_focus",
    "input_border_color_hover",
    "input_border_width",
    "input_padding",
    "input_placeholder_color",
    "input_radius",
    "input_shadow",
    "input_shadow_focus",
    "input_text_size",
    "input_text_weight",
    "loader_color",
    "slider_color",
    "stat_background_fill",
    "table_border_color",
    "table_even_background_fill",
    "table_odd_background_fill",
    "table_radius",
    "table_row_focus",
    "button_border_width",
    "button_transform_hover",
    "button_transform_active",
    "button_transition",
    "button_large_padding",
    "button_large_radius",
    "button_large_text_size",
    "button_large_text_weight",
    "button_small_padding",
    "button_small_radius",
    "button_small_text_size",
    "button_small_text_weight",
    "button_medium_padding",
    "button_medium_radius",
    "button_medium_text_size",
    "button_medium_text_weight",
    "button_primary_background_fill",
    "button_primary_background_fill_hover",
    "button_primary_border_color",
    "button_primary_border_color_hover",
    "button_primary_text_color",
    "button_primary_text_color_hover",
    "button_primary_shadow",
    "button_primary_shadow_hover",
    "button_primary_shadow_active",
    "button_secondary_background_fill",
    "button_secondary_background_fill_hover",
    "button_secondary_border_color",
    "button_secondary_border_color_hover",
    "button_secondary_text_color",
    "button_secondary_text_color_hover",
    "button_secondary_shadow",
    "button_secondary_shadow_hover",
    "button_secondary_shadow_active",
    "button_cancel_background_fill",
    "button_cancel_background_fill_hover",
    "button_cancel_border_color",
    "button_cancel_border_color_hover",
    "button_cancel_text_color",
    "button_cancel_text_color_hover",
    "button_cancel_shadow",
    "button_cancel_shadow_hover",
    "button_cancel_shadow_active",
]
NO_DARK = [
    "body_text_size",
    "body_text_weight",
    "embed_radius",
    "color_accent",
    "prose_text_size",
    "prose_text_weight",
    "prose_header_text_weight",
    "shadow_drop",
    "shadow_drop_lg",
    "shadow_inset",
    "block_info_text_size",
    "block_info_text_weight",
    "block_label_shadow",
    "block_label_margin",
    "block_label_padding",
    "block_label_radius",
    "block_label_right_radius",
    "block_label_text_size",
    "block_label_text_weight",
    "block_padding",
    "block_radius",
    "block_title_padding",
    "block_title_radius",
    "block_title_text_size",
    "block_title_text_weight",
    "container_radius",
    "form_gap_width",
    "layout_gap",
    "section_header_text_size",
    "section_header_text_weight",
    "chatbot_text_size",
    "checkbox_border_radius",
    "checkbox_check",
    "radio_circle",
    "checkbox_shadow",
    "checkbox_label_gap",
    "checkbox_label_padding",
    "checkbox_label_text_size",
    "checkbox_label_text_weight",
    "input_padding",
    "input_radius",
    "input_text_size",
    "input_text_weight",
    "table_radius",
    "button_transform_hover",
    "button_transform_active",
    "button_transition",
    "button_large_padding",
    "button_large_radius",
    "button_large_text_size",
    "button_large_text_weight",
    "button_small_padding",
    "button_small_radius",
    "button_small_text_size",
    "button_small_text_weight",
    "button_medium_padding",
    "button_medium_radius",
    "button_medium_text_size",
    "button_medium_text_weight",
]

#: Base's values of the variables rillet draws: (light, dark); a None dark value means
#: the light one is used in dark mode too.
BASE_VALUES: dict[str, tuple[str, str | None]] = {
    "body_background_fill": ("*background_fill_primary", "*background_fill_primary"),
    "body_text_color": ("*neutral_800", "*neutral_100"),
    "body_text_color_subdued": ("*neutral_400", "*neutral_400"),
    "body_text_size": ("*text_md", None),
    "background_fill_primary": ("white", "*neutral_950"),
    "background_fill_secondary": ("*neutral_50", "*neutral_900"),
    "border_color_primary": ("*neutral_200", "*neutral_700"),
    "border_color_accent": ("*primary_300", "*neutral_600"),
    "border_color_accent_subdued": ("*border_color_accent", "*border_color_accent"),
    "color_accent": ("*primary_500", None),
    "color_accent_soft": ("*primary_50", "*neutral_700"),
    "link_text_color": ("*secondary_600", "*secondary_500"),
    "code_background_fill": ("*neutral_100", "*neutral_800"),
    "shadow_drop": ("rgba(0,0,0,0.05) 0px 1px 2px 0px", None),
    "shadow_drop_lg": ("0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)", None),
    "block_background_fill": ("*background_fill_primary", "*neutral_800"),
    "block_border_color": ("*border_color_primary", "*border_color_primary"),
    "block_radius": ("*radius_sm", None),
    "block_shadow": ("none", None),
    "layout_gap": ("*spacing_xxl", None),
    "block_title_text_color": ("*neutral_500", "*neutral_200"),
    "block_title_background_fill": ("none", None),
    "block_title_padding": ("0", None),
    "block_title_radius": ("none", None),
    "block_title_text_weight": ("400", None),
    "block_label_text_color": ("*neutral_500", "*neutral_200"),
    "block_label_background_fill": ("*background_fill_primary", "*background_fill_secondary"),
    "block_label_padding": ("*spacing_sm *spacing_lg", None),
    "block_label_radius": ("calc(*radius_sm - 1px) 0 calc(*radius_sm - 1px) 0", None),
    "input_background_fill": ("*neutral_100", "*neutral_700"),
    "input_border_color": ("*border_color_primary", "*border_color_primary"),
    "input_border_color_focus": ("*secondary_300", "*neutral_700"),
    "input_radius": ("*radius_sm", None),
    "checkbox_background_color_selected": ("*color_accent", "*color_accent"),
    "slider_color": ("*color_accent", None),
    "error_text_color": ("#b91c1c", "#fef2f2"),
    "error_background_fill": ("#fef2f2", "*background_fill_primary"),
    "error_border_color": ("#b91c1c", "#ef4444"),
    "button_large_radius": ("*radius_md", None),
    "button_primary_background_fill": ("*primary_500", "*primary_600"),
    "button_primary_background_fill_hover": ("*primary_600", "*primary_700"),
    "button_primary_text_color": ("white", "white"),
    "button_primary_border_color": ("*primary_500", "*primary_600"),
    "button_secondary_background_fill": ("*neutral_200", "*neutral_600"),
    "button_secondary_background_fill_hover": ("*neutral_300", "*neutral_700"),
    "button_secondary_text_color": ("black", "white"),
    "button_secondary_border_color": ("*neutral_200", "*neutral_600"),
    "button_cancel_background_fill": (
        "*button_secondary_background_fill",
        "*button_secondary_background_fill",
    ),
    "button_cancel_background_fill_hover": (
        "*button_secondary_background_fill_hover",
        "*button_secondary_background_fill_hover",
    ),
    "button_cancel_text_color": ("*button_secondary_text_color", "*button_secondary_text_color"),
    "button_cancel_border_color": (
        "*button_secondary_border_color",
        "*button_secondary_border_color",
    ),
}

#: rillet's page variables and where they come from: the first variable of the list whose
#: value is a plain colour (not a gradient), or a value (shade references allowed).
PAGE_VARIABLES: dict[str, tuple[str, ...]] = {
    "--rillet-primary": ("button_primary_background_fill", "color_accent"),
    "--rillet-primary-hover": ("button_primary_background_fill_hover", "color_accent"),
    "--rillet-on-primary": ("button_primary_text_color",),
    "--rillet-primary-soft": ("color_accent_soft",),
    "--rillet-primary-soft-border": ("border_color_accent_subdued",),
    "--rillet-stop": ("button_cancel_background_fill", "error_border_color"),
    "--rillet-stop-hover": ("button_cancel_background_fill_hover", "error_border_color"),
    "--rillet-secondary": ("button_secondary_background_fill", "background_fill_secondary"),
    "--rillet-secondary-hover": (
        "button_secondary_background_fill_hover",
        "background_fill_secondary",
    ),
    "--rillet-text": ("body_text_color",),
    "--rillet-muted": ("body_text_color_subdued",),
    "--rillet-border": ("block_border_color",),
    "--rillet-input-border": ("input_border_color",),
    "--rillet-page-bg": ("body_background_fill", "background_fill_primary"),
    "--rillet-bg": ("block_background_fill", "background_fill_primary"),
    "--rillet-subtle": ("background_fill_secondary", "background_fill_primary"),
    "--rillet-code-bg": ("code_background_fill",),
    "--rillet-link": ("link_text_color",),
    "--rillet-error": ("error_text_color",),
    "--rillet-error-bg": ("error_background_fill",),
    "--rillet-error-border": ("error_border_color",),
    "--rillet-shadow": ("block_shadow",),
    "--rillet-radius": ("block_radius",),
    "--rillet-gap": ("layout_gap",),
}

#: Rules for what the ``--rillet-*`` variables cannot say: gradients, button text colours,
#: input fills, labels, radii of buttons and inputs. They follow style.css, so they win
#: over it.
RULES = """\
body { font-size: var(--body-text-size); }
.rillet-btn { border-radius: var(--button-large-radius); }
.rillet-btn-primary { background: var(--button-primary-background-fill);
  border-color: var(--button-primary-border-color); color: var(--button-primary-text-color); }
.rillet-btn-primary:hover { background: var(--button-primary-background-fill-hover);
  border-color: var(--button-primary-border-color); }
.rillet-btn-secondary { background: var(--button-secondary-background-fill);
  border-color: var(--button-secondary-border-color); color: var(--button-secondary-text-color); }
.rillet-btn-secondary:hover { background: var(--button-secondary-background-fill-hover); }
.rillet-btn-stop { background: var(--button-cancel-background-fill);
  border-color: var(--button-cancel-border-color); color: var(--button-cancel-text-color); }
.rillet-btn-stop:hover { background: var(--button-cancel-background-fill-hover);
  border-color: var(--button-cancel-border-color); }
.rillet-input, .rillet-input[readonly], .rillet-textbox-output {
  background: var(--input-background-fill); border-radius: var(--input-radius); }
.rillet-label:not(.rillet-checkbox-label) { color: var(--block-title-text-color);
  background: var(--block-title-background-fill); padding: var(--block-title-padding);
  border-radius: var(--block-title-radius); font-weight: var(--block-title-text-weight);
  width: fit-content; }
.rillet-input:focus { border-color: var(--input-border-color-focus); }
.rillet-checkbox input, .rillet-chip input {
  accent-color: var(--checkbox-background-color-selected); }
.rillet-range { accent-color: var(--slider-color); }
"""

#: The variables rillet draws (``.set()`` of any other warns); their ``_dark`` forms too.
DRAWN = frozenset(BASE_VALUES)
SHADE = re.compile(r"(primary|secondary|neutral)_(50|100|200|300|400|500|600|700|800|900|950)")
STEP = re.compile(r"(radius|spacing|text)_(xxs|xs|sm|md|lg|xl|xxl)")
REFERENCE = re.compile(r"\*([a-z][a-z0-9_]*)")
#: How deep references may chain (a cycle stops here, leaving the reference unresolved).
MAX_DEPTH = 12


def base_name(variable: str) -> str:
    """``button_primary_background_fill_dark`` -> ``button_primary_background_fill``."""
    return variable[:-5] if variable.endswith("_dark") else variable


def known_variables() -> frozenset[str]:
    """Every name ``.set()`` takes: each variable and the dark forms Gradio has."""
    no_dark = set(NO_DARK)
    return frozenset(VARIABLES) | {f"{v}_dark" for v in VARIABLES if v not in no_dark}


#: Base's font stacks (defaults of its ``font`` and ``font_mono``).
BASE_FONT = (fonts.LocalFont("IBM Plex Sans"), "ui-sans-serif", "system-ui", "sans-serif")
BASE_FONT_MONO = (fonts.LocalFont("IBM Plex Mono"), "ui-monospace", "Consolas", "monospace")


class Base:
    """A theme (Gradio's ``gr.themes.Base``): hues, size scales and fonts given here, and
    variables changed with :meth:`set`. ``Blocks``' ``launch(theme=...)`` draws it."""

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.blue,
        secondary_hue: Color | str = colors.blue,
        neutral_hue: Color | str = colors.zinc,
        text_size: Size | str = sizes.text_md,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_md,
        font: FontStack = BASE_FONT,
        font_mono: FontStack = BASE_FONT_MONO,
    ) -> None:
        self.name = "base"
        self.primary_hue = colors.color_named(primary_hue)
        self.secondary_hue = colors.color_named(secondary_hue)
        self.neutral_hue = colors.color_named(neutral_hue)
        self.text_size = sizes.size_named(text_size, "text")
        self.spacing_size = sizes.size_named(spacing_size, "spacing")
        self.radius_size = sizes.size_named(radius_size, "radius")
        self.font = fonts.font_stack(font)
        self.font_mono = fonts.font_stack(font_mono)
        self._values: dict[str, str] = {}

    def set(self, **variables: Any) -> Base:
        """Change theme variables (Gradio's names, ``<name>_dark`` for dark mode); values
        may refer to shades, sizes and other variables (``"*primary_300"``). Returns the
        theme. Variables rillet's page has no equivalent for warn once, naming them."""
        known = known_variables()
        unknown = sorted(name for name in variables if name not in known)
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.set() got unexpected keyword arguments: "
                + ", ".join(unknown)
            )
        given = {name: value for name, value in variables.items() if value is not None}
        self._values.update({name: str(value) for name, value in given.items()})
        undrawn = sorted(name for name in given if base_name(name) not in DRAWN)
        if undrawn:
            warnings.warn(
                f"gr.themes.{type(self).__name__}.set(): {', '.join(undrawn)} "
                f"{'has' if len(undrawn) == 1 else 'have'} no equivalent in rillet's page "
                "and will not be drawn (see docs/theming.md for the variables that are)",
                UserWarning,
                stacklevel=2,
            )
        return self

    def _preset(self, **variables: str) -> None:
        """A built-in theme's own values (only variables rillet draws)."""
        self._values.update(variables)

    def __getattr__(self, name: str) -> Any:
        # theme.primary_500, theme.radius_lg, theme.button_primary_background_fill...
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._lookup(name)
        if value is None and name not in known_variables():
            raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")
        return value

    def _lookup(self, name: str) -> str | None:
        """The raw value of a variable, shade or size step (``name_dark`` for dark)."""
        shade = SHADE.fullmatch(name)
        if shade:
            hue: Color = self.__dict__[shade.group(1) + "_hue"]
            return hue.shade(shade.group(2))
        step = STEP.fullmatch(name)
        if step:
            kind = {"radius": "radius_size", "spacing": "spacing_size", "text": "text_size"}
            return str(getattr(self.__dict__[kind[step.group(1)]], step.group(2)))
        if name in ("font", "font_mono"):
            return str(self.__dict__[name])
        return self._raw(base_name(name), name.endswith("_dark"))

    def _raw(self, name: str, dark: bool) -> str | None:
        """A variable's unresolved value in light or dark mode: what ``set()`` or the
        theme gave, else Base's; a dark value not given is the light one."""
        values = self._values
        if dark:
            value = values.get(f"{name}_dark") or BASE_VALUES.get(name, ("", None))[1]
            if value:
                return value
        return values.get(name) or (BASE_VALUES[name][0] if name in BASE_VALUES else None)

    def resolve(self, value: str, dark: bool = False, depth: int = 0) -> str:
        """``value`` with its ``*references`` replaced, for light or dark mode."""

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if SHADE.fullmatch(name) or STEP.fullmatch(name) or name in ("font", "font_mono"):
                return self._lookup(name) or match.group(0)
            raw = self._raw(name, dark)
            if raw is None or depth >= MAX_DEPTH:
                return match.group(0)
            return self.resolve(raw, dark, depth + 1)

        return REFERENCE.sub(replace, value).strip().rstrip(";").strip()

    def _get_computed_value(self, name: str, dark: bool = False) -> str:
        """A variable's final CSS value (Gradio's name for it)."""
        raw = self._lookup(name) if not dark else self._raw(base_name(name), True)
        return self.resolve(raw or "", dark)

    def to_dict(self) -> dict[str, Any]:
        """The theme as data: its variables (resolved for light and dark) and fonts."""
        variables: dict[str, str] = {}
        for name in sorted(DRAWN):
            variables[name] = self._get_computed_value(name)
            variables[f"{name}_dark"] = self._get_computed_value(name, dark=True)
        variables.update({k: v for k, v in self._values.items() if k not in variables})
        return {"theme": {**variables, "font": self.font, "font_mono": self.font_mono}}

    def page_variables(self, dark: bool) -> dict[str, str]:
        """The CSS custom properties for light or dark mode: the hues' shades and the size
        steps (Gradio's names, ``--primary-500``), each drawn variable
        (``--button-primary-background-fill``) and rillet's page variables."""
        props: dict[str, str] = {}
        for kind in ("primary", "secondary", "neutral"):
            hue: Color = self.__dict__[kind + "_hue"]
            for shade in colors.SHADES:
                props[f"--{kind}-{shade}"] = hue.shade(shade)
        for kind in ("radius", "spacing", "text"):
            for step in sizes.STEPS:
                props[f"--{kind}-{step}"] = str(self._lookup(f"{kind}_{step}"))
        drawn = {name: self.resolve(self._raw(name, dark) or "", dark) for name in sorted(DRAWN)}
        props.update({"--" + name.replace("_", "-"): value for name, value in drawn.items()})
        for prop, sources in PAGE_VARIABLES.items():
            plain = [drawn[s] for s in sources if drawn[s] and "gradient(" not in drawn[s]]
            if plain:
                props[prop] = plain[0]
        props["--rillet-focus-ring"] = (
            f"color-mix(in srgb, {drawn['color_accent']} 35%, transparent)"
        )
        props["--rillet-font"] = self.font
        props["--rillet-mono"] = self.font_mono
        return props

    def page_css(self) -> str:
        """The stylesheet that draws this theme on rillet's page, light and dark (the
        same selectors as style.css, which it follows and so overrides)."""

        def block(selector: str, dark: bool) -> str:
            lines = "".join(f"  {k}: {v};\n" for k, v in self.page_variables(dark).items())
            return f"{selector} {{\n{lines}}}\n"

        dark_system = block(':root:not([data-theme="light"])', dark=True)
        return (
            block(":root", dark=False)
            + "@media (prefers-color-scheme: dark) {\n"
            + dark_system
            + "}\n"
            + block(':root[data-theme="dark"]', dark=True)
            + RULES
        )

    @classmethod
    def from_hub(cls, repo_name: str, **_: Any) -> Base:
        """A theme from the Hugging Face Hub: rillet works offline, so this warns and
        returns the Default theme."""
        warnings.warn(
            f"theme {repo_name!r}: themes from the Hugging Face Hub are not loaded in rillet "
            "(it makes no network requests); using the Default theme",
            UserWarning,
            stacklevel=2,
        )
        from rillet.themes.default import Default

        return Default()

    def __repr__(self) -> str:
        return f"gr.themes.{type(self).__name__}()"
