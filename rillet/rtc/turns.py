"""Voice turn-taking: reply when the speaker pauses, stop the reply when they speak again.

:class:`ReplyOnPause` is a :class:`~rillet.rtc.handlers.StreamHandler` in FastRTC's shape
(same name, arguments and defaults), so ``ReplyOnPause(echo)`` ports by changing its
import. Per connection (the transport ``copy()``-s it):

1. ``receive`` takes the microphone's frames (any rate, mono or stereo) and runs voice
   activity detection on them (:mod:`rillet.rtc.vad`: Silero, one probability per 32 ms);
2. once the speaker has talked (``started_talking_threshold`` seconds of speech within the
   last ``audio_chunk_duration`` seconds) and then paused (less than ``speech_threshold``
   seconds of speech in the last ``audio_chunk_duration``), the turn's audio, from a little
   before the first word, is handed to ``fn(audio, *latest_args)`` with ``audio`` =
   ``(rate, int16 array shaped (1, n))``;
3. the generator ``fn`` returns is stepped by ``emit()``: each yield (an audio chunk
   ``(rate, array)``, an ``AdditionalOutputs``, or both as a tuple) is what ``emit``
   returns, in order;
4. **barge-in** (``can_interrupt=True``): at the first sound the microphone picks up during
   a reply (:mod:`rillet.rtc.onset`, within 5 ms of audio), ``receive`` calls
   ``hold_queue(True)``: the reply pauses while the detector listens. Once it has heard
   ``AlgoOptions.interrupt_threshold`` seconds of speech (two model windows by default),
   ``receive`` calls ``clear_queue()`` (the transport drops the audio it has not played)
   and ``emit`` returns nothing more of that reply: the next ``emit`` closes its
   generator (its ``finally`` runs) and, with ``on_interrupt``, hands that function the
   :class:`Reply` (how much audio went out and how much had been heard) so the app can cut
   its transcript to what was heard; whatever it returns is emitted next. A sound the
   detector does not call speech within :data:`~rillet.rtc.onset.CONFIRM_S` (a cough, a
   door) resumes the reply where it paused (``hold_queue(False)``).

``startup_fn`` (a greeting) runs when the connection is up; its yields come out of
``emit`` like a reply's, and the user can interrupt it too.

Time is counted in audio received, not on the clock: the same frames give the same turns,
however fast they arrive.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rillet.rtc.handlers import AdditionalOutputs, Layout, StreamHandler
from rillet.rtc.onset import CONFIRM_S, Onset
from rillet.rtc.vad import (
    WINDOW_S,
    SileroVADModel,
    SileroVadOptions,
    require_vad,
    to_mono_int16,
)

if TYPE_CHECKING:
    import numpy as np

#: How long an idle ``emit`` waits for something to send before it returns None: one
#: audio frame, so a transport's loop neither spins nor lags.
IDLE_WAIT_S = 0.02
#: Seconds of a turn's audio kept before the first speech the detector heard (0.10–0.13 s:
#: a word's quiet onset, not the silence before it).
LEAD_IN_S = 0.1


@dataclass
class AlgoOptions:
    """When a turn starts and ends (FastRTC's ``AlgoOptions``: same names and defaults,
    plus ``interrupt_threshold`` and ``hold_on_sound``).

    - ``audio_chunk_duration``: the trailing window, in seconds, that speech is measured
      over; a pause is that long, less ``speech_threshold``. The pause threshold: raise it
      for speakers who stop to think, lower it for snappier replies.
    - ``started_talking_threshold``: seconds of speech within that window that make a
      turn: the minimum speech duration. Shorter sounds (a cough, a click) are ignored.
    - ``speech_threshold``: a window with less speech than this, once the speaker has
      started, is a pause, and the reply starts.
    - ``max_continuous_speech_s``: a turn this long is answered even without a pause.
    - ``interrupt_threshold``: seconds of speech during a reply that stop it (barge-in).
      Default 0.064 (two model windows).
    - ``hold_on_sound``: pause the reply at the first sound during it, before the detector
      has decided (it resumes if that was not speech): the reply goes silent within a
      frame or two of the user's first sound instead of ~0.2 s. Turn it off where the
      microphone hears the reply itself (no echo cancellation): each echo would pause it.
    """

    audio_chunk_duration: float = 0.6
    started_talking_threshold: float = 0.2
    speech_threshold: float = 0.1
    max_continuous_speech_s: float = float("inf")
    interrupt_threshold: float = 0.064
    hold_on_sound: bool = True


@dataclass
class Reply:
    """One reply (or the greeting): what went out and how much of it was heard.

    ``audio_sent_s`` counts the seconds of audio ``emit`` returned; ``heard_s`` is set when
    the reply is interrupted: the seconds that had played by then (the time since its
    first audio went out less the time it was held, at most what was sent: playback runs
    in real time from the first chunk). ``marks`` holds every non-audio output
    (``AdditionalOutputs``, text) with the audio offset it came at, so
    :meth:`heard_outputs` gives those the user had reached: cut a transcript with it.
    """

    audio_sent_s: float = 0.0
    chunks_sent: int = 0
    interrupted: bool = False
    finished: bool = False
    heard_s: float | None = None
    first_audio_at: float | None = None
    held_since: float | None = None  # when the hold running now began
    held_total: float = 0.0  # seconds held before it
    marks: list[tuple[float, Any]] = field(default_factory=list)

    def heard_until_now(self) -> float:
        """Seconds of this reply's audio played so far (estimated from the clock)."""
        if self.heard_s is not None:
            return self.heard_s
        if self.first_audio_at is None:
            return 0.0
        now = time.monotonic()
        return max(0.0, min(self.audio_sent_s, now - self.first_audio_at - self._held(now)))

    def hold(self, on: bool) -> None:
        """Its playback paused (``True``) or resumed: held time is not heard."""
        now = time.monotonic()
        if on and self.held_since is None:
            self.held_since = now
        elif not on and self.held_since is not None:
            self.held_total = self._held(now)
            self.held_since = None

    def _held(self, now: float) -> float:
        """Seconds held since the first audio went out (a hold may begin before it)."""
        if self.held_since is None or self.first_audio_at is None:
            return self.held_total
        return self.held_total + now - max(self.held_since, self.first_audio_at)

    def heard_outputs(self) -> list[Any]:
        """The non-audio outputs whose place in the audio had been reached when the reply
        stopped (all of them while it runs or if it finished)."""
        if self.heard_s is None:
            return [item for _, item in self.marks]
        return [item for offset, item in self.marks if offset <= self.heard_s + 1e-9]


