"""A ChatInterface's ``flagging_mode="manual"`` in real Chromium: the feedback buttons under
a reply (thumbs for "Like"/"Dislike", the other options under a flag) log the conversation
to ``flagging_dir``/log.csv, as Gradio's ``/flag`` does."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

IDLE = "document.body.dataset.rilletRunning === '0'"
LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)


def echo(message: str, history: list) -> str:
    return "echo: " + message


def rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return list(csv.reader(f))


def logged_rows(page, path: Path, count: int, timeout: float = 10) -> list[list[str]]:
    """The log's rows once it has ``count`` (header included); fails after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while len(found := rows(path)) < count:
        assert time.monotonic() < deadline, f"{path}: {found}"
        page.wait_for_timeout(50)  # the server writes the file: poll it
    return found


def test_feedback_buttons_log_the_conversation(page, tmp_path: Path) -> None:
    folder = tmp_path / "flagged"
    demo = gr.ChatInterface(
        echo,
        flagging_mode="manual",
        flagging_options=["Like", "Dislike", "Spam"],
        flagging_dir=str(folder),
    )
    with serve(demo) as url:
        open_app(page, url)
        box = page.locator("textarea[data-testid=textbox]").first
        box.fill("hi")
        box.press("Enter")
        page.wait_for_function(f"{LAST_BOT} === 'echo: hi'")
        page.wait_for_function(IDLE)
        reply = page.locator(".rillet-msg-row-bot").last
        reply.locator("[data-action=like]").click()
        page.wait_for_function(IDLE)
        reply.locator("[data-action=flag]").click()
        reply.locator("[data-feedback='Spam']").click()
        logged = logged_rows(page, folder / "log.csv", 3)
    assert logged[0] == ["conversation", "index", "value", "timestamp"]
    assert [(r[1], r[2]) for r in logged[1:]] == [("1", "Like"), ("1", "Spam")]
    conversation = json.loads(logged[1][0])
    assert conversation[1]["content"][0]["text"] == "echo: hi"
