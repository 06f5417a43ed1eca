"""Chatbot messages with metadata (thoughts), ChatMessage, and media content, in Gradio 6's
wire format; a growing thought reuses the wire form of every other message."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

from rillet.components.chatbot import (
    Chatbot,
    ChatMessage,
    MessageDict,
    MetadataDict,
    OptionDict,
    content_to_parts,
)
from rillet.core.diff import diff
from rillet.core.files import FileRefused, FileStore, writing_to


def test_chat_message_is_gradios_dataclass():
    fields = [f.name for f in dataclasses.fields(ChatMessage)]
    assert fields == ["content", "role", "metadata", "options"]
    message = ChatMessage("hi")
    assert message.role == "assistant" and message.metadata == {} and message.options == []
    assert ChatMessage("a").metadata is not ChatMessage("b").metadata
    assert set(MetadataDict.__annotations__) == {
        "title", "id", "parent_id", "log", "duration", "status",
    }  # fmt: skip
    assert "metadata" in MessageDict.__annotations__ and "value" in OptionDict.__required_keys__
    assert list(inspect.signature(ChatMessage).parameters) == fields


def test_chat_messages_and_metadata_reach_the_wire():
    wire = Chatbot().postprocess(
        [
            ChatMessage("thinking", metadata={"title": "Plan", "id": 1, "status": "pending"}),
            {"role": "assistant", "content": "sub", "metadata": {"title": "Tool", "parent_id": 1}},
            ChatMessage("answer", options=[{"value": "more"}]),
        ]
    )
    assert wire[0] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "thinking"}],
        "metadata": {"title": "Plan", "id": 1, "status": "pending"},
        "options": [],
    }
    assert wire[1]["metadata"] == {"title": "Tool", "parent_id": 1}
    assert wire[1]["options"] is None
    assert wire[2]["options"] == [{"value": "more"}] and wire[2]["metadata"] == {}


def test_metadata_changed_in_place_is_seen():
    bot = Chatbot()
    message = ChatMessage("step", metadata={"title": "T", "status": "pending"})
    first = bot.postprocess([message])
    message.metadata["status"] = "done"
    message.metadata["duration"] = 1.5
    second = bot.postprocess([message])
    assert second[0]["metadata"] == {"title": "T", "status": "done", "duration": 1.5}
    assert first[0]["metadata"]["status"] == "pending"


def test_a_growing_thought_reuses_the_other_messages():
    bot = Chatbot()
    history = [
        ChatMessage(f"tool step {i}", metadata={"title": f"Tool {i}", "status": "done"})
        for i in range(100)
    ]
    thought = ChatMessage("", metadata={"title": "Thinking", "status": "pending"})
    before = bot.postprocess([*history, thought])
    thought.content += "more"
    after = bot.postprocess([*history, thought])
    assert all(a is b for a, b in zip(before[:100], after[:100], strict=True))
    assert diff(before, after) == [["append", [100, "content", 0, "text"], "more"]]


def test_file_content_is_stored_and_sent_as_a_file_part(tmp_path):
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG fake")
    store = FileStore(allowed_paths=[str(tmp_path)])
    with writing_to(store, "session"):
        wire = Chatbot().postprocess(
            [
                {"role": "user", "content": {"path": str(image)}},
                {"role": "user", "content": (str(image), "a cat")},
                {"role": "assistant", "content": ["see:", {"path": str(image)}]},
            ]
        )
    part = wire[0]["content"][0]
    assert part["type"] == "file" and part["alt_text"] is None
    data = part["file"]
    assert data["orig_name"] == "cat.png" and data["mime_type"] == "image/png"
    assert store.holds(Path(data["path"]).resolve())
    assert data["url"].startswith("/gradio_api/file=")
    assert wire[1]["content"][0]["alt_text"] == "a cat"
    assert [p["type"] for p in wire[2]["content"]] == ["text", "file"]


def test_a_file_the_app_may_not_read_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    store = FileStore(blocked_paths=[str(tmp_path)])
    with writing_to(store, "session"), pytest.raises(FileRefused):
        content_to_parts({"path": str(secret)})


def test_component_content_is_a_component_part(tmp_path):
    from rillet.components.file import File
    from rillet.components.image import Image

    pytest.importorskip("PIL")
    image = tmp_path / "dot.png"
    from PIL import Image as PILImage

    PILImage.new("RGB", (4, 4), "red").save(image)
    store = FileStore(allowed_paths=[str(tmp_path)])
    with writing_to(store, "s"):
        parts = content_to_parts([Image(str(image)), File(str(image))])
    assert [p["component"] for p in parts] == ["image", "file"]
    assert all(p["type"] == "component" for p in parts)
    assert parts[0]["value"]["url"].startswith("/gradio_api/file=")
    assert "value" not in parts[0]["props"] and parts[0]["constructor_args"] == {}


def test_url_files_are_linked_not_fetched():
    part = content_to_parts({"path": "https://example.com/a.mp3"})[0]
    assert part["file"]["url"] == "https://example.com/a.mp3"
    assert part["file"]["mime_type"] == "audio/mpeg"


def test_history_with_files_survives_a_round_trip(tmp_path):
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG fake")
    store = FileStore(allowed_paths=[str(tmp_path)])
    bot = Chatbot()
    with writing_to(store, "s"):
        wire = bot.postprocess([{"role": "user", "content": [{"path": str(image)}, "look"]}])
        history = bot.preprocess(wire)
        assert history[0]["content"][1] == {"text": "look", "type": "text"}
        assert history[0]["content"][0]["type"] == "file"
        again = Chatbot().postprocess(history)
    assert again == wire
