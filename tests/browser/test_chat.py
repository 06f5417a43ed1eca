"""Chat in real Chromium: the issue's program streams, Stop keeps the partial reply,
messages cannot run HTML or script, Markdown renders, the log follows the stream."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app, run_demo

CLOSED = threading.Event()

RECORD_LAST_BOT = """() => {
    window.__seen = [];
    const tick = () => {
        const bots = document.querySelectorAll('[data-testid=bot]');
        const v = bots.length ? bots[bots.length - 1].textContent.trim() : '';
        if (window.__seen[window.__seen.length - 1] !== v) window.__seen.push(v);
        requestAnimationFrame(tick);
    };
    tick();
}"""

LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)
IDLE = "document.body.dataset.rilletRunning === '0'"

MARKDOWN = (
    "Here is **bold** and *slanted* text.\n\n- one\n- two\n\n```python\nprint('hi')\n```\n\nDone."
)


def endless(message, history):
    try:
        text = ""
        while True:
            time.sleep(0.05)
            text += "tok "
            yield text
    finally:
        CLOSED.set()


def markdown_reply(message, history):
    if message == "stop":
        yield from endless(message, history)
        return
    for i in range(0, len(MARKDOWN), 7):
        time.sleep(0.01)
        yield MARKDOWN[: i + 7]


def many_lines(message, history):
    text = ""
    for i in range(120):
        time.sleep(0.03)
        text += f"line {i}\n\n"
        yield text


def send(page, text):
    box = page.locator("textarea[data-testid=textbox]").first
    box.fill(text)
    box.press("Enter")


@pytest.fixture(scope="module")
def demo_url():
    with run_demo("demo/chat/run.py") as url:
        yield url


@pytest.fixture(scope="module")
def md_url():
    with serve(gr.ChatInterface(markdown_reply)) as url:
        yield url


def test_issue_program_streams_reply_piece_by_piece(page, demo_url):
    open_app(page, demo_url)
    page.evaluate(RECORD_LAST_BOT)
    send(page, "hello there")
    page.wait_for_function(f"{LAST_BOT} === 'You typed: hello there'")
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(seen) >= 4, f"the reply did not grow in steps: {seen}"
    assert all(b.startswith(a) for a, b in itertools.pairwise(seen)), seen
    assert page.locator("[data-testid=user]").inner_text() == "hello there"
    assert page.locator("textarea[data-testid=textbox]").input_value() == ""
    page.wait_for_function(IDLE)
    send(page, "again")
    page.wait_for_function(f"{LAST_BOT} === 'You typed: again'")
    assert page.locator("[data-testid=user]").count() == 2


def test_stop_keeps_partial_reply_and_next_message_works(page, md_url):
    CLOSED.clear()
    open_app(page, md_url)
    send(page, "stop")
    page.wait_for_function(f"{LAST_BOT}.startsWith('tok tok')")
    page.get_by_role("button", name="Stop").click()
    assert CLOSED.wait(10), "the generator's finally did not run after Stop"
    page.wait_for_function(IDLE)
    partial = page.evaluate(LAST_BOT)
    assert partial.startswith("tok tok")
    page.get_by_role("button", name="Submit").wait_for(state="visible")
    send(page, "next")
    page.wait_for_function(f"{LAST_BOT}.endsWith('Done.')")
    bots = page.locator("[data-testid=bot]")
    assert bots.count() == 2
    assert bots.first.text_content().strip() == partial


def test_html_and_script_in_messages_are_text(page, demo_url):
    open_app(page, demo_url)
    evil = (
        '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
        "[link](javascript:window.__pwned=3)"
    )
    send(page, evil)
    page.wait_for_function(f"{LAST_BOT}.includes('javascript:window.__pwned=3)')")
    page.wait_for_function(IDLE)
    log = page.locator("[data-testid=chatbot]")
    assert "<script>window.__pwned=1</script>" in page.locator("[data-testid=user]").inner_text()
    assert log.locator("script, img, a[href^='javascript']").count() == 0
    for link in log.locator("a").all():
        link.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_markdown_renders_and_only_the_last_block_stays_open(page, md_url):
    open_app(page, md_url)
    send(page, "show me")
    page.wait_for_function(f"{LAST_BOT}.endsWith('Done.')")
    bot = page.locator("[data-testid=bot]")
    assert bot.locator("strong").inner_text() == "bold"
    assert bot.locator("em").inner_text() == "slanted"
    assert bot.locator("li").all_inner_texts() == ["one", "two"]
    assert bot.locator("pre code").inner_text().strip() == "print('hi')"
    settled = ".rillet-md-settled strong, .rillet-md-settled li, .rillet-md-settled pre"
    assert bot.locator(settled).count() == 4
    assert bot.locator(".rillet-md-tail").inner_text().strip() == "Done."
    stats = page.evaluate("document.querySelector('.rillet-chatbot').rilletStats")
    assert stats["updates"] >= 5 and stats["ms"] > 0
    # all but mounting, the user message, the new reply and the final value were appends
    assert stats["appends"] >= stats["updates"] - 4, stats


def test_autoscroll_follows_unless_scrolled_up(page):
    with serve(gr.ChatInterface(many_lines)) as url:
        open_app(page, url)
        send(page, "go")
        log = "document.querySelector('[data-testid=chatbot]')"
        page.wait_for_function(
            f"{log}.scrollTop > 200 && "
            f"{log}.scrollTop + {log}.clientHeight >= {log}.scrollHeight - 4"
        )
        height = page.evaluate(f"{log}.scrollTop = 0, {log}.scrollHeight")
        page.wait_for_function(f"{log}.scrollHeight > {height} + 200")
        assert page.evaluate(f"{log}.scrollTop") == 0
        page.wait_for_function(IDLE)


def add_user(message, history):
    return "", [*history, {"role": "user", "content": message}]


def word_reply(history):
    history = [*history, {"role": "assistant", "content": ""}]
    for word in ["Streaming", "*one*", "word", "at", "a", "time."]:
        time.sleep(0.05)
        history[-1]["content"] += word + " "
        yield history


def test_chatbot_in_blocks_streams_and_clears_the_box(page):
    with gr.Blocks() as demo:
        chat = gr.Chatbot(height=300, placeholder="Nothing **yet**")
        box = gr.Textbox(placeholder="Say something")
        box.submit(add_user, [box, chat], [box, chat]).then(word_reply, chat, chat)
    with serve(demo) as url:
        open_app(page, url)
        assert page.locator(".rillet-chat-placeholder strong").inner_text() == "yet"
        page.evaluate(RECORD_LAST_BOT)
        send(page, "hi")
        page.wait_for_function(f"{LAST_BOT} === 'Streaming one word at a time.'")
        seen = [s for s in page.evaluate("window.__seen") if s]
        assert len(seen) >= 3, seen
        assert page.locator("[data-testid=bot] em").inner_text() == "one"
        assert page.locator(".rillet-chat-placeholder").count() == 0
        assert page.locator("textarea[data-testid=textbox]").input_value() == ""
        page.wait_for_function(IDLE)
