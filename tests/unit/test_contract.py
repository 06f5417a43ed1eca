"""The seam between core and components: each component declares its output stream with
one method; a job's outputs prepare and commit every result through those streams."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import numpy as np
import pytest

import rillet as gr
from rillet.core import diff
from rillet.core.contract import UNCHANGED, Finish, Policy, Run, Skipped
from rillet.core.files import FileStore
from rillet.core.outputs import Files, Outputs, split_outputs
from rillet.core.streams import ChunkStream, DiffStream, FrameStream, StateStream

GENERATOR = Run(generator=True, live=False, state={})


class Counter:
    """A toy stream: each value is a number of new events, the client sees the total."""

    policy: Policy = "keep"
    heavy = False
    holds_files = False

    def __init__(self) -> None:
        self.value = 0

    def prepare(self, value: Any) -> Any:
        if not isinstance(value, int) or value < 0:
            raise Skipped(f"not a count: {value!r}")
        return value or UNCHANGED

    def commit(self, payload: Any) -> Any:
        self.value += payload
        return [["replace", [], self.value]]

    def finish(self) -> Finish | None:
        return None


class Counted(gr.Number):
    def output_stream(self, run: Run) -> Counter:
        return Counter()


@pytest.fixture
def files(tmp_path):
    return Files(FileStore(root=tmp_path), "owner", "http://x/")


def test_each_component_declares_its_stream():
    assert type(gr.Textbox().output_stream(GENERATOR)) is DiffStream
    chat = gr.Chatbot().output_stream(GENERATOR)
    assert type(chat) is DiffStream and not chat.holds_files
    assert type(gr.Image().output_stream(GENERATOR)) is FrameStream
    assert type(gr.Audio(streaming=True).output_stream(GENERATOR)) is ChunkStream
    assert type(gr.Video(streaming=True).output_stream(GENERATOR)) is ChunkStream
    assert type(gr.Audio().output_stream(GENERATOR)) is DiffStream  # whole files
    assert gr.Audio().output_stream(GENERATOR).heavy
    assert type(gr.State().output_stream(GENERATOR)) is StateStream
    policies = [
        c.output_stream(GENERATOR).policy
        for c in (gr.Textbox(), gr.Image(), gr.Video(streaming=True))
    ]
    assert policies == ["diff", "latest", "keep"]


def test_unchanged_is_one_object_through_copies_and_pickles():
    assert copy.deepcopy(UNCHANGED) is UNCHANGED
    assert pickle.loads(pickle.dumps(UNCHANGED)) is UNCHANGED
    assert repr(UNCHANGED) == "UNCHANGED"


def test_skipped_outputs_become_unchanged_before_any_stream():
    a, b = gr.Textbox(), gr.Textbox()
    a._id, b._id = 1, 2
    assert split_outputs(("x", gr.skip()), [a, b]) == ["x", UNCHANGED]
    assert split_outputs({b: "y"}, [a, b]) == [UNCHANGED, "y"]
    update = gr.update(visible=False)
    assert split_outputs(update, [a]) == [update]  # props: not a skip


def test_a_toy_stream_is_prepared_and_committed_alone(files):
    outputs = Outputs([Counted(), gr.Textbox()], GENERATOR, files)
    assert outputs.policy == "keep"  # the strictest of the outputs'
    prepared = outputs.prepare((2, "a"))
    assert prepared.payloads == [2, "a"]
    assert outputs.commit(prepared.payloads) == [[["replace", [], 2]], [["replace", [], "a"]]]
    prepared = outputs.prepare((0, "ab"))
    assert prepared.payloads == [UNCHANGED, "ab"]
    assert outputs.commit(prepared.payloads) == [UNCHANGED, [["append", [], "b"]]]
    prepared = outputs.prepare((-1, gr.skip()))
    assert prepared.payloads == [UNCHANGED, UNCHANGED]
    assert prepared.skipped == ["not a count: -1"]
    assert outputs.commit(prepared.payloads) == [UNCHANGED, UNCHANGED]
    assert outputs.values() == [2, "ab"]
    assert outputs.last_step() is None


def test_the_same_payload_again_changes_nothing(files):
    outputs = Outputs([gr.Textbox()], GENERATOR, files)
    outputs.commit(outputs.prepare("same").payloads)
    assert outputs.commit(outputs.prepare("same").payloads) == [UNCHANGED]


def test_updates_keep_their_props_and_postprocess_their_value(files):
    outputs = Outputs([gr.Number(), gr.Row()], GENERATOR, files)
    payloads = outputs.prepare(
        (gr.update(value="3", visible=False), gr.update(visible=False))
    ).payloads
    assert payloads == [
        {"__type__": "update", "value": 3, "visible": False},
        {"__type__": "update", "visible": False},
    ]
    with pytest.raises(TypeError, match="has no value"):
        outputs.prepare((1, "a value for a Row"))


def test_state_is_kept_on_the_server_and_sends_nothing(files):
    state = gr.State()
    state._id = 7
    session_state: dict[int, Any] = {}
    run = Run(generator=True, live=False, state=session_state)
    outputs = Outputs([state], run, files)
    assert outputs.commit(outputs.prepare({"n": 1}).payloads) == [UNCHANGED]
    assert session_state == {7: {"n": 1}} and outputs.values() == [None]
    outputs.commit(outputs.prepare(gr.update(visible=True)).payloads)
    assert session_state == {7: {"n": 1}}


def test_frames_are_encoded_fast_while_streaming_and_whole_otherwise(files):
    frame = np.zeros((8, 8, 3), dtype=np.uint8)
    streamed = Outputs([gr.Image()], GENERATOR, files).prepare(frame).payloads[0]
    once = Outputs([gr.Image()], Run(generator=False, live=False, state={}), files)
    assert streamed["orig_name"] == "image.jpeg"
    assert once.prepare(frame).payloads[0]["orig_name"] == "image.webp"
    live = Outputs(
        [gr.Image()],
        Run(generator=False, live=True, state={}),
        Files(files.store, "owner", "http://x/", inline=True),
    )
    assert live.prepare(frame).payloads[0]["url"].startswith("data:image/jpeg;base64,")


def test_a_bad_frame_is_skipped_with_the_outputs_name(files):
    outputs = Outputs([gr.Image(label="Camera")], GENERATOR, files)
    prepared = outputs.prepare(object())
    assert prepared.payloads == [UNCHANGED]
    assert prepared.skipped[0].startswith("Camera: skipped a chunk of the stream: ")


def test_the_edits_sent_rebuild_the_value(files):
    outputs = Outputs([gr.Chatbot()], GENERATOR, files)
    history: list[dict[str, Any]] = [{"role": "user", "content": "hi"}]
    outputs.commit(outputs.prepare(history).payloads)
    shown = copy.deepcopy(outputs.values()[0])
    reply = ""
    for token in ("Hel", "lo", "!"):
        reply += token
        (edits,) = outputs.commit(
            outputs.prepare([*history, {"role": "assistant", "content": reply}]).payloads
        )
        shown = diff.apply(shown, edits)
    assert shown == outputs.values()[0]
    assert shown[-1]["content"][0]["text"] == "Hello!"
