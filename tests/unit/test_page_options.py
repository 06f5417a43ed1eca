"""launch(theme=, css=, css_paths=, js=, head=, head_paths=): resolved, in /config, and the
app's scripts allowed by hash in the page's Content-Security-Policy (and nothing more)."""

from __future__ import annotations

import base64
import hashlib
import inspect
from pathlib import Path

import pytest

import rillet as gr
import rillet.themes as themes
from rillet.core.settings import Settings
from rillet.server.config import page_options
from rillet.server.guard import GuardPolicy, app_script_hashes
from rillet.themes.page import (
    PAGE_ARGUMENTS,
    PageStyle,
    build_page_style,
    is_function_expression,
    page_style_of,
    record_page_style,
)


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_launch_takes_gradios_page_arguments() -> None:
    params = inspect.signature(gr.Blocks.launch).parameters
    assert all(name in params for name in PAGE_ARGUMENTS)
    assert all(params[name].default is None for name in PAGE_ARGUMENTS)


@pytest.mark.parametrize(
    "code",
    [
        "() => { document.title = 'x' }",
        "async () => { await 1; }",
        "function shout() { return '}'; }",
        "(x) => x + 1",
        "  function () {\n  // a } in a comment\n  return 1;\n};  ",
    ],
)
def test_a_function_expression_is_called(code: str) -> None:
    assert is_function_expression(code.strip())
    script = PageStyle(js=code).js_script()
    assert script is not None and script.endswith(")();")


@pytest.mark.parametrize(
    "code",
    [
        "function make() { return 1 }\nmake();",
        "document.title = 'x';",
        "console.log('() => {}')",
    ],
)
def test_other_code_runs_as_it_is(code: str) -> None:
    assert not is_function_expression(code)
    assert PageStyle(js=code).js_script() == code


def test_files_follow_the_text_and_names_become_themes(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("#a { color: red }")
    (tmp_path / "b.css").write_text("#b { color: blue }")
    (tmp_path / "h.html").write_text("<meta name='from-file'>")
    style = build_page_style(
        theme="ocean",
        css=".first {}",
        css_paths=[tmp_path / "a.css", str(tmp_path / "b.css")],
        head="<meta name='given'>",
        head_paths=tmp_path / "h.html",
    )
    assert style.css == ".first {}\n#a { color: red }\n#b { color: blue }"
    assert style.head == "<meta name='given'>\n<meta name='from-file'>"
    assert isinstance(style.theme, themes.Ocean)
    assert build_page_style(css_paths=tmp_path / "a.css").css == "#a { color: red }"


def test_js_true_warns_and_runs_nothing() -> None:
    with pytest.warns(UserWarning, match="js="):
        style = build_page_style(js=True)
    assert style.js is None and style.js_script() is None


def test_head_scripts_from_other_sites_warn() -> None:
    with pytest.warns(UserWarning, match="https://cdn.example.com/x.js"):
        build_page_style(head='<script src="https://cdn.example.com/x.js"></script>')


def test_config_carries_gradios_keys_and_the_theme_stylesheet() -> None:
    settings = Settings()
    assert page_options(settings)["theme"] == "default"
    assert page_options(settings)["theme_css"] is None
    record_page_style(settings, build_page_style(theme=themes.Soft(), css="p {}", js="() => 1"))
    options = page_options(settings)
    assert options["theme"] == "soft"
    assert options["theme_css"] == themes.Soft().page_css()
    assert (options["css"], options["js"], options["page_js"]) == (
        "p {}",
        "() => 1",
        "(() => 1)();",
    )
    assert page_style_of(settings).css == "p {}"


def test_the_csp_allows_exactly_the_apps_scripts() -> None:
    settings = Settings()
    bare = GuardPolicy.from_settings(settings).page_policy
    record_page_style(
        settings,
        build_page_style(
            js="() => { window.x = 1 }",
            head="<SCRIPT>window.y = 2</SCRIPT><script src='/local.js'></script><style>p{}</style>",
        ),
    )
    assert app_script_hashes(settings) == (sha("(() => { window.x = 1 })();"), sha("window.y = 2"))
    policy = GuardPolicy.from_settings(settings, ["'sha256-page'"]).page_policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == (
        f"script-src 'self' 'sha256-page' {sha('(() => { window.x = 1 })();')} "
        f"{sha('window.y = 2')}"
    )
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert policy.replace(script_src, "") == bare.replace("script-src 'self'", "")


def test_blocks_arguments_warn_as_gradio_6_does_and_are_used() -> None:
    with pytest.warns(UserWarning, match=r"Blocks\(theme=, css=\).*launch\(\)"):
        demo = gr.Blocks(theme="soft", css="p { color: red }")
    demo._set_page_style(dict.fromkeys(PAGE_ARGUMENTS))
    assert isinstance(demo.theme, themes.Soft)
    assert demo.css == "p { color: red }"
    # launch()'s own value wins
    demo._set_page_style({**dict.fromkeys(PAGE_ARGUMENTS), "css": "q {}"})
    assert demo.css == "q {}"
