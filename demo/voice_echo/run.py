"""Talk, pause, hear yourself: FastRTC's ``ReplyOnPause(echo)`` on rillet's WebRTC.

The microphone's audio travels over WebRTC to ``ReplyOnPause``, which listens with Silero
voice activity detection (``pip install 'rillet[voice]'``). When you pause, ``echo`` gets
what you said and plays it back in 100 ms chunks; speak over it and it stops at once
(barge-in): the rest is dropped, the generator is closed, and the log says how much of the
echo you heard. The same program runs under FastRTC with its imports changed.
"""

import rillet as gr
from rillet.rtc import AdditionalOutputs, AlgoOptions, Reply, ReplyOnPause, WebRTC


def echo(audio):
    rate, samples = audio
    yield AdditionalOutputs(f"You spoke for {samples.shape[-1] / rate:.1f} s; echoing it.")
    step = rate // 10
    for start in range(0, samples.shape[-1], step):
        yield rate, samples[:, start : start + step]


def greet():
    yield AdditionalOutputs("Say something, then pause: I will say it back.")


def interrupted(reply: Reply):
    return AdditionalOutputs(
        f"Interrupted after {reply.heard_s:.1f} s of {reply.audio_sent_s:.1f} s sent."
    )


def show(line):
    return line


with gr.Blocks(title="Voice echo") as demo:
    gr.Markdown(
        "# Voice echo\nPress the microphone button, speak, pause. Speak over the echo to stop it."
    )
    audio = WebRTC(label="Voice", modality="audio", mode="send-receive")
    status = gr.Textbox(label="Status")
    audio.stream(
        ReplyOnPause(
            echo,
            startup_fn=greet,
            algo_options=AlgoOptions(audio_chunk_duration=0.6, started_talking_threshold=0.2),
            on_interrupt=interrupted,
        ),
        inputs=[audio],
        outputs=[audio],
        time_limit=300,
    )
    audio.on_additional_outputs(show, outputs=[status])

if __name__ == "__main__":
    demo.launch()