class _TurnTracker:
    """Speech in the trailing window, window by window: when a turn starts and ends."""

    def __init__(self, algo: AlgoOptions) -> None:
        self.algo = algo
        self.recent: deque[bool] = deque(maxlen=max(1, round(algo.audio_chunk_duration / WINDOW_S)))
        self.talking = False

    def speech_s(self) -> float:
        return sum(self.recent) * WINDOW_S

    def step(self, speech: bool) -> Literal["started", "paused"] | None:
        """Add one window; whether a turn started or paused with it."""
        self.recent.append(speech)
        spoken = self.speech_s()
        if not self.talking and spoken >= self.algo.started_talking_threshold:
            self.talking = True
            return "started"
        if self.talking and spoken < self.algo.speech_threshold:
            self.talking = False
            return "paused"
        return None


class _WindowedModel:
    """A FastRTC-style ``model=`` (``vad((rate, audio), options)``) used window by window,
    for models that have no streaming detector of their own."""

    def __init__(self, model: Any, options: Any) -> None:
        self.model = model
        self.options = options
        import numpy as np

        from rillet.rtc.vad import VAD_RATE, WINDOW, Resampler

        self._rate = VAD_RATE
        self._window = WINDOW
        self._resamplers: dict[int, Resampler] = {}
        self._pending = np.zeros(0, dtype=np.float32)

    def push(self, rate: int, samples: Any) -> list[float]:
        import numpy as np

        from rillet.rtc.vad import Resampler, to_mono_float

        resample = self._resamplers.setdefault(rate, Resampler(rate, self._rate))
        pending = np.concatenate((self._pending, resample(to_mono_float(samples))))
        full = len(pending) // self._window
        out = []
        for i in range(full):
            window = pending[i * self._window : (i + 1) * self._window]
            seconds, _ = self.model.vad((self._rate, window), self.options)
            out.append(min(1.0, float(seconds) / WINDOW_S))
        self._pending = pending[full * self._window :]
        return out


