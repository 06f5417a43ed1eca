"""css=, js=, head= in real Chromium under the page's CSP: the app's js= function runs, its
inline head script runs, custom CSS reaches elem_id and elem_classes, and nothing breaks
the policy (a violation or console error fails the test)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

import rillet as gr
from rillet.testing import serve

from .conftest import checked_page, open_app

WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
    (window.__csp = window.__csp || []).push(`${e.effectiveDirective} ${e.blockedURI}`);
});"""
#: A js= function that also uses what Gradio's pages have (.gradio-container).
JS = """() => {
    document.body.dataset.custom = 'ran';
    document.querySelector('.gradio-container').dataset.seen = '1';
}"""
#: js= as statements (a declaration, then its call), as in Gradio's blocks_js_load demo.
STATEMENTS = "function mark() { document.body.dataset.statements = 'ran'; }\nmark();"
HEAD = (
    "<meta name='app-meta' content='present'>"
    "<script>window.fromHead = document.querySelector(\"meta[name='app-meta']\").content;</script>"
    "<style>#box { outline: 4px solid rgb(0, 128, 0); }</style>"
)
CSS = ".loud textarea, .loud input { letter-spacing: 3px; } #box { border-top-width: 5px; }"


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        gr.Textbox(elem_id="box", elem_classes=["loud"], label="styled")
        gr.Textbox(elem_id="plain", label="plain")
    return demo


@pytest.fixture(scope="module")
def options_app():
    with serve(make_app(), css=CSS, js=JS, head=HEAD) as url:
        yield url


def test_js_runs_head_is_added_and_css_applies(browser: Browser, options_app: str) -> None:
    with checked_page(browser) as page:
        page.add_init_script(WATCH_CSP)
        open_app(page, options_app)
        page.wait_for_function("document.body.dataset.custom === 'ran'")
        assert page.evaluate("document.querySelector('.gradio-container').dataset.seen") == "1"
        assert page.evaluate("window.fromHead") == "present"
        box = page.locator("#box")
        assert box.evaluate("el => getComputedStyle(el).outlineColor") == "rgb(0, 128, 0)"
        assert box.evaluate("el => getComputedStyle(el).borderTopWidth") == "5px"
        spacing = "el => getComputedStyle(el.querySelector('textarea, input')).letterSpacing"
        assert box.evaluate(spacing) == "3px"
        assert page.locator("#plain").evaluate(spacing) == "normal"
        assert page.evaluate("window.__csp || []") == []


def test_js_statements_run_as_they_are(browser: Browser) -> None:
    with serve(make_app(), js=STATEMENTS) as url, checked_page(browser) as page:
        page.add_init_script(WATCH_CSP)
        open_app(page, url)
        page.wait_for_function("document.body.dataset.statements === 'ran'")
        assert page.evaluate("window.__csp || []") == []


def test_a_script_not_given_by_the_app_is_still_refused(browser: Browser) -> None:
    """The hashes allow the app's scripts only: another inline script stays blocked."""
    with serve(make_app(), js=JS) as url:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.add_init_script(WATCH_CSP)
            open_app(page, url)
            page.evaluate(
                """() => { const s = document.createElement('script');
                s.textContent = 'window.injected = 1'; document.body.append(s); }"""
            )
            page.wait_for_function("(window.__csp || []).length > 0")
            assert page.evaluate("window.injected") is None
            assert page.evaluate("window.__csp")[0].startswith("script-src")
        finally:
            context.close()
