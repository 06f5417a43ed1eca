"""The streaming audio demo without a microphone: the same function, with a short chime
(tone.wav, beside this file) as the input's value; record or upload another clip if you like."""

from pathlib import Path
from time import sleep

import rillet as gr

TONE = Path(__file__).with_name("tone.wav")


def keep_repeating(audio_file):
    for _ in range(10):
        sleep(0.5)
        yield audio_file


gr.Interface(
    keep_repeating,
    gr.Audio(sources=["upload", "microphone"], type="filepath", value=str(TONE)),
    gr.Audio(streaming=True, autoplay=True),
).launch(allowed_paths=[str(TONE.parent)])