class ReplyOnPause(StreamHandler):
    """Answers each spoken turn when the speaker pauses, with ``fn``'s generator; stops
    the answer when they speak over it (``can_interrupt``). See the module's docstring.

    ``fn(audio, *latest_args)`` gets ``(rate, int16 array (1, n))`` and the stream's other
    inputs (``needs_args=True``, or a signature with more than one parameter), and yields
    audio chunks ``(rate, array)``, ``AdditionalOutputs``, or ``(chunk, AdditionalOutputs)``.
    A plain or an ``async`` generator function. ``model`` (a FastRTC ``PauseDetectionModel``)
    replaces the Silero model; ``model_options`` (:class:`SileroVadOptions`) sets its speech
    ``threshold``. ``on_interrupt(reply)`` (rillet's) is called after a barge-in closed the
    reply; what it returns (an ``AdditionalOutputs`` with the cut transcript) is emitted.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        startup_fn: Callable[..., Any] | None = None,
        algo_options: AlgoOptions | None = None,
        model_options: SileroVadOptions | None = None,
        can_interrupt: bool = True,
        expected_layout: Layout = "mono",
        output_sample_rate: int = 24000,
        output_frame_size: int | None = None,
        input_sample_rate: int = 48000,
        model: Any = None,
        needs_args: bool = False,
        *,
        on_interrupt: Callable[[Reply], Any] | None = None,
    ) -> None:
        super().__init__(expected_layout, output_sample_rate, output_frame_size, input_sample_rate)
        self.fn = fn
        self.startup_fn = startup_fn
        self.algo_options = algo_options or AlgoOptions()
        self.model_options = model_options
        self.can_interrupt = can_interrupt
        self.model = model
        self.needs_args = needs_args
        self.on_interrupt = on_interrupt
        if model is None:
            require_vad()  # a clear error when the app is built, not on the first call
        #: The reply running now, or the last one (None before the first).
        self.reply: Reply | None = None
        self._lock = threading.Lock()  # the state below, between receive and emit
        self._step_lock = threading.Lock()  # one emit (and one generator step) at a time
        self._wake = threading.Event()  # set while emit has something to do
        self._vad: Any = None
        self._onset = Onset()
        self._held_for: float | None = None  # microphone seconds since the reply was held
        self._tracker = _TurnTracker(self.algo_options)
        self._recent: deque[tuple[int, np.ndarray]] = deque()  # the trailing window's frames
        self._recent_s = 0.0
        self._turn: list[tuple[int, np.ndarray]] | None = None
        self._turn_s = 0.0
        self._pending: tuple[int, np.ndarray] | None = None  # a finished turn, to answer
        self._outbox: deque[Any] = deque()  # what on_interrupt returned, sent next
        self._generator: Any = None
        self._stopped: Reply | None = None  # the last reply whose stop emit has handled
        self._loop: asyncio.AbstractEventLoop | None = None  # for an async reply
        self._loop_thread: threading.Thread | None = None
        self._shut = False

    # ---- the contract ----------------------------------------------------------------

    def copy(self) -> ReplyOnPause:
        """A fresh handler with this one's settings (one per connection)."""
        return ReplyOnPause(
            self.fn,
            self.startup_fn,
            self.algo_options,
            self.model_options,
            self.can_interrupt,
            self.expected_layout,
            self.output_sample_rate,
            self.output_frame_size,
            self.input_sample_rate,
            self.model,
            self.needs_args,
            on_interrupt=self.on_interrupt,
        )

    def start_up(self) -> None:
        """Run ``startup_fn`` (with the other inputs when ``fn`` takes them): a generator it
        returns is the greeting, sent by ``emit`` and interruptible like a reply."""
        if self.startup_fn is None:
            return
        args = self.latest_args if self._needs_args() else []
        made = self.startup_fn(*args)
        if inspect.isgenerator(made) or inspect.isasyncgen(made):
            with self._lock:
                self._generator = made
                self.reply = Reply()
                self._wake.set()

    def receive(self, frame: Any) -> None:
        """One microphone frame ``(rate, samples)``: detect speech, start or end the turn,
        and stop a reply the user speaks over."""
        rate, samples = frame
        mono = to_mono_int16(samples)
        if not len(mono):
            return
        with self._lock:
            if self._shut:
                return
            replying = self._replying()
            if replying and not self.can_interrupt:
                return  # FastRTC's rule: without barge-in, the user waits for the reply
            self._listen_for_sound(int(rate), mono)
            probabilities = self._detector().push(int(rate), mono)
            self._remember(int(rate), mono)
            threshold = (self.model_options or SileroVadOptions()).threshold
            for probability in probabilities:
                self._window(probability >= threshold)
            if self._held_for is not None and self._held_for >= CONFIRM_S:
                self._release()  # a sound, not speech: the reply goes on

    def emit(self) -> Any:
        """The next output of the reply (or greeting) running, or None when there is none
        (after waiting up to one frame for one)."""
        if not self._wake.wait(IDLE_WAIT_S):
            return None
        with self._step_lock:
            return self._emit_step()

    def shutdown(self) -> None:
        """The connection ended: close the reply running (its ``finally`` runs)."""
        with self._lock:
            self._shut = True
            self._pending = None
            self._wake.set()
        if self._step_lock.acquire(timeout=1.0):
            try:
                self._close_generator()
                self._stop_loop()
            finally:
                self._step_lock.release()

    # ---- listening -------------------------------------------------------------------

    def _detector(self) -> Any:
        if self._vad is None:
            if self.model is None:
                self._vad = SileroVADModel().stream()
            elif hasattr(self.model, "stream"):
                self._vad = self.model.stream()
            else:
                self._vad = _WindowedModel(self.model, self.model_options)
        return self._vad

    def _listen_for_sound(self, rate: int, mono: np.ndarray) -> None:
        """Hold the reply being heard at the first sound (the detector decides later)."""
        sound = self._onset.push(rate, mono)
        if self._held_for is not None:
            self._held_for += len(mono) / rate
        elif sound and self.can_interrupt and self.algo_options.hold_on_sound and self._audible():
            reply = self.reply
            assert reply is not None
            self._held_for = 0.0
            reply.hold(True)
            self.hold_queue(True)

    def _release(self) -> None:
        """End a hold: the reply resumes (unless it was interrupted, which cleared it)."""
        self._held_for = None
        reply = self.reply
        if reply is not None and not reply.interrupted:
            reply.hold(False)
            self.hold_queue(False)

    def _remember(self, rate: int, mono: np.ndarray) -> None:
        """Keep the trailing window's frames (the turn starts with them, so its first word
        is whole) and, during a turn, every frame."""
        seconds = len(mono) / rate
        self._recent.append((rate, mono))
        self._recent_s += seconds
        keep = self.algo_options.audio_chunk_duration + 2 * WINDOW_S
        while len(self._recent) > 1:
            old_rate, old = self._recent[0]
            if self._recent_s - len(old) / old_rate < keep:
                break
            self._recent.popleft()
            self._recent_s -= len(old) / old_rate
        if self._turn is not None:
            self._turn.append((rate, mono))
            self._turn_s += seconds

    def _window(self, speech: bool) -> None:
        """One 32 ms model window: barge-in, a turn's start, its end."""
        algo = self.algo_options
        change = self._tracker.step(speech)
        if (
            self.can_interrupt
            and self._audible()
            and self._tracker.speech_s() >= algo.interrupt_threshold
        ):
            self._interrupt()
        if change == "started":
            self._turn, self._turn_s = self._from_first_speech()
        elif change == "paused" or (
            self._turn is not None and self._turn_s >= algo.max_continuous_speech_s
        ):
            self._end_turn()

    def _from_first_speech(self) -> tuple[list[tuple[int, np.ndarray]], float]:
        """The trailing window's frames from :data:`LEAD_IN_S` before the first window the
        detector heard speech in, and their seconds: the first word whole, without the
        silence before it (an echo would play it; a transcriber would read it)."""
        windows = list(self._tracker.recent)
        first = windows.index(True) if True in windows else 0
        # the frames end now; the windows end up to one window earlier (samples waiting)
        skip = self._recent_s - (len(windows) - first) * WINDOW_S - WINDOW_S - LEAD_IN_S
        kept, seconds = list(self._recent), self._recent_s
        start = 0
        while start < len(kept) - 1:
            rate, mono = kept[start]
            length = len(mono) / rate
            if skip < length:
                break
            skip -= length
            seconds -= length
            start += 1
        return kept[start:], seconds

    def _end_turn(self) -> None:
        turn, self._turn, self._turn_s = self._turn, None, 0.0
        self._tracker.talking = False
        self._tracker.recent.clear()  # the turn's last words must not count as barge-in
        if not turn:
            return
        self._pending = _join(turn)
        if self._audible():
            self._interrupt()  # a new turn replaces the reply still running or playing
        self._wake.set()

    def _replying(self) -> bool:
        return self._generator is not None

    def _audible(self) -> bool:
        """Whether the current reply may still be heard: its generator runs, or the audio
        it sent is still playing (the transport holds up to a few seconds ahead)."""
        reply = self.reply
        if reply is None or reply.interrupted:
            return False
        if self._replying():
            return True
        return reply.heard_until_now() < reply.audio_sent_s

    def _interrupt(self) -> None:
        """Barge-in: nothing more of this reply goes out; the transport drops what it
        holds; the next emit closes the generator."""
        reply = self.reply
        assert reply is not None
        reply.heard_s = reply.heard_until_now()
        reply.interrupted = True
        self._held_for = None
        self.clear_queue()
        self._wake.set()

    # ---- answering -------------------------------------------------------------------

    def _emit_step(self) -> Any:
        with self._lock:
            if self._outbox:
                return self._outbox.popleft()
            reply = self.reply
            stopped = (
                reply is not None
                and reply is not self._stopped
                and (reply.interrupted or (self._shut and self._replying()))
            )
            if stopped:
                self._stopped = reply
        if stopped and reply is not None:
            self._close_generator()
            return self._after_interrupt(reply)
        if self._generator is None and not self._start_reply():
            return None
        return self._next_output()

    def _start_reply(self) -> bool:
        """Start answering the finished turn, if there is one."""
        with self._lock:
            turn, self._pending = self._pending, None
            if turn is None or self._shut:
                if not self._outbox:
                    self._wake.clear()
                return False
            args = list(self.latest_args) if self._needs_args() else []
        made = self.fn(turn, *args)
        with self._lock:
            self._generator = made
            self.reply = Reply()
        return True

    def _next_output(self) -> Any:
        reply = self.reply
        assert reply is not None
        try:
            output = self._step()
        except (StopIteration, StopAsyncIteration):
            self._finish(reply)
            return None
        except BaseException:
            self._finish(reply)
            raise
        with self._lock:
            if reply.interrupted or self._shut:
                return None  # spoken over while it was being made: never sent
            _account(reply, output)
        return output

    def _step(self) -> Any:
        generator = self._generator
        if inspect.isasyncgen(generator):
            return self._run_async(_next_of(generator))
        if inspect.isgenerator(generator):
            return next(generator)
        raise TypeError(
            f"ReplyOnPause's function must be a generator function (use yield), "
            f"got a {type(generator).__name__}"
        )

    def _finish(self, reply: Reply) -> None:
        with self._lock:
            self._generator = None
            reply.finished = True
            if self._pending is None and not self._outbox:
                self._wake.clear()

    def _close_generator(self) -> None:
        """Close the reply's generator (in this thread, so its ``finally`` runs here)."""
        generator, self._generator = self._generator, None
        if inspect.isasyncgen(generator):
            self._run_async(generator.aclose())
        elif inspect.isgenerator(generator):
            generator.close()

    def _after_interrupt(self, reply: Reply) -> Any:
        """After a barge-in closed the reply: what ``on_interrupt`` makes of it."""
        if self.on_interrupt is None or self._shut:
            return None
        return self.on_interrupt(reply)

    def _run_async(self, coroutine: Any) -> Any:
        """Run a step of an ``async`` reply on this handler's own loop, in its own thread
        (whatever loop the calling thread may be running), and wait for its result."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._loop_thread = threading.Thread(
                target=self._loop.run_forever, name="rillet-reply-loop", daemon=True
            )
            self._loop_thread.start()
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def _stop_loop(self) -> None:
        loop, thread = self._loop, self._loop_thread
        self._loop = self._loop_thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(1.0)
        if not thread.is_alive():
            loop.close()

    def _needs_args(self) -> bool:
        if self.needs_args:
            return True
        try:
            parameters = inspect.signature(self.fn).parameters.values()
        except (TypeError, ValueError):
            return False
        positional = [
            p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        return len(positional) > 1 or any(p.kind == p.VAR_POSITIONAL for p in parameters)


async def _next_of(generator: Any) -> Any:
    """The next item of an async generator, as a coroutine (what a loop runs)."""
    return await generator.__anext__()


def _join(frames: list[tuple[int, np.ndarray]]) -> tuple[int, np.ndarray]:
    """A turn's frames as one ``(rate, int16 (1, n))``, at its first frame's rate (frames
    at another rate are resampled to it)."""
    import numpy as np

    from rillet.rtc.vad import Resampler

    rate = frames[0][0]
    parts = []
    for frame_rate, samples in frames:
        if frame_rate == rate:
            parts.append(samples)
        else:
            converted = Resampler(frame_rate, rate)(samples.astype(np.float32) / 32768.0)
            parts.append(np.clip(np.round(converted * 32767), -32768, 32767).astype(np.int16))
    return rate, np.concatenate(parts).reshape(1, -1)


def audio_seconds(output: Any) -> float:
    """Seconds of audio in one of a reply's outputs (0 for anything that is not audio)."""
    audio = output[0] if _is_pair(output) else output
    if not (isinstance(audio, tuple) and len(audio) in (2, 3) and isinstance(audio[0], int)):
        return 0.0
    shape = getattr(audio[1], "shape", None)
    if not shape or audio[0] <= 0:
        return 0.0
    samples = shape[-1] if len(shape) == 2 and shape[0] <= 2 else shape[0]
    return float(samples) / audio[0]


def _is_pair(output: Any) -> bool:
    """``(audio, AdditionalOutputs)``: FastRTC's way of yielding both at once."""
    return (
        isinstance(output, tuple) and len(output) == 2 and isinstance(output[1], AdditionalOutputs)
    )


def _account(reply: Reply, output: Any) -> None:
    """Count what goes out: audio seconds, and where in the audio the other outputs came."""
    if _is_pair(output):
        reply.marks.append((reply.audio_sent_s, output[1]))
    elif output is not None and not audio_seconds(output):
        reply.marks.append((reply.audio_sent_s, output))
    seconds = audio_seconds(output)
    if seconds:
        if reply.first_audio_at is None:
            reply.first_audio_at = time.monotonic()
        reply.audio_sent_s += seconds
        reply.chunks_sent += 1


__all__ = ["AdditionalOutputs", "AlgoOptions", "Reply", "ReplyOnPause", "SileroVadOptions"]
