"""Chatbot conversions, the diff of a streamed reply, and the spec ChatInterface builds."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.core.diff import apply, diff


def text(s):
    return [{"type": "text", "text": s}]


def wire(role, s, metadata=None, options=None):
    """A message as Gradio 6 sends it (and rillet too): its four keys, always."""
    return {"role": role, "metadata": metadata, "content": text(s), "options": options}


def test_chatbot_postprocess_messages_to_typed_parts():
    bot = gr.Chatbot(render=False)
    out = bot.postprocess(
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    )
    assert out == [wire("user", "hi"), wire("assistant", "hello")]


def test_chatbot_postprocess_pairs_and_none():
    bot = gr.Chatbot(render=False)
    assert bot.postprocess(None) == []
    assert bot.postprocess([["a", "b"], ["c", None]]) == [
        wire("user", "a"),
        wire("assistant", "b"),
        wire("user", "c"),
    ]


def test_chatbot_postprocess_rejects_bad_messages():
    bot = gr.Chatbot(render=False)
    with pytest.raises(ValueError):
        bot.postprocess([{"role": "robot", "content": "x"}])
    with pytest.raises(ValueError):
        bot.postprocess([["only one"]])


def test_chatbot_preprocess_gives_gradio_6_typed_parts():
    bot = gr.Chatbot(render=False)
    wire = [
        {"role": "user", "content": text("hi")},
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
        },
        {"role": "user", "content": "plain"},
    ]

    def msg(role, *texts):
        parts = [{"text": t, "type": "text"} for t in texts]
        return {"role": role, "metadata": None, "content": parts, "options": None}

    assert bot.preprocess(wire) == [
        msg("user", "hi"),
        msg("assistant", "a", "b"),
        msg("user", "plain"),
    ]
    assert bot.preprocess(None) == []


def test_round_trip():
    bot = gr.Chatbot(render=False)
    history = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "**a**"}]
    received = bot.preprocess(bot.postprocess(history))
    assert [m["content"][0]["text"] for m in received] == ["q", "**a**"]
    # the history a function got, returned unchanged, is the same history
    assert bot.preprocess(bot.postprocess(received)) == received


@pytest.mark.parametrize("turns", [0, 50])
def test_growing_reply_is_one_append_at_the_last_message(turns):
    bot = gr.Chatbot(render=False)
    history = [
        {"role": r, "content": f"turn {i}"} for i in range(turns) for r in ("user", "assistant")
    ]
    history.append({"role": "user", "content": "go"})
    old = bot.postprocess([*history, {"role": "assistant", "content": "Hel"}])
    new = bot.postprocess([*history, {"role": "assistant", "content": "Hello"}])
    edits = diff(old, new)
    assert edits == [["append", [len(history), "content", 0, "text"], "lo"]]
    assert apply(old, edits) == new


def test_new_reply_message_is_one_add():
    bot = gr.Chatbot(render=False)
    old = bot.postprocess([{"role": "user", "content": "go"}])
    new = bot.postprocess(
        [{"role": "user", "content": "go"}, {"role": "assistant", "content": "Y"}]
    )
    assert diff(old, new) == [["add", [1], wire("assistant", "Y")]]


def echo(message, history):
    yield f"{len(history)}:{message}"


def test_chat_interface_spec():
    demo = gr.ChatInterface(echo, title="T", description="D", examples=["ex"])
    config = demo.get_config()
    assert config["mode"] == "chat_interface"
    assert config["description"] == "D"
    types = {c["id"]: c["type"] for c in config["components"]}
    assert "chatbot" in types.values()
    public = [d for d in demo.dependencies if d.api_visibility == "public"]
    assert [d.api_name for d in public] == ["echo"]  # named after the function, as Gradio
    api = public[0]
    assert api.inputs == [demo.textbox, demo.api_history]
    assert api.outputs == [demo.api_response, demo.api_history]
    submit = demo.dependencies[0]
    assert (demo.textbox._id, "submit") in submit.targets
    respond = demo.respond_event
    assert respond.trigger_after == submit.id and respond.outputs == [demo.chatbot]
    assert respond.generator
    assert respond.frontend == {"running_swap": [demo.submit_btn._id, demo.stop_btn._id]}
    stops = [d for d in demo.dependencies if (demo.stop_btn._id, "click") in d.targets]
    assert len(stops) == 1 and respond.id in stops[0].cancels
    assert len(demo.example_buttons) == 1


def test_chat_interface_steps():
    demo = gr.ChatInterface(echo)
    cleared, shown, saved = demo._add_user("hi", [])
    assert (cleared, saved) == ("", "hi")
    assert shown == [{"role": "user", "content": "hi"}]
    steps = list(demo.respond_event.fn(saved, shown))
    assert steps == [[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "0:hi"}]]
    # the API keeps the session's turns, as Gradio does (a State beside the reply)
    ((reply, turns),) = demo.api_event.fn("yo", [])
    assert reply == "0:yo"
    assert turns == [{"role": "user", "content": "yo"}, {"role": "assistant", "content": "0:yo"}]
    assert [r for r, _ in demo.api_event.fn("again", turns)] == ["2:again"]
    assert demo._add_user("   ", [])[2] == ""
    assert list(demo.respond_event.fn("", shown)) == [shown]


def test_chat_interface_additional_inputs_and_return():
    def fn(message, history, suffix):
        return message + suffix

    demo = gr.ChatInterface(fn, additional_inputs=[gr.Textbox("!")])
    assert demo.api_event.inputs == [demo.textbox, demo.api_history, demo.additional_inputs[0]]
    assert [r for r, _ in demo.api_event.fn("a", [], "?")] == ["a?"]
    assert list(demo.respond_event.fn("a", [], "!"))[-1][-1] == {
        "role": "assistant",
        "content": "a!",
    }


def test_chat_interface_async_generator():
    import asyncio
    import concurrent.futures

    async def fn(message, history):
        yield "a"
        yield "ab"

    demo = gr.ChatInterface(fn)

    async def collect(gen):
        return [item async for item in gen]

    def run(coroutine):
        # in a thread of its own: this test may run after the browser tests, whose
        # driver keeps a loop running in the main thread
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    assert [r for r, _ in run(collect(demo.api_event.fn("x", [])))] == ["a", "ab"]
    steps = run(collect(demo.respond_event.fn("x", [{"role": "user", "content": "x"}])))
    assert steps[-1][-1] == {"role": "assistant", "content": "ab"}


def test_reused_wire_messages_see_in_place_changes():
    bot = gr.Chatbot(render=False)
    history = [{"role": "user", "content": "go"}, {"role": "assistant", "content": "a"}]
    first = bot.postprocess(history)
    history[-1]["content"] += "b"  # the same dict, new content
    second = bot.postprocess(history)
    assert first[0] is second[0]  # unchanged message reused as is
    assert diff(first, second) == [["append", [1, "content", 0, "text"], "b"]]
    history[0]["role"] = "assistant"
    assert bot.postprocess(history)[0]["role"] == "assistant"
