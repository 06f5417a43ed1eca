"""``import rillet`` loads no component module; every export is still reachable (issue #22)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import rillet
import rillet.components as c


def run(code: str) -> str:
    """``code``'s output in a fresh interpreter (so that nothing here has imported it yet)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_rillet_loads_no_component_module():
    code = "import sys, rillet; print(sorted(m for m in sys.modules if m.startswith('rillet.')))"
    assert run(code) == "['rillet.components']"


def test_a_name_loads_only_its_own_modules():
    code = (
        "import sys, rillet as gr; gr.Textbox; "
        "print('rillet.components.textbox' in sys.modules, "
        "'rillet.components.video' in sys.modules, 'rillet.chat' in sys.modules)"
    )
    assert run(code) == "True False False"


@pytest.mark.parametrize("name", rillet.__all__)
def test_every_export_is_reachable(name):
    assert getattr(rillet, name) is not None
    assert name in dir(rillet)


@pytest.mark.parametrize("name", c.__all__)
def test_every_component_export_is_reachable_and_the_same_object(name):
    assert getattr(rillet, name) is getattr(c, name)
    assert name in dir(c)


def test_aliases_are_the_classes_they_name():
    assert rillet.Json is rillet.JSON
    assert rillet.DataFrame is rillet.Dataframe
    assert rillet.Highlight is rillet.HighlightedText
    assert rillet.Theme is rillet.themes.Base


def test_star_import_gives_every_export():
    code = (
        "from rillet import *; print(Textbox.__name__, Json.__name__, Blocks.__name__, NO_RELOAD)"
    )
    assert run(code) == "Textbox JSON Blocks True"
    names = run("from rillet import *; print(sorted(k for k in dir() if not k.startswith('_')))")
    assert names == str(sorted(rillet.__all__))


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="Nope"):
        rillet.Nope  # noqa: B018
    with pytest.raises(AttributeError, match="Nope"):
        c.Nope  # noqa: B018
    assert not hasattr(rillet, "Nope")


def test_shortcut_strings_still_find_every_component():
    assert type(c.get_component("textbox")).__name__ == "Textbox"
    assert type(c.get_component("highlight")).__name__ == "HighlightedText"
