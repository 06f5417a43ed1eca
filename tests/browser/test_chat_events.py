"""Events from the chat page in real Chromium: like (thumbs and the other feedback
options), retry, undo and edit in a ChatInterface, options under a reply, and buttons
drawn only when the app listens."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

IDLE = "document.body.dataset.rilletRunning === '0'"
LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)


def send(page, text):
    box = page.locator("textarea[data-testid=textbox]").first
    box.fill(text)
    box.press("Enter")


class Counter:
    """A chat function that numbers its calls and records what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def __call__(self, message, history):
        with self.lock:
            self.calls.append((message, len(history)))
            n = len(self.calls)
        yield f"reply {n} to "
        yield f"reply {n} to {message}"


@pytest.fixture
def counter():
    return Counter()


def test_retry_runs_the_last_turn_again(page, counter):
    with serve(gr.ChatInterface(counter)) as url:
        open_app(page, url)
        assert page.locator("[data-action=retry]").count() == 0
        send(page, "hi")
        page.wait_for_function(f"{LAST_BOT} === 'reply 1 to hi'")
        page.wait_for_function(IDLE)
        bot_row = page.locator(".rillet-msg-row-bot")
        assert bot_row.locator("[data-action=retry]").count() == 1
        assert page.locator(".rillet-msg-row-user [data-action=retry]").count() == 0
        bot_row.locator("[data-action=retry]").click()
        page.wait_for_function(f"{LAST_BOT} === 'reply 2 to hi'")
        page.wait_for_function(IDLE)
        assert page.locator("[data-testid=user]").all_inner_texts() == ["hi"]
        assert page.locator("[data-testid=bot]").count() == 1
        assert counter.calls == [("hi", 0), ("hi", 0)]


def test_undo_takes_the_turn_back_into_the_box(page, counter):
    with serve(gr.ChatInterface(counter)) as url:
        open_app(page, url)
        send(page, "first")
        page.wait_for_function(f"{LAST_BOT} === 'reply 1 to first'")
        page.wait_for_function(IDLE)
        send(page, "second")
        page.wait_for_function(f"{LAST_BOT} === 'reply 2 to second'")
        page.wait_for_function(IDLE)
        # only the last reply has retry and undo
        assert page.locator("[data-action=undo]").count() == 1
        page.locator("[data-action=undo]").click()
        box = "document.querySelector('textarea[data-testid=textbox]').value"
        page.wait_for_function(f"{box} === 'second'")
        assert page.locator("[data-testid=user]").all_inner_texts() == ["first"]
        assert page.locator("[data-testid=bot]").all_inner_texts() == ["reply 1 to first"]
        # the history fn gets next is the one left
        page.locator("textarea[data-testid=textbox]").press("Enter")
        page.wait_for_function(f"{LAST_BOT} === 'reply 3 to second'")
        assert counter.calls[-1] == ("second", 2)


def test_edit_sends_the_edited_message_again(page, counter):
    with serve(gr.ChatInterface(counter, editable=True)) as url:
        open_app(page, url)
        send(page, "one")
        page.wait_for_function(f"{LAST_BOT} === 'reply 1 to one'")
        page.wait_for_function(IDLE)
        send(page, "two")
        page.wait_for_function(f"{LAST_BOT} === 'reply 2 to two'")
        page.wait_for_function(IDLE)
        # editable=True: the user's messages, not the replies
        assert page.locator(".rillet-msg-row-user [data-action=edit]").count() == 2
        assert page.locator(".rillet-msg-row-bot [data-action=edit]").count() == 0
        page.locator(".rillet-msg-row-user [data-action=edit]").first.click()
        editor = page.locator("[data-testid=chat-editor]")
        assert editor.input_value() == "one"
        editor.fill("uno")
        page.locator("[data-action=edit-submit]").click()
        page.wait_for_function(f"{LAST_BOT} === 'reply 3 to uno'")
        page.wait_for_function(IDLE)
        assert page.locator("[data-testid=user]").all_inner_texts() == ["uno"]
        assert page.locator("[data-testid=bot]").count() == 1
        assert counter.calls[-1] == ("uno", 0)


def test_edit_cancel_keeps_the_message(page, counter):
    with serve(gr.ChatInterface(counter, editable=True)) as url:
        open_app(page, url)
        send(page, "keep")
        page.wait_for_function(f"{LAST_BOT} === 'reply 1 to keep'")
        page.wait_for_function(IDLE)
        page.locator("[data-action=edit]").click()
        page.locator("[data-testid=chat-editor]").fill("<img src=x onerror=alert(1)>")
        page.locator("[data-action=edit-cancel]").click()
        assert page.locator("[data-testid=chat-editor]").count() == 0
        assert page.locator("[data-testid=user]").inner_text() == "keep"
        assert len(counter.calls) == 1


def describe_like(data: gr.LikeData) -> str:
    return json.dumps({"index": data.index, "value": data.value, "liked": data.liked})


