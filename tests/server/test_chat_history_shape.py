"""The chat history a function gets is Gradio 6's: each message ``{"role", "metadata",
"content": [typed parts], "options"}``. Through Gradio's own client and the page's joins:
Gradio's ``chatbot_retry_undo_like`` demo (which reads ``history[i]["content"][0]["text"]``)
retries and undoes, a history returned unchanged comes back the same, and a multimodal
ChatInterface's ``fn`` sees its file and text as one message of parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from gradio_client import Client

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE


def text(value: str) -> dict[str, Any]:
    return {"text": value, "type": "text"}


def gradio_message(role: str, *parts: dict[str, Any], metadata=None, options=None) -> dict:
    """A message exactly as Gradio 6.31's ``Chatbot.preprocess`` gives it."""
    return {"role": role, "metadata": metadata, "content": list(parts), "options": options}


def texts(history: list[dict]) -> list[tuple[str, str]]:
    return [(m["role"], "".join(p.get("text", "") for p in m["content"])) for m in history]


def finished(sse: SSE, dep: Any, data: list, event_data: Any = None) -> list[Any]:
    """Join ``dep`` in ``sse``'s session (with the page's event data) and return its output."""
    sse.http.post(
        f"{sse.url}/gradio_api/queue/join",
        json={
            "data": data,
            "fn_index": dep.id,
            "session_hash": sse.session_hash,
            "trigger_id": dep.targets[0][0] if dep.targets else None,
            "event_data": event_data,
        },
    ).raise_for_status()
    done = [m for _, m in sse.messages() if m.get("msg") == "process_completed"]
    assert done and done[-1]["success"], done
    return done[-1]["output"]["data"]


def listener(demo: Any, block: Any, event: str) -> Any:
    return next(d for d in demo.spec.dependencies if (block._id, event) in d.targets)


# -- Gradio's chatbot_retry_undo_like demo, its model a stand-in --------------------------


def retry_undo_like_demo() -> tuple[Any, Any, Any]:
    def respond(prompt: str, history):
        if not history:
            history = [{"role": "system", "content": "You are a friendly chatbot"}]
        history.append({"role": "user", "content": prompt})
        yield history
        response = {"role": "assistant", "content": ""}
        for word in f"Echo: {prompt} ({len(history)} before)".split(" "):
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
        prompt = gr.Textbox(max_lines=1, label="Chat Message")
        prompt.submit(respond, [prompt, chatbot], [chatbot])
        prompt.submit(lambda: "", None, [prompt])
        chatbot.undo(handle_undo, chatbot, [chatbot, prompt])
        chatbot.retry(handle_retry, chatbot, [chatbot])
    return demo, chatbot, prompt


def test_retry_and_undo_of_the_retry_undo_like_demo():
    demo, chatbot, _ = retry_undo_like_demo()
    with serve(demo) as url:
        client = Client(url, verbose=False)
        first = client.predict("hello", [], api_name="/respond")
        second = client.predict("again", first, api_name="/respond")
        assert texts(second) == [
            ("system", "You are a friendly chatbot"),
            ("user", "hello"),
            ("assistant", "Echo: hello (2 before) "),
            ("user", "again"),
            ("assistant", "Echo: again (4 before) "),
        ]
        sse = SSE(url)
        try:
            # the page's retry and undo: the index of the last user message
            (retried,) = finished(
                sse, listener(demo, chatbot, "retry"), [second], {"index": 3, "value": "again"}
            )
            assert texts(retried)[3:] == [
                ("user", "again"),
                ("assistant", "Echo: again (4 before) "),
            ]
            undone, prompt = finished(
                sse, listener(demo, chatbot, "undo"), [second], {"index": 3, "value": "again"}
            )
        finally:
            sse.close()
        assert prompt == "again"
        assert texts(undone) == texts(second)[:3]


# -- a history returned unchanged --------------------------------------------------------


