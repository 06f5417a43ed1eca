"""gr.Markdown and gr.Code in Chromium: the one Markdown renderer (markdown-it) draws tables
and images, shows HTML as text and refuses unsafe links; a streamed Markdown output renders
its settled blocks once; a streamed Code output grows."""

from __future__ import annotations

import threading

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQ"
    "GAhKmMIQAAAABJRU5ErkJggg=="
)
DOC = f"""| name | n |
| --- | --- |
| one | 1 |

![dot]({PIXEL})

<b onclick="window.__ran = 1">raw</b> and [bad](javascript:window.__ran=1)
"""
GATE = threading.Event()


def write():
    yield "# Title\n\nfirst paragraph\n\n"
    GATE.wait(15)
    yield "# Title\n\nfirst paragraph\n\n- a\n- b\n\nDone"


def code():
    text = ""
    for line in ["def f():", "    return 1", "print(f())"]:
        text += line + "\n"
        yield text


@pytest.fixture(scope="module")
def md_app():
    with gr.Blocks() as demo:
        gr.Markdown(DOC, elem_id="doc")
        out = gr.Markdown(elem_id="out")
        gr.Button("Write", elem_id="write").click(write, None, out)
        source = gr.Code(language="python", elem_id="code")
        gr.Button("Code", elem_id="go-code").click(code, None, source)
    with serve(demo) as url:
        yield url
    GATE.set()


def test_tables_and_images_render_and_html_stays_text(page, md_app):
    open_app(page, md_app)
    doc = page.locator("#doc")
    assert doc.locator("table td").all_inner_texts() == ["one", "1"]
    page.wait_for_function(
        "[...document.querySelectorAll('#doc img')].some((i) => i.complete && i.naturalWidth === 1)"
    )
    assert "<b onclick=" in doc.inner_text()
    assert doc.locator("b, a[href^='javascript']").count() == 0
    assert page.evaluate("typeof window.__ran") == "undefined"


def test_a_streamed_markdown_renders_settled_blocks_once(page, md_app):
    open_app(page, md_app)
    page.click("#write")
    page.wait_for_function("document.querySelector('#out .rillet-md-settled h1') !== null")
    page.evaluate("document.querySelector('#out h1').dataset.mark = 'first'")
    GATE.set()
    page.wait_for_function("document.querySelector('#out').innerText.includes('Done')")
    out = page.locator("#out")
    assert out.locator("h1").get_attribute("data-mark") == "first"  # not rendered again
    assert out.locator(".rillet-md-settled li").all_inner_texts() == ["a", "b"]
    assert out.locator(".rillet-md-tail").inner_text().strip() == "Done"


def test_a_streamed_code_output_grows(page, md_app):
    open_app(page, md_app)
    page.click("#go-code")
    page.wait_for_function(
        "document.querySelector('#code code').textContent"
        " === 'def f():\\n    return 1\\nprint(f())'"
    )
    assert page.locator("#code code").get_attribute("class") == "language-python"
