"""ReplyOnPause (rillet/rtc/turns.py) fed real speech (espeak-ng phrases between silences)
in 20 ms microphone frames, with a consumer calling emit(): the reply starts after each
pause and never during speech, barge-in closes the reply's generator, clears the queue and
says how much was sent and heard, the greeting, side outputs, the other inputs."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from rillet.rtc.handlers import AdditionalOutputs, StreamHandler
from rillet.rtc.turns import AlgoOptions, Reply, ReplyOnPause, audio_seconds
from rillet.rtc.vad import SileroVadOptions
from tests.realtime_guides.speech import conversation, frames, phrase, silence

RATE = 48000
FRAME = RATE // 50  # 20 ms


def drain(handler: ReplyOnPause, limit: int = 10_000) -> list[Any]:
    """Call emit() until the handler has nothing more to send right now."""
    out = []
    for _ in range(limit):
        item = handler.emit()
        if item is None and not handler._wake.is_set():
            return out
        if item is not None:
            out.append(item)
    raise AssertionError("emit() kept producing")


def feed(handler: ReplyOnPause, samples: np.ndarray, rate: int = RATE, **kw: Any) -> None:
    for frame in frames(samples, rate, **kw):
        handler.receive(frame)


def echo_in_chunks(audio: tuple[int, np.ndarray]) -> Iterator[tuple[int, np.ndarray]]:
    rate, samples = audio
    for start in range(0, samples.shape[1], FRAME):
        yield rate, samples[:, start : start + FRAME]


class Recorder:
    """A reply function that records each call and the feeder's position at that time."""

    def __init__(self) -> None:
        self.turns: list[tuple[int, np.ndarray]] = []
        self.fed_at_call: list[int] = []
        self.fed = 0

    def __call__(self, audio: tuple[int, np.ndarray]) -> Iterator[tuple[int, np.ndarray]]:
        self.turns.append(audio)
        self.fed_at_call.append(self.fed)
        yield from echo_in_chunks(audio)


def locate(turn: np.ndarray, spoken: np.ndarray) -> int:
    """Where the phrase ``spoken`` lies, sample for sample, in a turn's audio."""
    first = int(np.flatnonzero(turn)[0])
    offset = first - int(np.flatnonzero(spoken)[0])
    assert np.array_equal(turn[offset : offset + len(spoken)], spoken)
    return offset


# ---- replies come at the pauses ---------------------------------------------------------


def test_a_reply_starts_after_each_pause_and_never_during_speech() -> None:
    algo = AlgoOptions()
    fn = Recorder()
    handler = ReplyOnPause(fn).copy()
    samples, places = conversation(1.0, "weather", 1.5, "story", 1.5)
    received: list[Any] = []
    stop = threading.Event()
    arrived = threading.Condition()

    def consume() -> None:  # the transport's side: emit() again and again
        while not stop.is_set():
            item = handler.emit()
            if item is not None:
                with arrived:
                    received.append(item)
                    arrived.notify_all()

    def caught_up() -> bool:  # the second reply has been sent whole
        reply = handler.reply
        return len(fn.turns) == 2 and reply is not None and reply.finished

    consumer = threading.Thread(target=consume)
    consumer.start()
    try:
        for rate, frame in frames(samples, RATE):
            handler.receive((rate, frame))
            fn.fed += frame.shape[1]
        with arrived:
            assert arrived.wait_for(caught_up, timeout=30)
    finally:
        stop.set()
        consumer.join(5)

    assert len(fn.turns) == 2  # one reply per spoken turn
    for (rate, turn), (start, end), fed in zip(fn.turns, places, fn.fed_at_call, strict=True):
        assert rate == RATE and turn.dtype == np.int16 and turn.shape[0] == 1
        spoken = samples[start:end]
        offset = locate(turn[0], spoken)
        trailing = turn.shape[1] - offset - len(spoken)
        # the turn holds the whole phrase, then a pause: the reply came after the speech ...
        assert trailing / RATE >= algo.audio_chunk_duration - algo.speech_threshold - 0.1
        assert np.all(turn[0, offset + len(spoken) :] == 0)
        # ... and before the next phrase began (its pause is 1.5 s)
        assert trailing / RATE < 1.0
        assert fed >= end + trailing  # fn was called once the pause had been heard
        assert offset > 0  # a little of what came before the first word is kept ...
        assert offset / RATE <= 0.2  # ... not the whole trailing window's silence
    # the consumer got the echoes in order: the second whole, the first whole or, if the
    # second phrase came while it was still being sent, cut there (barge-in)
    echoed = np.concatenate([item[1] for item in received], axis=1)[0]
    first, second = fn.turns[0][1][0], fn.turns[1][1][0]
    assert np.array_equal(echoed[-len(second) :], second)
    head = echoed[: -len(second)]
    assert 0 < len(head) <= len(first) and np.array_equal(head, first[: len(head)])


