"""The history in Gradio 6.31's shape: ``Chatbot.preprocess`` gives each message as
``{"role", "metadata", "content": [typed parts], "options"}`` (the expected values below are
what Gradio 6.31 gives for the same messages), postprocess still takes every form Gradio
takes, and ChatInterface's own steps read and write histories of that shape."""

from __future__ import annotations

from pathlib import Path

import rillet as gr
from rillet.chat import (
    _add_user,
    _add_user_multimodal,
    _as_messages,
    _popper,
    _reply_text,
    _retrier,
    _turn_before,
    chat_title,
)
from rillet.components.chatbot import Chatbot, ChatMessage, parts_text
from rillet.core.files import FileStore, writing_to


def text(value):
    return {"text": value, "type": "text"}


def message(role, *parts, metadata=None, options=None):
    return {"role": role, "metadata": metadata, "content": list(parts), "options": options}


def received(value):
    """What a function with a Chatbot input gets after the page showed ``value``."""
    bot = Chatbot(render=False)
    return bot.preprocess(bot.postprocess(value))


def test_string_content_arrives_as_a_list_of_text_parts():
    history = received(
        [
            {"role": "system", "content": "be kind"},
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": ""},
        ]
    )
    assert history == [
        message("system", text("be kind")),
        message("user", text("hi")),
        message("assistant", text("")),
    ]
    assert history[1]["content"][0]["text"] == "hi"


def test_parts_pairs_and_chat_messages_arrive_in_the_same_shape():
    assert received([{"role": "user", "content": [text("a"), {"type": "text", "text": "b"}]}]) == [
        message("user", text("a"), text("b"))
    ]
    assert received([["q", "a"], [None, "more"]]) == [
        message("user", text("q")),
        message("assistant", text("a")),
        message("assistant", text("more")),
    ]
    thought = ChatMessage("looking", metadata={"title": "Search", "status": "done"})
    offer = ChatMessage("pick one", options=[{"value": "x", "label": "X"}])
    assert received([thought, offer]) == [
        # a ChatMessage's empty metadata and options stay {} and [], as in Gradio
        message(
            "assistant", text("looking"), metadata={"title": "Search", "status": "done"}, options=[]
        ),
        message("assistant", text("pick one"), metadata={}, options=[{"value": "x", "label": "X"}]),
    ]


def test_files_and_components_arrive_as_file_and_component_parts(tmp_path: Path):
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG fake")
    with writing_to(FileStore(allowed_paths=[str(tmp_path)]), "s"):
        history = received(
            [
                {"role": "user", "content": ["look", {"path": str(image), "alt_text": "a cat"}]},
                {"role": "assistant", "content": gr.Image(str(image))},
            ]
        )
    look, part = history[0]["content"]
    assert look == text("look")
    assert set(part) == {"file", "alt_text", "type"}
    assert (part["type"], part["alt_text"]) == ("file", "a cat")
    assert part["file"]["orig_name"] == "cat.png"
    assert Path(part["file"]["path"]).read_bytes() == b"\x89PNG fake"
    (component,) = history[1]["content"]
    assert (component["type"], component["component"]) == ("component", "image")


def test_the_history_a_function_got_returns_unchanged(tmp_path: Path):
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG fake")
    bot = Chatbot(render=False)
    with writing_to(FileStore(allowed_paths=[str(tmp_path)]), "s"):
        wire = bot.postprocess(
            [
                {"role": "user", "content": [{"path": str(image)}, "what is it?"]},
                ChatMessage("thinking", metadata={"title": "Tool"}),
                {"role": "assistant", "content": "A cat.", "options": [{"value": "More"}]},
            ]
        )
        history = bot.preprocess(wire)
        assert Chatbot(render=False).postprocess(history) == wire
        # and with a reply added in the string form, as apps do
        grown = Chatbot(render=False).postprocess([*history, {"role": "user", "content": "ok"}])
    assert grown[:3] == wire
    assert grown[3]["content"] == [{"type": "text", "text": "ok"}]


def test_gradio_forms_of_parts_on_output():
    bot = Chatbot(render=False)
    part = {"type": "component", "component": "html", "value": "<b>x</b>", "props": {}}
    wire = bot.postprocess([{"role": "assistant", "content": [{**part, "instance": object()}]}])
    assert "instance" not in wire[0]["content"][0]  # Gradio's preprocess adds it; not sent
    url = "https://example.com/a.png"
    wire = bot.postprocess([{"role": "assistant", "content": {"file": {"path": url, "url": url}}}])
    assert wire[0]["content"][0]["type"] == "file"
    assert wire[0]["content"][0]["file"]["url"] == url


def test_parts_text_reads_every_form():
    assert parts_text("plain") == "plain"
    assert parts_text([text("a"), {"type": "file", "file": {}}, text("b")]) == "ab"
    assert parts_text(["a", {"path": "x.png"}, "b"]) == "ab"
    assert parts_text(text("t")) == "t"
    assert parts_text(("x.png",)) == ""
    assert parts_text(None) == ""


# -- ChatInterface's steps on histories of this shape ---------------------------------------


def test_the_reply_step_gives_fn_the_history_before_the_turn():
    before = [message("user", text("a")), message("assistant", text("ra"))]
    _, shown, saved = _add_user("b", before)
    assert _turn_before(saved, received(shown)) == before


def test_a_multimodal_turn_is_one_user_message_files_first():
    _, shown, saved = _add_user_multimodal({"text": "see", "files": ["/tmp/a.png"]}, [])
    assert shown == [{"role": "user", "content": [{"path": "/tmp/a.png"}, "see"]}]
    assert saved == {"text": "see", "files": ["/tmp/a.png"]}
    as_got = [
        message(
            "user", {"file": {"path": "/s/a.png"}, "alt_text": None, "type": "file"}, text("see")
        )
    ]
    assert _turn_before(saved, as_got) == []
    # files only: the turn is still the last message
    _, shown, saved = _add_user_multimodal({"text": "", "files": ["/tmp/a.png"]}, [])
    assert shown == [{"role": "user", "content": [{"path": "/tmp/a.png"}]}]
    files_only = [message("user", {"file": {"path": "/s/a.png"}, "alt_text": None, "type": "file"})]
    assert _turn_before(saved, files_only) == []


def test_retry_and_undo_read_parts():
    history = [
        message("user", text("a")),
        message("assistant", text("ra")),
        message("user", text("b")),
        message("assistant", text("rb"), metadata={"title": "t"}),
        message("assistant", text("rb2")),
    ]
    kept, again = _retrier(False)(history)
    assert (kept, again) == (history[:3], "b")
    popped, box = _popper(False)(history)
    assert (popped, box) == (history[:2], "b")


def test_retry_joins_a_turn_of_several_messages_into_one():
    file_part = {"file": {"path": "/s/a.png"}, "alt_text": None, "type": "file"}
    history = [
        message("user", file_part),
        message("user", text("see")),
        message("assistant", text("r")),
    ]
    kept, again = _retrier(True)(history)
    assert kept == [{"role": "user", "content": [file_part, text("see")]}]
    assert again == {"text": "see", "files": ["/s/a.png"]}
    assert _turn_before(again, received(kept)) == []


def test_replies_in_history_shape_are_messages_and_text():
    reply = message("assistant", text("a"), text("b"))
    assert _as_messages(reply) == [reply]
    assert _reply_text(reply) == "ab"
    assert _reply_text([reply, {"role": "assistant", "content": "c"}]) == "ab\n\nc"
    assert _reply_text("plain") == "plain"
    assert chat_title([message("user", {"type": "file", "file": {}}, text("hello"))]) == "📎 hello"
