from time import sleep

import rillet as gr


def keep_repeating(audio_file):
    for _ in range(10):
        sleep(0.5)
        yield audio_file


gr.Interface(
    keep_repeating,
    gr.Audio(sources=["microphone"], type="filepath"),
    gr.Audio(streaming=True, autoplay=True),
).launch()
