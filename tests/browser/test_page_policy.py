"""The page under its Content-Security-Policy in real Chromium: everything it needs still
loads (modules, markdown, images, styles set by app HTML), an inline script in app HTML does
not run, and the session hash comes from the browser's CSPRNG."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from playwright.sync_api import Browser

import rillet as gr
from rillet.testing import serve

from .conftest import checked_page, open_app

#: Collects the page's CSP violations in ``window.__csp`` from the very start.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
    (window.__csp = window.__csp || []).push(`${e.effectiveDirective} ${e.blockedURI}`);
});"""


def shout(text):
    return text.upper(), np.full((16, 16, 3), 200, dtype=np.uint8)


@pytest.fixture(scope="module")
def policy_app():
    with gr.Blocks() as demo:
        gr.HTML('<p id="styled" style="color: rgb(255, 0, 0)">styled by the app</p>')
        gr.Markdown("**bold** and [a link](https://example.com)", elem_id="md")
        text = gr.Textbox(elem_id="inp")
        out = gr.Textbox(elem_id="out")
        image = gr.Image(elem_id="img")
        gr.Button("Go", elem_id="go").click(shout, text, [out, image])
    with serve(demo) as url:
        yield url


def test_the_page_works_under_its_policy_with_a_random_session_hash(browser: Browser, policy_app):
    with checked_page(browser) as page:
        page.add_init_script(WATCH_CSP)
        joins: list[str] = []
        page.on(
            "request", lambda r: joins.append(r.post_data or "") if "/queue/join" in r.url else None
        )
        response = page.goto(policy_app)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("document.body.dataset.rilletReady === '1'")
        assert page.locator("#md strong").inner_text() == "bold"
        color = page.evaluate("getComputedStyle(document.getElementById('styled')).color")
        assert color == "rgb(255, 0, 0)"
        page.fill("#inp [data-testid=textbox]", "quiet")
        page.click("#go")
        page.wait_for_function(
            "document.querySelector('#out [data-testid=textbox]').value === 'QUIET'"
        )
        page.wait_for_function(
            "[...document.querySelectorAll('#img img')]"
            ".some((i) => i.complete && i.naturalWidth === 16)"
        )
        assert page.evaluate("window.__csp || []") == []
        session = json.loads(joins[0])["session_hash"]
        assert re.fullmatch(r"[0-9a-f]{32}", session), session


def test_an_inline_handler_in_app_html_does_not_run(browser: Browser):
    """App HTML that echoes user text is a classic XSS: under the policy, an event handler
    attribute is refused (and reported) instead of run."""
    with gr.Blocks() as demo:
        gr.HTML('<img id="bad" src="/no-such-image.png" onerror="window.__ran = 1">')
    with serve(demo) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.add_init_script(WATCH_CSP)
            open_app(page, url)
            page.wait_for_function("(window.__csp || []).some((v) => v.startsWith('script-src'))")
            assert page.evaluate("window.__ran") is None
        finally:
            context.close()