def describe_edit(data: gr.EditData) -> str:
    return json.dumps({"index": data.index, "value": data.value, "prev": data.previous_value})


def history_texts(history) -> str:
    """Each message's text (its content is a list of typed parts, as in Gradio 6)."""
    return "|".join("".join(p["text"] for p in m["content"]) for m in history)


def test_like_dislike_and_other_feedback(page):
    with gr.Blocks() as demo:
        chat = gr.Chatbot(
            [
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a1"},
                {"role": "assistant", "content": "a2"},
                {"role": "user", "content": "q2"},
                {"role": "assistant", "content": "b"},
            ],
            feedback_options=["Like", "Dislike", "Too long", "Wrong"],
            feedback_value=[None, "Dislike"],
            elem_id="chat",
        )
        out = gr.Textbox(elem_id="out")
        chat.like(describe_like, None, out)
    with serve(demo) as url:
        open_app(page, url)
        replies = page.locator(".rillet-msg-row-bot")
        # consecutive replies are one group: its buttons under its last message
        assert replies.nth(0).locator("[data-action=like]").count() == 0
        assert replies.nth(1).locator("[data-action=like]").count() == 1
        assert page.locator(".rillet-msg-row-user [data-action=like]").count() == 0
        # feedback_value: the second reply shows as disliked
        assert replies.nth(2).locator("[data-action=dislike]").get_attribute("aria-pressed") == (
            "true"
        )
        value = "document.querySelector('#out [data-testid=textbox]').value"
        replies.nth(1).locator("[data-action=like]").click()
        page.wait_for_function(f"{value} !== ''")
        assert json.loads(page.evaluate(value)) == {
            "index": 1,
            "value": ["a1", "a2"],
            "liked": True,
        }
        assert replies.nth(1).locator("[data-action=like]").get_attribute("aria-pressed") == "true"
        replies.nth(2).locator("[data-action=flag]").click()
        replies.nth(2).locator("[data-feedback='Too long']").click()
        page.wait_for_function(f"{value}.includes('Too long')")
        assert json.loads(page.evaluate(value)) == {
            "index": 4,
            "value": ["b"],
            "liked": "Too long",
        }
        page.locator(".rillet-msg-row-bot").nth(1).locator("[data-action=like]").click()
        page.wait_for_function(f'{value}.includes(\'"liked": ""\')')  # taken back


def test_no_listener_no_buttons_and_ungrouped_messages(page):
    with gr.Blocks() as demo:
        gr.Chatbot(
            [
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a1"},
                {"role": "assistant", "content": "a2"},
            ],
            elem_id="plain",
        )
        liked = gr.Chatbot(
            [{"role": "assistant", "content": "a1"}, {"role": "assistant", "content": "a2"}],
            group_consecutive_messages=False,
            like_user_message=True,
            elem_id="ungrouped",
        )
        liked.like(lambda: None, None, None)
    with serve(demo) as url:
        open_app(page, url)
        assert page.locator("#plain .rillet-msg-action").count() == 0
        assert page.locator("#ungrouped [data-action=like]").count() == 2


def test_edit_event_in_blocks_gets_the_new_and_old_text(page):
    with gr.Blocks() as demo:
        chat = gr.Chatbot(
            [{"role": "user", "content": "old"}, {"role": "assistant", "content": "r"}],
            editable="all",
            elem_id="chat",
        )
        out = gr.Textbox(elem_id="out")
        texts = gr.Textbox(elem_id="texts")
        chat.edit(describe_edit, None, out).then(history_texts, chat, texts)
    with serve(demo) as url:
        open_app(page, url)
        assert page.locator("#chat [data-action=edit]").count() == 2  # "all": replies too
        page.locator(".rillet-msg-row-bot [data-action=edit]").click()
        page.locator("[data-testid=chat-editor]").fill("new **reply**")
        page.locator("[data-action=edit-submit]").click()
        texts = "document.querySelector('#texts [data-testid=textbox]').value"
        page.wait_for_function(f"{texts} !== ''")
        out = page.evaluate("document.querySelector('#out [data-testid=textbox]').value")
        assert json.loads(out) == {"index": 1, "value": "new **reply**", "prev": "r"}
        assert page.evaluate(texts) == "old|new **reply**"  # the chat's value has the edit
        assert page.locator(".rillet-msg-row-bot strong").inner_text() == "reply"


def with_options(message, history):
    if message == "pick":
        return gr.ChatMessage(
            "Which one?", options=[{"value": "red", "label": "Red"}, {"value": "blue"}]
        )
    return f"you picked {message}"


def test_options_under_a_reply_are_sent_as_the_next_message(page):
    with serve(gr.ChatInterface(with_options)) as url:
        open_app(page, url)
        send(page, "pick")
        page.wait_for_function(f"{LAST_BOT} === 'Which one?'")
        options = page.locator("[data-testid=chat-option]")
        assert options.all_inner_texts() == ["Red", "blue"]
        options.first.click()
        page.wait_for_function(f"{LAST_BOT} === 'you picked red'")
        assert page.locator("[data-testid=user]").all_inner_texts() == ["pick", "red"]
        assert page.locator("[data-testid=chat-option]").count() == 0