def test_a_cough_is_not_a_turn_and_short_gaps_inside_a_phrase_are_not_pauses() -> None:
    fn = Recorder()
    handler = ReplyOnPause(fn)
    # 0.1 s of speech (less than started_talking_threshold) between silences: no turn
    cough = phrase("story", RATE)[RATE // 10 : RATE // 5]
    feed(handler, np.concatenate([silence(1, RATE), cough, silence(1.5, RATE)]))
    assert drain(handler) == [] and fn.turns == []
    # "weather" has a 0.2 s gap between its words: still one turn
    samples, _ = conversation(0.5, "weather", 1.2, rate=RATE)
    feed(handler, samples)
    drain(handler)
    assert len(fn.turns) == 1


def test_pause_length_and_minimum_speech_are_settable() -> None:
    """A longer audio_chunk_duration waits longer before replying; a higher
    started_talking_threshold ignores a short phrase."""
    samples, places = conversation(0.5, "weather", 2.5, rate=RATE)
    trailing = []
    for window in (0.6, 1.2):
        fn = Recorder()
        handler = ReplyOnPause(fn, algo_options=AlgoOptions(audio_chunk_duration=window))
        feed(handler, samples)
        drain(handler)
        ((_, turn),) = fn.turns
        offset = locate(turn[0], samples[places[0][0] : places[0][1]])
        trailing.append(turn.shape[1] - offset - (places[0][1] - places[0][0]))
    assert trailing[1] - trailing[0] >= 0.5 * RATE
    fn = Recorder()
    picky = ReplyOnPause(fn, algo_options=AlgoOptions(started_talking_threshold=0.59))
    feed(picky, conversation(0.5, "story", 1.5, rate=RATE)[0][: int(1.0 * RATE)])
    feed(picky, silence(1.5, RATE))
    assert fn.turns == []  # half a second of speech is not enough for this app


def test_max_continuous_speech_answers_without_a_pause() -> None:
    fn = Recorder()
    handler = ReplyOnPause(fn, algo_options=AlgoOptions(max_continuous_speech_s=1.0))
    samples, places = conversation(0.5, "weather", rate=RATE)
    feed(handler, samples)
    drain(handler)
    assert len(fn.turns) == 1
    assert fn.turns[0][1].shape[1] < places[0][1]  # cut while the phrase went on


@pytest.mark.parametrize(("rate", "channels"), [(16000, 1), (8000, 1), (44100, 2), (48000, 2)])
def test_any_rate_and_stereo_input(rate: int, channels: int) -> None:
    fn = Recorder()
    handler = ReplyOnPause(fn)
    samples, _ = conversation(0.5, "story", 1.5, rate=rate)
    feed(handler, samples, rate, channels=channels)
    drain(handler)
    assert len(fn.turns) == 1
    turn_rate, turn = fn.turns[0]
    assert turn_rate == rate and turn.shape[0] == 1 and turn.dtype == np.int16


# ---- barge-in ---------------------------------------------------------------------------


class LongReply:
    """A reply of 5 s of tone in 20 ms chunks, whose ``finally`` is recorded."""

    def __init__(self) -> None:
        self.closed = threading.Event()
        self.calls = 0

    def __call__(self, audio: tuple[int, np.ndarray]) -> Iterator[Any]:
        self.calls += 1
        tone = (3000 * np.sin(np.arange(480) / 4)).astype(np.int16).reshape(1, -1)
        try:
            for index in range(250):
                yield (24000, tone)
                if index % 10 == 0:
                    yield AdditionalOutputs(f"word {index // 10}")
        finally:
            self.closed.set()


def test_barge_in_closes_the_generator_clears_the_queue_and_says_what_was_sent() -> None:
    fn = LongReply()
    cleared = []
    interrupted: list[Reply] = []

    def cut_transcript(reply: Reply) -> AdditionalOutputs:
        interrupted.append(reply)
        return AdditionalOutputs(" ".join(o.args[0] for o in reply.heard_outputs()))

    handler = ReplyOnPause(fn, on_interrupt=cut_transcript)
    handler.set_clear_queue(lambda: cleared.append(True))
    feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    sent = [handler.emit() for _ in range(30)]  # the reply is under way
    assert fn.calls == 1 and all(item is not None for item in sent)
    reply = handler.reply
    assert reply is not None and reply.chunks_sent == sum(audio_seconds(s) > 0 for s in sent)

    question = phrase("question", RATE)
    speech_starts = int(np.flatnonzero(question)[0])
    fed = 0
    for rate, frame in frames(question, RATE):
        handler.receive((rate, frame))
        fed += frame.shape[1]
        if cleared:
            break
    assert cleared == [True]  # the transport dropped what it had not played
    # stopped within a few model windows of the first sound (audio time, not the clock)
    assert (fed - speech_starts) / RATE <= 0.2
    assert reply.interrupted and not fn.closed.is_set()
    transcript = handler.emit()  # the cut transcript, once the generator is closed
    assert isinstance(transcript, AdditionalOutputs)
    heard_words = transcript.args[0].split(" ") if transcript.args[0] else []
    assert len(heard_words) <= 3  # 30 outputs went out: words 0, 1 and 2 at most
    assert fn.closed.is_set()  # the reply's finally ran
    assert interrupted == [reply]
    assert reply.audio_sent_s == pytest.approx(reply.chunks_sent * 0.02)
    assert reply.heard_s is not None and 0 <= reply.heard_s <= reply.audio_sent_s
    # nothing more of the old reply ever comes out; the question gets its own reply
    feed(handler, question[fed:])
    feed(handler, silence(1.0, RATE))
    drain(handler, limit=400)
    assert fn.calls == 2
    assert handler.reply is not reply


class Holds:
    """The transport's side of hold_queue and clear_queue, in the order they came, with the
    microphone sample the handler had been fed up to."""

    def __init__(self, handler: ReplyOnPause) -> None:
        self.calls: list[tuple[str, int]] = []
        self.fed = 0
        handler.set_hold_queue(lambda on: self.calls.append(("hold" if on else "resume", self.fed)))
        handler.set_clear_queue(lambda: self.calls.append(("clear", self.fed)))

    def feed(self, handler: ReplyOnPause, samples: np.ndarray) -> None:
        for rate, frame in frames(samples, RATE):
            self.fed += frame.shape[1]
            handler.receive((rate, frame))


def test_the_first_sound_over_a_reply_holds_it_before_the_detector_decides() -> None:
    fn = LongReply()
    handler = ReplyOnPause(fn)
    holds = Holds(handler)
    holds.feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert all(handler.emit() is not None for _ in range(30))  # the reply is under way
    question = phrase("question", RATE)
    start = holds.fed + int(np.flatnonzero(question)[0])
    holds.feed(handler, question[: RATE // 2])
    kinds = [kind for kind, _ in holds.calls]
    assert kinds == ["hold", "clear"], kinds  # paused at once, then dropped: speech
    (_, held_at), (_, cleared_at) = holds.calls
    assert held_at - start <= FRAME  # in the frame the first sound came in
    assert cleared_at > held_at
    reply = handler.reply
    assert reply is not None and reply.interrupted and reply.held_since is not None


def test_a_sound_that_is_not_speech_pauses_the_reply_then_it_resumes() -> None:
    fn = LongReply()
    handler = ReplyOnPause(fn)
    holds = Holds(handler)
    holds.feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert all(handler.emit() is not None for _ in range(30))
    reply = handler.reply
    assert reply is not None
    knock = np.zeros(RATE // 2, dtype=np.int16)
    knock[:96] = 20000  # a 2 ms click, then quiet
    holds.feed(handler, knock)
    assert [kind for kind, _ in holds.calls] == ["hold", "resume"]
    (_, held_at), (_, resumed_at) = holds.calls
    assert 0.25 <= (resumed_at - held_at) / RATE <= 0.35  # the detector had its time
    assert not reply.interrupted and reply.held_since is None and reply.held_total > 0
    assert handler.emit() is not None and not fn.closed.is_set()  # the reply goes on


def test_time_held_is_not_counted_as_heard() -> None:
    reply = Reply(audio_sent_s=10.0)
    reply.first_audio_at = time.monotonic() - 2.0
    reply.hold(True)
    reply.held_since = time.monotonic() - 1.5  # held for the last 1.5 s of the 2
    assert reply.heard_until_now() == pytest.approx(0.5, abs=0.05)
    reply.hold(False)
    assert reply.held_total == pytest.approx(1.5, abs=0.05)
    assert reply.heard_until_now() == pytest.approx(0.5, abs=0.05)


def test_without_hold_on_sound_the_reply_plays_until_the_detector_hears_speech() -> None:
    handler = ReplyOnPause(LongReply(), algo_options=AlgoOptions(hold_on_sound=False))
    holds = Holds(handler)
    holds.feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert all(handler.emit() is not None for _ in range(30))
    holds.feed(handler, phrase("question", RATE)[: RATE // 2])
    assert [kind for kind, _ in holds.calls] == ["clear"]


def test_the_turns_last_words_do_not_interrupt_its_own_reply() -> None:
    """A transport that emits as each frame comes: the reply starts right after the pause,
    while the trailing window still holds the end of the turn; that is not barge-in."""
    fn = LongReply()
    cleared = []
    handler = ReplyOnPause(fn)
    handler.set_clear_queue(lambda: cleared.append(True))
    samples, _ = conversation(0.5, "weather", 3.0, rate=RATE)
    sent = 0
    for frame in frames(samples, RATE):
        handler.receive(frame)
        sent += audio_seconds(handler.emit()) > 0
    assert fn.calls == 1 and sent > 100
    assert cleared == [] and handler.reply is not None and not handler.reply.interrupted


def test_speech_over_a_reply_still_playing_stops_it_after_its_generator_ended() -> None:
    """The transport holds audio ahead of playback: a reply whose generator is done may
    still be heard for a while, and speaking over it still clears the queue."""
    stopped: list[Reply] = []
    cleared = []

    def long_sentence(audio: tuple[int, np.ndarray]) -> Iterator[Any]:
        yield (24000, np.zeros((1, 24000 * 30), dtype=np.int16))  # 30 s, sent at once

    handler = ReplyOnPause(long_sentence, on_interrupt=stopped.append)
    handler.set_clear_queue(lambda: cleared.append(True))
    feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert audio_seconds(handler.emit()) == 30
    assert handler.emit() is None and handler.reply is not None and handler.reply.finished
    feed(handler, phrase("question", RATE)[: RATE // 2])
    assert cleared == [True] and handler.reply.interrupted
    assert handler.reply.heard_s is not None and handler.reply.heard_s < 30
    handler.emit()
    assert stopped == [handler.reply]


def test_heard_outputs_cut_the_transcript_at_what_was_played() -> None:
    reply = Reply(audio_sent_s=1.0, heard_s=0.45)
    reply.marks = [(0.0, "Once"), (0.2, "upon"), (0.4, "a"), (0.6, "time")]
    assert reply.heard_outputs() == ["Once", "upon", "a"]
    assert Reply(marks=[(0.0, "a"), (5.0, "b")]).heard_outputs() == ["a", "b"]


def test_speech_while_a_chunk_is_being_made_discards_that_chunk() -> None:
    """Barge-in during the generator's step: what that step makes is never sent, and the
    generator is closed by the next emit (its finally runs in emit's thread)."""
    release = threading.Event()
    stepping = threading.Event()
    closed_in: list[str] = []

    def slow(audio: tuple[int, np.ndarray]) -> Iterator[Any]:
        try:
            yield (24000, np.ones((1, 480), dtype=np.int16))
            stepping.set()
            release.wait(10)
            yield (24000, np.full((1, 480), 7, dtype=np.int16))
        finally:
            closed_in.append(threading.current_thread().name)

    handler = ReplyOnPause(slow)
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])
    assert handler.emit() is not None
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(handler.emit()), name="emitter")
    worker.start()
    assert stepping.wait(10)
    feed(handler, phrase("question", RATE)[: RATE // 2])  # speak over it
    assert handler.reply is not None and handler.reply.interrupted
    release.set()
    worker.join(10)
    assert result == [None]  # the chunk made meanwhile was dropped
    closer = threading.Thread(target=handler.emit, name="closer")
    closer.start()
    closer.join(10)
    assert closed_in == ["closer"]


def test_without_can_interrupt_the_reply_plays_to_its_end() -> None:
    fn = LongReply()
    cleared = []
    handler = ReplyOnPause(fn, can_interrupt=False)
    handler.set_clear_queue(lambda: cleared.append(True))
    feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert handler.emit() is not None
    feed(handler, conversation("question", 1.0, rate=RATE)[0])  # ignored while it replies
    out = drain(handler)
    assert cleared == [] and fn.closed.is_set() and fn.calls == 1
    assert sum(audio_seconds(o) for o in out) == pytest.approx(5.0 - 0.02)
    assert handler.reply is not None and handler.reply.finished


# ---- greeting, side outputs, other inputs, async -------------------------------------------


def test_startup_fn_greets_and_can_be_interrupted() -> None:
    greeted = threading.Event()

    def greeting() -> Iterator[Any]:
        try:
            yield AdditionalOutputs("Hi! Ask me anything.")
            for _ in range(100):
                yield (24000, np.full((1, 480), 100, dtype=np.int16))
        finally:
            greeted.set()

    handler = ReplyOnPause(Recorder(), startup_fn=greeting).copy()
    handler.start_up()
    first = handler.emit()
    assert isinstance(first, AdditionalOutputs) and first.args == ("Hi! Ask me anything.",)
    assert audio_seconds(handler.emit()) == pytest.approx(0.02)
    feed(handler, phrase("question", RATE)[: RATE // 2])
    handler.emit()
    assert greeted.is_set() and handler.reply is not None and handler.reply.interrupted


def test_additional_outputs_pass_through_alone_and_with_audio() -> None:
    def talk(audio: tuple[int, np.ndarray]) -> Iterator[Any]:
        chunk = (24000, np.zeros((1, 2400), dtype=np.int16))
        yield AdditionalOutputs("you said something")
        yield chunk, AdditionalOutputs("reply part 1")
        yield chunk

    handler = ReplyOnPause(talk)
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])
    out = drain(handler)
    assert [type(o).__name__ for o in out] == ["AdditionalOutputs", "tuple", "tuple"]
    assert out[0].args == ("you said something",)
    assert isinstance(out[1][1], AdditionalOutputs) and out[1][1].args == ("reply part 1",)
    reply = handler.reply
    assert reply is not None and reply.finished and reply.audio_sent_s == pytest.approx(0.2)
    assert [m[0] for m in reply.marks] == [0.0, 0.0]


def test_the_other_inputs_follow_the_audio() -> None:
    seen = []

    def answer(audio: tuple[int, np.ndarray], voice: str, speed: float) -> Iterator[Any]:
        seen.append((voice, speed))
        yield AdditionalOutputs(voice)

    handler = ReplyOnPause(answer)
    handler.set_args(["alto", 1.5])
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])
    assert drain(handler)[0].args == ("alto",)
    assert seen == [("alto", 1.5)]


def test_an_async_reply_runs_and_is_closed_on_barge_in() -> None:
    closed = []

    async def reply(audio: tuple[int, np.ndarray]) -> Any:
        try:
            for _ in range(200):
                await asyncio.sleep(0)
                yield (24000, np.ones((1, 480), dtype=np.int16))
        finally:
            closed.append(True)

    handler = ReplyOnPause(reply)
    feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert audio_seconds(handler.emit()) == pytest.approx(0.02)
    feed(handler, phrase("question", RATE)[: RATE // 2])
    handler.emit()
    assert closed == [True]
    loops = [t for t in threading.enumerate() if t.name == "rillet-reply-loop"]
    assert loops
    handler.shutdown()  # its loop's thread ends with the connection
    for thread in loops:
        thread.join(5)
    assert not any(t.is_alive() for t in loops)


def test_an_async_reply_runs_even_when_the_calling_thread_runs_a_loop() -> None:
    """emit() called from a thread that runs an event loop (as under Playwright's or a
    notebook's): the reply's own loop is in its own thread."""

    async def reply(audio: tuple[int, np.ndarray]) -> Any:
        yield AdditionalOutputs("async hello")

    handler = ReplyOnPause(reply)
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])

    async def main() -> list[Any]:
        return drain(handler)

    out: list[Any] = []
    runner = threading.Thread(target=lambda: out.extend(asyncio.run(main())))
    runner.start()
    runner.join(30)
    assert [o.args for o in out] == [("async hello",)]
    handler.shutdown()


def test_shutdown_closes_the_running_reply() -> None:
    fn = LongReply()
    handler = ReplyOnPause(fn)
    feed(handler, conversation(0.5, "weather", 1.0, rate=RATE)[0])
    assert handler.emit() is not None
    handler.shutdown()
    assert fn.closed.is_set()
    assert handler.emit() is None


def test_copies_keep_their_own_turns() -> None:
    fn = Recorder()
    prototype = ReplyOnPause(fn, algo_options=AlgoOptions(audio_chunk_duration=0.8))
    first, second = prototype.copy(), prototype.copy()
    assert first.algo_options.audio_chunk_duration == 0.8 and first.fn is fn
    feed(first, conversation(0.5, "story", 1.2, rate=RATE)[0])
    feed(second, conversation(0.5, "story", rate=RATE)[0])  # still speaking
    drain(first)
    drain(second)
    assert len(fn.turns) == 1


def test_a_reply_function_that_is_not_a_generator_is_a_clear_error() -> None:
    handler = ReplyOnPause(lambda audio: audio)
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])
    with pytest.raises(TypeError, match="generator function"):
        handler.emit()


def test_a_fastrtc_style_model_can_replace_silero() -> None:
    class Loudness:
        """Speech is any window louder than a whisper (FastRTC's vad() shape)."""

        def vad(self, audio: tuple[int, np.ndarray], options: Any) -> tuple[float, list[Any]]:
            rate, samples = audio
            loud = float(np.abs(samples).mean()) > 0.01
            return (len(samples) / rate if loud else 0.0), []

    fn = Recorder()
    handler = ReplyOnPause(fn, model=Loudness(), model_options=SileroVadOptions(threshold=0.5))
    feed(handler, conversation(0.5, "story", 1.0, rate=RATE)[0])
    drain(handler)
    assert len(fn.turns) == 1


# ---- FastRTC's shape --------------------------------------------------------------------


def test_signature_and_defaults_are_fastrtcs() -> None:
    """FastRTC 0.0.34's ReplyOnPause and AlgoOptions, written down (its own venv was
    inspected; it is not a test dependency)."""
    parameters = inspect.signature(ReplyOnPause.__init__).parameters
    fastrtc = {
        "fn": inspect.Parameter.empty,
        "startup_fn": None,
        "algo_options": None,
        "model_options": None,
        "can_interrupt": True,
        "expected_layout": "mono",
        "output_sample_rate": 24000,
        "output_frame_size": None,
        "input_sample_rate": 48000,
        "model": None,
        "needs_args": False,
    }
    positional = [n for n, p in parameters.items() if p.kind == p.POSITIONAL_OR_KEYWORD]
    assert positional == ["self", *fastrtc]
    assert {n: parameters[n].default for n in fastrtc} == fastrtc
    assert issubclass(ReplyOnPause, StreamHandler)
    options = AlgoOptions()
    assert (
        options.audio_chunk_duration,
        options.started_talking_threshold,
        options.speech_threshold,
        options.max_continuous_speech_s,
    ) == (0.6, 0.2, 0.1, float("inf"))
    assert SileroVadOptions() == SileroVadOptions(0.5, 250, float("inf"), 2000, 1024, 400)
