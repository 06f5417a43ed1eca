"""The chat's page events over HTTP: a ``queue/join`` with a retry's, an edit's or a
like's event data runs what the page's button runs (the reply that follows is chained by
the page: tests/browser/test_chat_events.py); gradio_client still sees only the chat's
endpoint (the button steps are undocumented, as in Gradio)."""

from __future__ import annotations

from gradio_client import Client

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import join_with_event


def reply(message, history):
    return f"{message} after {len(history)}"


def wire(role, text):
    return {"role": role, "content": [{"type": "text", "text": text}]}


def dep_of(demo, event: str):
    chat_id = demo.chatbot._id if hasattr(demo, "chatbot") else None
    return next(
        d
        for d in demo.spec.dependencies
        for t, name in d.targets
        if name == event and (chat_id is None or t == chat_id)
    )


def test_retry_step_keeps_the_turn_and_the_message_for_the_reply():
    demo = gr.ChatInterface(reply)
    history = [wire("user", "a"), wire("assistant", "a after 0"), wire("user", "b")]
    history.append(wire("assistant", "b after 2"))
    with serve(demo) as url:
        done = join_with_event(url, dep_of(demo, "retry"), [history], {"index": 2, "value": "b"})
        chat, _ = done[0]["output"]["data"]  # the saved message stays on the server
        assert [m["content"][0]["text"] for m in chat] == ["a", "a after 0", "b"]


def test_edit_step_gets_the_edit_data():
    demo = gr.ChatInterface(reply, editable=True)
    history = [wire("user", "changed"), wire("assistant", "old reply")]
    with serve(demo) as url:
        done = join_with_event(
            url,
            dep_of(demo, "edit"),
            [history],
            {"index": 0, "value": "changed", "previous_value": "first"},
        )
        chat, _ = done[0]["output"]["data"]
        assert [m["content"][0]["text"] for m in chat] == ["changed"]


def describe(data: gr.LikeData) -> str:
    return f"{data.index}|{data.value}|{data.liked}"


def test_like_data_reaches_the_listener():
    with gr.Blocks() as demo:
        chat = gr.Chatbot([{"role": "assistant", "content": "hi"}])
        out = gr.Textbox()
        chat.like(describe, None, out)
    dep = demo.spec.dependencies[0]
    with serve(demo) as url:
        done = join_with_event(url, dep, [], {"index": 0, "value": ["hi"], "liked": False})
        assert done[0]["output"]["data"] == ["0|['hi']|False"]
        config = Client(url, verbose=False).config
        props = next(c["props"] for c in config["components"] if c["type"] == "chatbot")
        assert props["likeable"] is True


def test_gradio_client_sees_only_the_chat_endpoint():
    with serve(gr.ChatInterface(reply, editable=True)) as url:
        client = Client(url, verbose=False)
        info = client.view_api(print_info=False, return_format="dict")
        assert list(info["named_endpoints"]) == ["/reply"]
        assert client.predict("hi", api_name="/reply") == "hi after 0"


def test_cancel_stops_the_model_thread_through_stop_on_close():
    import queue
    import threading

    from rillet.stopping import stop_on_close

    tokens: queue.Queue[str | None] = queue.Queue()
    started, ended = threading.Event(), threading.Event()

    def model_loop(stopping_criteria) -> None:  # a stand-in for model.generate
        try:
            n = 0
            while not any(c(None, None) for c in stopping_criteria):
                n += 1
                tokens.put(f"t{n} ")
                started.set()
                ended.wait(0.01)
        finally:
            tokens.put(None)
            ended.set()

    def respond(message, history):
        with stop_on_close() as stop:
            threading.Thread(target=model_loop, args=([stop],), daemon=True).start()
            text = ""
            while (token := tokens.get(timeout=10)) is not None:
                text += token
                yield text

    with serve(gr.ChatInterface(respond)) as url:
        client = Client(url, verbose=False)
        job = client.submit("go", api_name="/respond")
        assert started.wait(10)
        assert not ended.is_set()
        job.cancel()
        assert ended.wait(10), "Stop did not reach the model thread"
