"""gr.Code without a server: Gradio 6.31's signature, languages, props, conversions and
warnings; the vendored highlighter is pinned, served by name and shipped in the wheel."""

from __future__ import annotations

import fnmatch
import inspect
import json
import re
import warnings
from pathlib import Path

import pytest

import rillet as gr
from rillet.server.app import VENDOR, VENDOR_FILES

ROOT = Path(__file__).resolve().parents[2]
#: Gradio 6.31's ``gr.Code.__init__`` after ``self``: (name, keyword-only, default).
GRADIO_SIGNATURE = [
    ("value", False, None),
    ("language", False, None),
    ("every", True, None),
    ("inputs", True, None),
    ("lines", True, 5),
    ("max_lines", True, None),
    ("label", True, None),
    ("interactive", True, None),
    ("show_label", True, None),
    ("container", True, True),
    ("scale", True, None),
    ("min_width", True, 160),
    ("visible", True, True),
    ("elem_id", True, None),
    ("elem_classes", True, None),
    ("render", True, True),
    ("key", True, None),
    ("preserved_by_key", True, "value"),
    ("wrap_lines", True, False),
    ("show_line_numbers", True, True),
    ("autocomplete", True, False),
    ("buttons", True, None),
]
#: ``gr.Code.languages`` in Gradio 6.31.
GRADIO_LANGUAGES = [
    "python", "c", "cpp", "markdown", "latex", "json", "html", "css", "javascript", "jinja2",
    "typescript", "yaml", "dockerfile", "shell", "r", "sql", "sql-msSQL", "sql-mySQL",
    "sql-mariaDB", "sql-sqlite", "sql-cassandra", "sql-plSQL", "sql-hive", "sql-pgSQL",
    "sql-gql", "sql-gpSQL", "sql-sparkSQL", "sql-esper", None,
]  # fmt: skip


def test_signature_is_gradios():
    params = list(inspect.signature(gr.Code.__init__).parameters.values())[1:]
    got = [(p.name, p.kind is inspect.Parameter.KEYWORD_ONLY, p.default) for p in params]
    assert got == GRADIO_SIGNATURE


def test_languages_are_gradios_and_others_are_refused():
    assert gr.Code.languages == GRADIO_LANGUAGES
    for language in GRADIO_LANGUAGES:
        assert gr.Code(language=language).language == language
    with pytest.raises(ValueError, match="Language rust not supported"):
        gr.Code(language="rust")


def test_config_props_match_gradios():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the defaults warn about nothing
        code = gr.Code("print(1)\n", language="python")
    config = code.get_config()
    assert code.get_block_name() == "code"
    assert {k: config[k] for k in GRADIO_DEFAULT_PROPS} == GRADIO_DEFAULT_PROPS
    assert gr.Code.EVENTS == ("change", "input", "focus", "blur")


#: Props of ``gr.Code("print(1)\n", language="python").get_config()`` in Gradio 6.31.
GRADIO_DEFAULT_PROPS = {
    "value": "print(1)",
    "language": "python",
    "lines": 5,
    "max_lines": None,
    "label": None,
    "interactive": None,
    "container": True,
    "scale": None,
    "min_width": 160,
    "visible": True,
    "elem_id": None,
    "elem_classes": [],
    "wrap_lines": False,
    "show_line_numbers": True,
    "autocomplete": False,
    "buttons": ["copy", "download"],
}


def test_layout_props():
    code = gr.Code(lines=8, max_lines=3, wrap_lines=True, show_line_numbers=False)
    config = code.get_config()
    assert (config["lines"], config["max_lines"]) == (8, 8)  # max_lines is at least lines
    assert (config["wrap_lines"], config["show_line_numbers"]) == (True, False)
    assert gr.Code(buttons=["copy"]).get_config()["buttons"] == ["copy"]
    assert gr.Code(buttons=[]).get_config()["buttons"] == []


def test_conversions_are_gradios():
    code = gr.Code()
    assert code.preprocess("  x = 1\n") == "  x = 1\n"  # the input as typed
    assert code.preprocess(None) is None
    assert code.postprocess("\n  def f():\n    pass\n\n") == "def f():\n    pass"
    assert code.postprocess(None) is None
    with pytest.raises(ValueError, match="read a file's text"):
        code.postprocess(("file.py",))
    assert code.api_info() == {"type": "string"}
    assert code.example_payload() == code.example_value() == "print('Hello World')"


@pytest.mark.parametrize(
    "arguments, named",
    [
        ({"autocomplete": True}, "`autocomplete`"),
        ({"every": 2.0}, "`every`"),
        ({"inputs": []}, "`inputs`"),
        ({"preserved_by_key": ["label"]}, "`preserved_by_key`"),
        ({"buttons": ["copy", "share"]}, "`buttons` 'share'"),
    ],
)
def test_an_argument_not_honoured_warns_naming_itself(arguments, named):
    with pytest.warns(UserWarning, match=f"gr.Code: {re.escape(named)}"):
        gr.Code(**arguments)


def test_honoured_buttons_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.Code(buttons=["copy", "download"])


# --- the vendored highlighter ---------------------------------------------------------


def grammars_in_code_js() -> list[str]:
    source = (ROOT / "rillet/components/code.js").read_text()
    listed = re.search(r"GRAMMARS = Object\.freeze\(\[(.*?)\]\)", source, re.S)
    assert listed, "GRAMMARS not found in code.js"
    return re.findall(r'"([\w-]+)"', listed.group(1))


def test_the_page_loads_only_grammars_the_server_serves():
    served = {
        name.removeprefix("hljs-").removesuffix(".mjs")
        for name in VENDOR_FILES
        if name.startswith("hljs-")
    }
    assert set(grammars_in_code_js()) == served
    assert "highlight.mjs" in VENDOR_FILES


def test_every_vendor_file_exists_and_is_in_the_package_data():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["rillet"]
    for relative in VENDOR_FILES.values():
        path = VENDOR / relative
        assert path.is_file(), path
        in_package = f"vendor/node_modules/{relative}"
        assert any(fnmatch.fnmatch(in_package, p) for p in patterns), in_package
        if path.suffix in (".js", ".mjs"):
            assert "export" in path.read_text() or "vega" in relative  # an ES module


def test_highlight_js_is_pinned():
    vendor = ROOT / "rillet/vendor"
    pinned = json.loads((vendor / "package.json").read_text())["dependencies"]
    locked = json.loads((vendor / "package-lock.json").read_text())["packages"]
    version = pinned["@highlightjs/cdn-assets"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)  # exact, not a range
    assert locked["node_modules/@highlightjs/cdn-assets"]["version"] == version
    installed = json.loads((VENDOR / "@highlightjs/cdn-assets/package.json").read_text())
    assert installed["version"] == version