def test_history_round_trips_unchanged_and_arrives_in_gradio_shape(tmp_path: Path):
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n fake")

    def start():
        return [
            {"role": "user", "content": ["look", {"path": str(image)}]},
            gr.ChatMessage("checking", metadata={"title": "Tool", "status": "done"}),
            {"role": "assistant", "content": "A cat.", "options": [{"value": "More"}]},
        ]

    def same(history):
        return history

    def shape(history):
        return json.dumps(history)

    with gr.Blocks() as demo:
        chatbot = gr.Chatbot()
        seen = gr.Textbox()
        button = gr.Button()
        button.click(start, None, chatbot, api_name="start")
        button.click(same, chatbot, chatbot, api_name="same")
        button.click(shape, chatbot, seen, api_name="shape")
    with serve(demo, allowed_paths=[str(tmp_path)]) as url:
        sse = SSE(url)  # as the page sends the value it shows
        try:
            (wire,) = finished(sse, listener(demo, button, "click"), [])
            deps = [d for d in demo.spec.dependencies if d.api_name in ("same", "shape")]
            (again,) = finished(sse, deps[0], [wire])
            (seen_json,) = finished(sse, deps[1], [wire])
        finally:
            sse.close()
        client = Client(url, verbose=False, download_files=False)
        via_client = client.predict(wire, api_name="/same")
    assert again == wire
    history = json.loads(seen_json)
    assert texts(via_client) == texts(history)
    file = wire[0]["content"][1]["file"]
    assert history == [
        gradio_message("user", text("look"), {"file": file, "alt_text": None, "type": "file"}),
        gradio_message(  # a ChatMessage's options: [], as in Gradio
            "assistant", text("checking"), metadata={"title": "Tool", "status": "done"}, options=[]
        ),
        gradio_message("assistant", text("A cat."), options=[{"value": "More"}]),
    ]
    assert history[2]["content"][0]["text"] == "A cat."


# -- a multimodal ChatInterface -----------------------------------------------------------


def test_multimodal_chat_interface_history_is_one_message_of_parts(tmp_path: Path):
    note = tmp_path / "note.txt"
    note.write_text("hello file")
    calls: list[tuple[Any, Any, list[str], list[str]]] = []

    def describe(message, history):
        files = [
            Path(p["file"]["path"]).read_text()
            for m in history
            for p in m["content"]
            if p["type"] == "file"
        ]
        calls.append((message, history, [Path(f).read_text() for f in message["files"]], files))
        names = [Path(f).name for f in message["files"]]
        return f"{message['text']} with {names} after {len(history)}"

    demo = gr.ChatInterface(describe, multimodal=True)
    add = listener(demo, demo.textbox, "submit")
    reply = next(d for d in demo.spec.dependencies if d.trigger_after == add.id)
    with serve(demo) as url:
        with note.open("rb") as f:
            uploaded = httpx.post(f"{url}/gradio_api/upload", files={"files": f}).json()[0]
        box = {
            "text": "look",
            "files": [
                {"path": uploaded, "orig_name": "note.txt", "meta": {"_type": "gradio.FileData"}}
            ],
        }
        sse = SSE(url)
        try:
            chat = []
            for words in ("look", "again"):
                box["text"] = words
                _, chat, _ = finished(sse, add, [box, chat])
                (chat,) = finished(sse, reply, [None, chat])
        finally:
            sse.close()
    (first_message, first_history, sent, _), (_, second_history, _, in_history) = calls
    assert first_history == []
    assert first_message["text"] == "look"
    assert sent == ["hello file"]
    assert in_history == ["hello file"]
    user, answer = second_history
    assert [p["type"] for p in user["content"]] == ["file", "text"]
    assert user["content"][1] == text("look")
    assert user["metadata"] is None and user["options"] is None
    assert answer == gradio_message("assistant", text("look with ['note.txt'] after 0"))
    assert texts(chat)[-1] == ("assistant", "again with ['note.txt'] after 2")


# -- the API endpoint, as Gradio 6.31 answers it --------------------------------------------


def test_api_calls_of_one_client_form_one_conversation_and_replies_come_as_given():
    def respond(message, history):
        if message == "offer":
            return gr.ChatMessage("Pick", options=[{"value": "a"}])
        return f"{message} after {len(history)}"

    with serve(gr.ChatInterface(respond)) as url:
        client = Client(url, verbose=False)
        assert client.predict("one", api_name="/respond") == "one after 0"
        assert client.predict("two", api_name="/respond") == "two after 2"
        assert client.predict("offer", api_name="/respond") == {
            "content": "Pick",
            "role": "assistant",
            "metadata": {},
            "options": [{"value": "a"}],
        }
        other = Client(url, verbose=False)  # a session of its own
        assert other.predict("one", api_name="/respond") == "one after 0"
