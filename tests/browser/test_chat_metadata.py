"""Thoughts and media in the Chatbot, in real Chromium: a pending thought shows a spinner and
grows by appends, then collapses when done; nested steps sit inside their parent; an image
appears mid-reply; titles cannot inject HTML."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import rillet as gr
from rillet.components.chatbot import ChatMessage
from rillet.testing import serve

from .conftest import open_app

IDLE = "document.body.dataset.rilletRunning === '0'"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def make_agent(image: Path, gate: threading.Event, release: threading.Event):
    def agent(history):
        plan = ChatMessage("", metadata={"title": "Planning", "id": "p", "status": "pending"})
        history = [*history, plan]
        for word in ["step ", "by ", "step"]:
            plan.content += word
            yield history
        gate.set()
        release.wait(10)  # the page looks at the pending thought meanwhile
        tool = ChatMessage(
            "called",
            metadata={"title": "<img src=x onerror=window.__pwned=1> tool", "parent_id": "p"},
        )
        plan.metadata["status"] = "done"
        plan.metadata["duration"] = 1.5
        history = [*history, tool]
        yield history
        yield [*history, ChatMessage(gr.Image(str(image))), ChatMessage("**Answer**")]

    return agent


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "dot.png"
    path.write_bytes(PNG)
    return path


def test_thought_streams_then_collapses_with_nested_step_and_image(page, png):
    pytest.importorskip("PIL")
    gate, release = threading.Event(), threading.Event()
    with gr.Blocks() as demo:
        bot = gr.Chatbot()
        go = gr.Button("Go")
        go.click(make_agent(png, gate, release), bot, bot)
    with serve(demo) as url:
        open_app(page, url)
        page.get_by_role("button", name="Go").click()
        assert gate.wait(10)
        thought = page.locator("[data-testid=thought]").first
        page.wait_for_function(
            "document.querySelector('[data-testid=thought] .rillet-msg-body')"
            "?.textContent.trim() === 'step by step'"
        )
        assert thought.locator("[data-testid=thought-pending]").count() == 1
        assert thought.locator(".rillet-thought-body").is_visible()  # open while pending
        appends = page.evaluate("document.querySelector('.rillet-chatbot').rilletStats.appends")
        assert appends >= 1, "the growing thought did not take the append path"
        release.set()
        page.wait_for_function(
            "document.querySelector('[data-testid=bot] strong')?.textContent === 'Answer'"
        )
        page.wait_for_function(IDLE)
        assert thought.locator("[data-testid=thought-pending]").count() == 0
        assert not thought.locator(".rillet-thought-body").first.is_visible()  # done: closed
        assert "(1.5s)" in thought.locator(".rillet-thought-head").first.inner_text()
        assert "Planning" in thought.locator(".rillet-thought-head").first.inner_text()
        thought.locator(".rillet-thought-head").first.click()  # open it: the nested step
        nested = thought.locator(".rillet-thought-children [data-testid=thought]")
        assert nested.count() == 1
        assert "<img src=x" in nested.locator(".rillet-thought-head").inner_text()
        # no status: open, and drawn open (its chevron turned)
        assert nested.locator(".rillet-thought-body").is_visible()
        assert nested.locator(".rillet-thought-head").get_attribute("aria-expanded") == "true"
        assert "rillet-thought-open" in (nested.get_attribute("class") or "")
        assert page.evaluate("window.__pwned") is None
        page.wait_for_function(
            "(() => { const i = document.querySelector('img[data-testid=chat-image]');"
            " return i && i.complete && i.naturalWidth === 1; })()"
        )