def test_avatars_beside_the_first_message_of_each_group(page, tmp_path):
    from PIL import Image

    path = tmp_path / "bot.png"
    Image.new("RGB", (8, 8), (200, 30, 30)).save(path)
    with gr.Blocks() as demo:
        gr.Chatbot(
            [
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": "a1"},
                {"role": "assistant", "content": "a2"},
            ],
            avatar_images=(None, path),
            elem_id="chat",
        )
    with serve(demo) as url:
        open_app(page, url)
        assert page.locator("[data-testid=avatar-user]").count() == 0
        avatars = page.locator("[data-testid=avatar-bot]")
        assert avatars.count() == 2
        assert avatars.first.get_attribute("src").startswith("data:image/png;base64,")
        page.wait_for_function(
            "document.querySelector('[data-testid=avatar-bot]').naturalWidth === 8"
        )
        assert avatars.first.is_visible()
        assert not avatars.nth(1).is_visible()  # the group's second message: no avatar again


def echo(message, history):
    return f"echo {message} ({len(history)})"


def test_save_history_resumes_and_deletes_after_a_reload(page):
    with serve(gr.ChatInterface(echo, save_history=True)) as url:
        open_app(page, url)
        history = page.locator(".rillet-dataset-body")  # the saved conversations
        send(page, "first topic")
        page.wait_for_function(f"{LAST_BOT} === 'echo first topic (0)'")
        history.get_by_text("first topic").wait_for()
        page.get_by_role("button", name="New chat").click()
        page.wait_for_function("document.querySelectorAll('[data-testid=bot]').length === 0")
        send(page, "second")
        page.wait_for_function(f"{LAST_BOT} === 'echo second (0)'")
        history.get_by_text("second").wait_for()
        page.wait_for_function(IDLE)
        page.reload()
        page.wait_for_function("document.body.dataset.rilletReady === '1'")
        history.get_by_text("first topic").wait_for()
        assert history.get_by_text("second").count() == 1
        history.get_by_text("first topic").click()
        page.wait_for_function(f"{LAST_BOT} === 'echo first topic (0)'")
        send(page, "more")
        page.wait_for_function(f"{LAST_BOT} === 'echo more (2)'")  # the resumed history
        page.wait_for_function(IDLE)
        page.locator("[data-testid=chatbot]").locator("..").locator("[data-action=clear]").click()
        history.get_by_text("first topic").wait_for(state="detached")
        assert history.get_by_text("second").count() == 1


def describe_files(message, history):
    names = [Path(f).name for f in message["files"]]
    return f"{message['text']} + {names} after {len(history)}"


def test_a_recording_from_the_box_is_sent_and_shown_as_audio(mic_page):
    page = mic_page
    box = gr.MultimodalTextbox(sources=["upload", "microphone"], file_types=["image"])
    with serve(gr.ChatInterface(describe_files, multimodal=True, textbox=box)) as url:
        open_app(page, url)
        mic = page.locator("[data-testid=mic-button]")
        mic.click()
        page.wait_for_function(
            "document.querySelector('[data-testid=mic-clock]').textContent >= '0:01'"
        )
        mic.click()
        page.locator("[data-testid=file-chip]").wait_for()  # attached, image-only box or not
        assert "recording.wav" in page.locator("[data-testid=file-chip]").inner_text()
        page.locator("textarea[data-testid=textbox]").fill("listen")
        page.locator("textarea[data-testid=textbox]").press("Enter")
        page.wait_for_function(f"{LAST_BOT} === \"listen + ['recording.wav'] after 0\"")
        audio = page.locator("[data-testid=user] [data-testid=chat-audio]")
        assert audio.count() == 1
        page.wait_for_function("document.querySelector('[data-testid=chat-audio]').duration >= 0.9")


def test_a_file_in_a_message_has_a_download_button(page, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("the report")
    with gr.Blocks() as demo:
        gr.Chatbot(
            [
                {"role": "assistant", "content": {"path": str(path)}},
                {"role": "assistant", "content": "no file here"},
            ],
            group_consecutive_messages=False,
            elem_id="chat",
        )
        gr.Chatbot(
            [{"role": "assistant", "content": {"path": str(path)}}],
            allow_file_downloads=False,
            elem_id="nodl",
        )
    with serve(demo) as url:
        open_app(page, url)
        buttons = page.locator("#chat [data-action=download]")
        assert buttons.count() == 2
        assert buttons.first.is_visible() and not buttons.nth(1).is_visible()
        with page.expect_download() as download:
            buttons.first.click()
        assert download.value.suggested_filename == "report.txt"
        assert Path(download.value.path()).read_text() == "the report"
        assert not page.locator("#nodl [data-action=download]").is_visible()
