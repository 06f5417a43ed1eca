"""The history in Gradio 6's shape, in real Chromium: Gradio's ``chatbot_retry_undo_like``
demo (its handlers read ``history[i]["content"][0]["text"]``) retries and undoes from the
page's buttons, and a multimodal turn is one message, its files drawn above its text."""

from __future__ import annotations

from pathlib import Path

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

IDLE = "document.body.dataset.rilletRunning === '0'"
LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)
BOX = "document.querySelector('#prompt textarea').value"


def retry_undo_like_demo():
    """Gradio's demo, its model a stand-in that says how many messages it was given."""

    def respond(prompt: str, history):
        if not history:
            history = [{"role": "system", "content": "You are a friendly chatbot"}]
        history.append({"role": "user", "content": prompt})
        yield history
        response = {"role": "assistant", "content": ""}
        for word in f"Echo {prompt} after {len(history)}".split(" "):
            response["content"] += word + " "
            yield [*history, response]

    def handle_undo(history, undo_data: gr.UndoData):
        return history[: undo_data.index], history[undo_data.index]["content"][0]["text"]

    def handle_retry(history, retry_data: gr.RetryData):
        new_history = history[: retry_data.index]
        previous_prompt = history[retry_data.index]["content"][0]["text"]
        yield from respond(previous_prompt, new_history)

    with gr.Blocks() as demo:
        chatbot = gr.Chatbot(label="Agent")
        prompt = gr.Textbox(max_lines=1, label="Chat Message", elem_id="prompt")
        prompt.submit(respond, [prompt, chatbot], [chatbot])
        prompt.submit(lambda: "", None, [prompt])
        chatbot.undo(handle_undo, chatbot, [chatbot, prompt])
        chatbot.retry(handle_retry, chatbot, [chatbot])
        chatbot.like(lambda data: None, None, None)
    return demo


def send(page, text):
    box = page.locator("#prompt textarea")
    box.fill(text)
    box.press("Enter")


def test_retry_and_undo_of_gradios_retry_undo_like_demo(page):
    with serve(retry_undo_like_demo()) as url:
        open_app(page, url)
        send(page, "hello")
        page.wait_for_function(f"{LAST_BOT} === 'Echo hello after 2'")
        page.wait_for_function(IDLE)
        send(page, "again")
        page.wait_for_function(f"{LAST_BOT} === 'Echo again after 4'")
        page.wait_for_function(IDLE)
        page.locator("[data-action=retry]").click()
        # the handler read the prompt from the history's parts and ran it again
        page.wait_for_function(IDLE)
        page.wait_for_function(f"{LAST_BOT} === 'Echo again after 4'")
        assert page.locator("[data-testid=user]").all_inner_texts() == ["hello", "again"]
        assert page.locator("[data-testid=bot]").count() == 3  # the system message too
        page.locator("[data-action=undo]").click()
        page.wait_for_function(f"{BOX} === 'again'")
        page.wait_for_function(IDLE)
        assert page.locator("[data-testid=user]").all_inner_texts() == ["hello"]
        assert page.evaluate(LAST_BOT) == "Echo hello after 2"


def look(message, history):
    parts = [p["type"] for m in history for p in m["content"]]
    return f"{message['text']} with {len(message['files'])} file(s); before: {parts}"


def test_a_multimodal_turn_is_one_message_files_above_text(page, tmp_path: Path):
    from PIL import Image

    image = tmp_path / "dot.png"
    Image.new("RGB", (4, 4), (10, 120, 200)).save(image)
    with serve(gr.ChatInterface(look, multimodal=True)) as url:
        open_app(page, url)
        for text in ("first", "second"):
            page.locator("[data-testid=file-input]").set_input_files([str(image)])
            page.locator("[data-testid=file-chip]").first.wait_for()
            box = page.locator("textarea[data-testid=textbox]")
            box.fill(text)
            box.press("Enter")
            page.wait_for_function(f"{LAST_BOT}.startsWith('{text} with 1 file')")
            page.wait_for_function(IDLE)
        assert page.evaluate(LAST_BOT) == (
            "second with 1 file(s); before: ['file', 'text', 'text']"
        )
        users = page.locator("[data-testid=user]")
        assert users.all_inner_texts() == ["first", "second"]
        # the image above the text, as Gradio draws the parts in order
        first = users.first
        image_top = first.locator("img[data-testid=chat-image]").bounding_box()["y"]
        text_top = first.locator(".rillet-msg-body").bounding_box()["y"]
        assert image_top < text_top
