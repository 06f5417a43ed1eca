"""A job's result messages: the first whole, then edits, nothing for a result that changes
nothing, and merged into the unsent message when the client is far behind."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rillet import protocol
from rillet.core import diff
from rillet.core.contract import UNCHANGED
from rillet.core.sending import MERGE_BACKLOG, MERGE_BYTES, Sender
from rillet.core.session import Session


def sent(session: Session) -> list[Any]:
    """The ``output.data`` of each message in the session's log."""
    return [
        json.loads(e.frame.decode()[len("data: ") :])["output"]["data"] for e in session.entries
    ]


def replay(messages: list[Any]) -> list[Any]:
    """What a client that applies every message has."""
    values = messages[0]
    for data in messages[1:]:
        values = [diff.apply(v, edits) for v, edits in zip(values, data, strict=True)]
    return values


def test_first_whole_then_edits_and_nothing_for_no_change():
    session = Session("s")
    sender = Sender("e", session)
    sender.generating([[["replace", [], "a"]], UNCHANGED], ["a", None], mergeable=True)
    sender.generating([UNCHANGED, UNCHANGED], ["a", None], mergeable=True)
    sender.generating([[["append", [], "b"]], UNCHANGED], ["ab", None], mergeable=True)
    assert sent(session) == [["a", None], [[["append", [], "b"]], []]]


def test_a_client_far_behind_gets_one_merged_message():
    session = Session("s")
    sender = Sender("e", session)
    text = "t0"
    sender.generating([[["replace", [], text]]], [text], mergeable=True)
    for i in range(1, MERGE_BACKLOG + 30):
        text += f" t{i}"
        sender.generating([[["append", [], f" t{i}"]]], [text], mergeable=True)
    messages = sent(session)
    assert len(messages) == MERGE_BACKLOG  # the last one took in all the later results
    assert messages[-1] == [[["append", [], text[len(replay(messages[:-1])[0]) :]]]]
    assert replay(messages) == [text]


def test_merging_into_the_first_message_keeps_it_whole():
    session = Session("s")
    for _ in range(MERGE_BACKLOG - 1):  # another event's messages, not read yet
        session.send(protocol.ProcessGenerating(event_id="other", output={"data": [1]}))
    sender = Sender("e", session)
    sender.generating([[["replace", [], "a"]]], ["a"], mergeable=True)
    sender.generating([[["append", [], "b"]]], ["ab"], mergeable=True)
    assert sent(session)[MERGE_BACKLOG - 1 :] == [["ab"]]


def test_media_chunks_are_never_merged():
    session = Session("s")
    sender = Sender("e", session)
    for i in range(20):
        sender.generating([[["replace", [], f"chunk {i}"]]], [f"chunk {i}"], mergeable=False)
    assert len(session.entries) == 20


@pytest.mark.parametrize(
    ("start", "first", "then", "merged"),
    [
        ("", [["append", [], "a"]], [["append", [], "b"]], [["append", [], "ab"]]),
        (None, [["replace", [], "a"]], [["append", [], "b"]], [["replace", [], "ab"]]),
        (["x"], [["add", [1], "a"]], [["append", [1], "b"]], [["add", [1], "ab"]]),
        (
            [{"text": ""}],
            [["append", [0, "text"], "a"]],
            [["replace", [0, "text"], "z"]],
            [["replace", [0, "text"], "z"]],
        ),
        (
            ["x", "y"],
            [["add", [0], "a"], ["append", [1], "b"]],
            [["replace", [], ["x"]]],
            [["replace", [], ["x"]]],
        ),
        (
            ["x", "y"],
            [["append", [0], "a"]],
            [["append", [1], "b"]],
            [["append", [0], "a"], ["append", [1], "b"]],
        ),
        (
            ["x", "y", "z"],
            [["delete", [2], None]],
            [["add", [2], "c"]],
            [["delete", [2], None], ["add", [2], "c"]],
        ),
    ],
)
def test_merged_edits_do_what_both_did(start, first, then, merged):
    assert diff.merge(first, then) == merged
    assert diff.apply(start, merged) == diff.apply(diff.apply(start, first), then)


def test_large_results_are_merged_once_their_unsent_bytes_are_many():
    session = Session("s")
    sender = Sender("e", session)
    big = "x" * (MERGE_BYTES // 2)
    text = big
    sender.generating([[["replace", [], text]]], [text], mergeable=True)
    for _ in range(5):  # far fewer than MERGE_BACKLOG messages, but MERGE_BYTES and more
        text += big
        sender.generating([[["append", [], big]]], [text], mergeable=True)
    messages = sent(session)
    assert len(messages) < 6  # merged past MERGE_BYTES of unsent messages
    assert replay(messages) == [text]
