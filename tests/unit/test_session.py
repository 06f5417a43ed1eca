"""The session log: order, resume from a seq, merging of unsent diffs, close_stream."""

import json

from rillet import protocol
from rillet.core.session import Session

from . import aio


def writes_until_close(session, after):
    """What the stream writes, one list of messages per write."""

    async def main():
        out = []
        async for chunk in session.stream(after, heartbeat=5):
            frames = [f for f in chunk.decode().split("\n\n") if f]
            out.append([json.loads(f[len("data: ") :]) for f in frames])
        return out

    return aio.run(main())


def frames_until_close(session, after):
    return [m for write in writes_until_close(session, after) for m in write]


def generating(event_id, text):
    return protocol.ProcessGenerating(
        event_id=event_id, output=protocol.output([text], is_generating=True)
    )


def test_messages_carry_increasing_seq_and_end_with_close_stream():
    s = Session("s")
    s.begin("e")
    s.send(protocol.ProcessStarts(event_id="e"))
    s.send(generating("e", "a"))
    s.end("e")
    got = frames_until_close(s, None)
    assert [m["msg"] for m in got] == ["process_starts", "process_generating", "close_stream"]
    assert [m["seq"] for m in got] == [1, 2, 3]


def test_an_events_end_and_close_stream_are_one_write():
    # Read apart, a client (@gradio/client) could join its next event in between, see
    # its stream still open, and then have it closed under that event.
    s = Session("s")
    s.begin("e")
    s.send(protocol.ProcessStarts(event_id="e"))
    s.send(protocol.ProcessCompleted(event_id="e", output={}, success=True))
    s.end("e")
    writes = writes_until_close(s, None)
    assert [[m["msg"] for m in w] for w in writes] == [
        ["process_starts"],
        ["process_completed", "close_stream"],
    ]


def test_resume_from_a_seq_replays_only_what_follows():
    s = Session("s")
    s.begin("e")
    for text in "abc":
        s.send(generating("e", text))
    s.end("e")
    first = frames_until_close(s, None)
    again = frames_until_close(s, 1)
    assert [m["seq"] for m in again] == [2, 3, 4]
    assert again == first[1:]


def test_unknown_session_state_says_not_found_when_nothing_is_pending():
    s = Session("s")
    got = frames_until_close(s, None)
    assert got[0]["msg"] == "unexpected_error" and got[0]["session_not_found"] is True


def test_unsent_generating_message_can_be_replaced_but_a_sent_one_cannot():
    s = Session("s")
    s.begin("e")
    s.send(generating("e", "a"))
    assert s.replace_unsent(generating("e", "ab"))
    s.end("e")
    got = frames_until_close(s, None)
    assert got[0]["output"]["data"] == ["ab"] and got[0]["seq"] == 1
    assert not s.replace_unsent(generating("e", "abc"))


def test_close_stream_in_the_middle_of_a_replay_is_skipped():
    s = Session("s")
    s.begin("e1")
    s.send(generating("e1", "a"))
    s.end("e1")  # close_stream, seq 2
    s.begin("e2")
    s.send(generating("e2", "b"))
    s.end("e2")  # close_stream, seq 4
    got = frames_until_close(s, 0)
    assert [m["msg"] for m in got] == ["process_generating", "process_generating", "close_stream"]


def test_a_finished_event_drops_its_unsent_updates_but_not_what_was_streamed():
    s = Session("s")
    s.begin("e")
    s.send(generating("e", "a"))
    s.delivered = 1  # the first one went out
    s.send(generating("e", "b"))
    s.send(protocol.Log(event_id="e", log="note", level="info"))
    assert s.drop_unsent("e") == 1
    assert [e.kind for e in s.entries] == ["process_generating", "log"]


def test_an_idle_session_prunes_its_whole_log_and_a_late_reader_is_told():
    s = Session("s", retention=0.0)
    s.begin("e")
    s.send(generating("e", "a"))
    s.end("e")
    s.prune(now=s.last_active + 1)
    assert not s.entries
    got = frames_until_close(s, 0)
    assert [m["msg"] for m in got] == ["unexpected_error"]


def test_closing_tells_each_unfinished_event_and_ends_the_stream():
    s = Session("s")
    s.begin("e1")
    s.begin("e2")
    s.close("Server stopped")
    got = frames_until_close(s, None)
    assert [(m["msg"], m["event_id"]) for m in got] == [
        ("unexpected_error", "e1"),
        ("unexpected_error", "e2"),
    ]
    assert frames_until_close(s, None)[0]["message"] == "Server stopped"
