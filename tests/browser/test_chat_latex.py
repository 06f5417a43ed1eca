"""LaTeX in the chat through the pinned KaTeX: typeset between Gradio's delimiters (the
stylesheet and fonts load under the page's CSP), left alone in code and when turned off,
typeset once a streamed formula closes, loaded only when a message holds a delimiter, and
unable to run script or make links."""

from __future__ import annotations

import time

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Dw"
    "HwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
KATEX_LOADED = (
    "[...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded')"
)


def chat_app(messages, **options) -> gr.Blocks:
    with gr.Blocks() as demo:
        gr.Chatbot(messages, elem_id="chat", **options)
    return demo


def test_formulas_are_typeset_with_katex_fonts_and_code_is_left_alone(page):
    text = "Euler: $$e^{i\\pi} + 1 = 0$$ and in code: `$$x$$`\n\n```\n$$y$$\n```"
    with serve(chat_app([{"role": "assistant", "content": text}])) as url:
        open_app(page, url)
        bot = page.locator("[data-testid=bot]")
        bot.locator(".katex").first.wait_for()
        assert bot.locator("[data-testid=math]").count() == 1
        assert bot.locator(".katex-display").count() == 1  # Gradio's default: display
        assert bot.locator("code").first.inner_text() == "$$x$$"
        assert bot.locator("pre code").inner_text().strip() == "$$y$$"
        assert "e^{i\\pi}" in bot.locator(".katex-mathml annotation").text_content()
        page.wait_for_function(KATEX_LOADED)
        family = page.evaluate("getComputedStyle(document.querySelector('.katex')).fontFamily")
        assert "KaTeX_Main" in family


def test_latex_cannot_run_script_or_make_links(page):
    evil = [
        "$$\\href{javascript:window.__pwned=1}{click}$$",
        "$$\\url{javascript:window.__pwned=2}$$",
        "$$\\htmlClass{x}{y} \\htmlStyle{color:red}{z} \\htmlData{a=b}{w}$$",
        '$$</span><img src=x onerror="window.__pwned=3">$$',
        f'![$$x$$ " onerror="window.__pwned=4]({PNG})',
        "$$\\text{<script>window.__pwned=5</script>}$$",
    ]
    with serve(chat_app([{"role": "user", "content": "\n\n".join(evil)}])) as url:
        open_app(page, url)
        msg = page.locator("[data-testid=user]")
        msg.locator(".katex").first.wait_for()
        assert msg.locator("a").count() == 0
        assert msg.locator("script, [onerror], [style*='color:red'], [data-a]").count() == 0
        assert msg.locator("img").count() == 1  # the Markdown image, with its formula as text
        assert msg.locator("img").get_attribute("alt").startswith("$$x$$")
        for el in msg.locator(".katex").all():
            el.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"


def test_no_delimiter_no_katex_and_an_empty_list_turns_it_off(page):
    demo = chat_app([{"role": "assistant", "content": "Plain $$a^2$$ text"}], latex_delimiters=[])
    with serve(demo) as url:
        open_app(page, url)
        assert page.locator("[data-testid=bot]").inner_text() == "Plain $$a^2$$ text"
        assert page.locator(".katex").count() == 0
        loaded = page.evaluate(
            "performance.getEntriesByType('resource').map((e) => e.name)"
            ".filter((n) => n.includes('katex'))"
        )
        assert loaded == []


def test_custom_inline_delimiters(page):
    demo = chat_app(
        [{"role": "assistant", "content": "inline $x_1 * y_2$ and \\$5 and $$z$$"}],
        latex_delimiters=[
            {"left": "$", "right": "$", "display": False},
            {"left": "$$", "right": "$$", "display": True},
        ],
    )
    with serve(demo) as url:
        open_app(page, url)
        bot = page.locator("[data-testid=bot]")
        bot.locator(".katex").first.wait_for()
        assert bot.locator("[data-testid=math]").count() == 2
        assert bot.locator(".katex-display").count() == 1
        assert bot.locator("em").count() == 0  # the * and _ stayed LaTeX, not emphasis
        assert "$5" in bot.inner_text()


def streamed(message, history):
    for piece in ["Area: $$\\pi r", "Area: $$\\pi r^2", "Area: $$\\pi r^2$$ done"]:
        time.sleep(0.05)
        yield piece


def test_a_streamed_formula_is_typeset_once_closed(page):
    with serve(gr.ChatInterface(streamed)) as url:
        open_app(page, url)
        box = page.locator("textarea[data-testid=textbox]").first
        box.fill("go")
        box.press("Enter")
        bot = page.locator("[data-testid=bot]")
        bot.locator(".katex").wait_for()
        page.wait_for_function(
            "(document.querySelector('[data-testid=bot]').textContent || '').includes('done')"
        )
        assert bot.locator("[data-testid=math]").count() == 1
        assert "$$" not in bot.locator(".rillet-md-tail").inner_text()
