"""MultimodalTextbox and ChatInterface(multimodal=True) in real Chromium: files attached by
the button, by dropping and by pasting show as chips, can be removed, and go with the text
to the function; the user's files appear in the chat as their own messages."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

import rillet as gr
from rillet.components.multimodaltextbox import MultimodalTextbox
from rillet.testing import serve

from .conftest import open_app

IDLE = "document.body.dataset.rilletRunning === '0'"
LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def describe(message, history):
    names = sorted(Path(f).name for f in message["files"])
    return f"text={message['text']} files={names} turns={len(history)}"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mm")
    (folder / "dot.png").write_bytes(PNG)
    (folder / "notes.txt").write_text("some notes")
    return {"png": folder / "dot.png", "txt": folder / "notes.txt"}


@pytest.fixture(scope="module")
def chat_url():
    with serve(gr.ChatInterface(describe, multimodal=True)) as url:
        yield url


def test_attached_files_go_with_the_text(page, chat_url, files):
    open_app(page, chat_url)
    page.locator("[data-testid=file-input]").set_input_files([str(files["png"]), str(files["txt"])])
    chips = page.locator("[data-testid=file-chip]")
    chips.nth(1).wait_for()
    assert chips.count() == 2
    assert page.locator("[data-testid=file-chip] img").count() == 1  # the image's thumbnail
    box = page.locator("textarea[data-testid=textbox]")
    box.fill("look")
    box.press("Enter")
    page.wait_for_function(f"{LAST_BOT}.startsWith('text=look')")
    assert page.evaluate(LAST_BOT) == "text=look files=['dot.png', 'notes.txt'] turns=0"
    users = page.locator("[data-testid=user]")
    assert users.count() == 1  # one message: the files, then the text
    page.wait_for_function(
        "(() => { const i = document.querySelector("
        "'[data-testid=user] img[data-testid=chat-image]');"
        " return i && i.complete && i.naturalWidth === 1; })()"
    )
    assert page.locator("[data-testid=user] [data-testid=chat-file]").inner_text() == "notes.txt"
    assert users.first.locator(".rillet-msg-body").inner_text() == "look"
    assert chips.count() == 0 and box.input_value() == ""
    page.wait_for_function(IDLE)


def test_remove_drop_and_paste(page, chat_url):
    open_app(page, chat_url)
    drop = """(name) => {
        const dt = new DataTransfer();
        const OPTS = {dataTransfer: dt, bubbles: true, cancelable: true};
        dt.items.add(new File(['abc'], name, {type: 'text/plain'}));
        const box = document.querySelector('[data-testid=multimodal-box]');
        box.dispatchEvent(new DragEvent('dragover', OPTS));
        box.dispatchEvent(new DragEvent('drop', OPTS));
    }"""
    page.evaluate(drop, "dropped.txt")
    page.locator("[data-testid=file-chip]", has_text="dropped.txt").wait_for()
    paste = """(name) => {
        const dt = new DataTransfer();
        const OPTS = {dataTransfer: dt, bubbles: true, cancelable: true};
        dt.items.add(new File(['xyz'], name, {type: 'text/plain'}));
        const box = document.querySelector('textarea[data-testid=textbox]');
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true}));
    }"""
    page.evaluate(paste, "pasted.txt")
    page.locator("[data-testid=file-chip]", has_text="pasted.txt").wait_for()
    long_text = """() => {
        const dt = new DataTransfer();
        dt.setData('text/plain', 'y'.repeat(1001));
        const box = document.querySelector('textarea[data-testid=textbox]');
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true}));
    }"""
    page.evaluate(long_text)  # longer than max_plain_text_length: a file
    page.locator("[data-testid=file-chip]", has_text="pasted_text.txt").wait_for()
    page.get_by_role("button", name="Remove pasted_text.txt").click()
    page.get_by_role("button", name="Remove dropped.txt").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=file-chip]').length === 1")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(f"{LAST_BOT}.startsWith('text=')")
    assert page.evaluate(LAST_BOT) == "text= files=['pasted.txt'] turns=0"


def test_single_file_types_and_injection_in_names(page, tmp_path):
    got: list[dict] = []

    def keep(value):
        got.append(value)
        return value["text"]

    with gr.Blocks() as demo:
        box = MultimodalTextbox(file_types=[".txt"], label="Box")
        out = gr.Textbox(label="out")
        box.submit(keep, box, out)
    with serve(demo) as url:
        open_app(page, url)
        put = """([name, type]) => {
            const dt = new DataTransfer();
        const OPTS = {dataTransfer: dt, bubbles: true, cancelable: true};
            dt.items.add(new File(['1'], name, {type}));
            const box = document.querySelector('[data-testid=multimodal-box]');
            box.dispatchEvent(new DragEvent('drop', OPTS));
        }"""
        page.evaluate(put, ["<img src=x onerror=window.__pwned=1>.txt", "text/plain"])
        chip = page.locator("[data-testid=file-chip]")
        chip.wait_for()
        page.evaluate(put, ["second.txt", "text/plain"])  # single: replaces the first
        page.locator("[data-testid=file-chip]", has_text="second.txt").wait_for()
        assert chip.count() == 1
        page.evaluate(put, ["picture.png", "image/png"])  # not of file_types: refused
        page.locator(".rillet-toast", has_text="picture.png").wait_for()
        assert chip.count() == 1
        page.locator("textarea[data-testid=textbox]").fill("go")
        page.locator("textarea[data-testid=textbox]").press("Enter")
        expect(page.get_by_label("out")).to_have_text("go")
        assert page.evaluate("window.__pwned") is None
    assert [Path(f).name for f in got[0]["files"]] == ["second.txt"]


def test_stop_button_stands_in_while_running_and_stops(page):
    closed = threading.Event()

    def endless(value):
        try:
            text = ""
            while True:
                time.sleep(0.05)
                text += "."
                yield text
        finally:
            closed.set()

    with gr.Blocks() as demo:
        box = MultimodalTextbox(stop_btn=True, label="Box")
        out = gr.Textbox(label="out")
        run = box.submit(endless, box, out)
        box.stop(None, None, None, cancels=[run])
    with serve(demo) as url:
        open_app(page, url)
        stop = page.get_by_role("button", name="Stop")
        submit = page.get_by_role("button", name="Submit")
        assert not stop.is_visible()
        page.locator("textarea[data-testid=textbox]").fill("x")
        submit.click()
        page.wait_for_function("document.body.dataset.rilletRunning === '1'")
        stop.wait_for()
        assert not submit.is_visible()
        stop.click()
        assert closed.wait(10), "Stop did not end the run"
        page.wait_for_function(IDLE)
        submit.wait_for()
        assert not stop.is_visible()
