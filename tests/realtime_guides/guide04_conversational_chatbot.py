"""Guide 04, "Building Conversational Chatbots", with the import changed and mini-omni
replaced by stand-ins: the microphone streams every 0.5 s; when the speaker pauses, the
stream answers ``gr.Audio(recording=False)`` (the page stops the microphone), which fires
``stop_recording``: the reply streams into an autoplaying output; when it ends
(``output_audio.stop``), ``gr.Audio(recording=True)`` opens the microphone again. pydub is
replaced by the standard library's ``wave``."""

import io
import tempfile
import wave
from dataclasses import dataclass, field

import numpy as np

import rillet as gr
from tests.realtime_guides.standins import determine_pause, numpy_to_mp3, speak, transcribe


@dataclass
class AppState:
    stream: np.ndarray | None = None
    sampling_rate: int = 0
    pause_detected: bool = False
    started_talking: bool = False
    stopped: bool = False
    conversation: list = field(default_factory=list)


def process_audio(audio: tuple, state: AppState):
    if state.stream is None:
        state.stream = audio[1]
        state.sampling_rate = audio[0]
    else:
        state.stream = np.concatenate((state.stream, audio[1]))

    pause_detected = determine_pause(state.stream, state.sampling_rate, state)
    state.pause_detected = pause_detected

    if state.pause_detected and state.started_talking:
        return gr.Audio(recording=False), state
    return None, state


def speaking(wav_bytes: bytes):
    with wave.open(io.BytesIO(wav_bytes)) as heard:
        rate, n = heard.getframerate(), heard.getnframes()
        samples = np.frombuffer(heard.readframes(n), dtype=np.int16)
    for chunk in speak(f"I heard {transcribe(rate, samples)}"):
        yield numpy_to_mp3(chunk, sampling_rate=24000)


def response(state: AppState):
    if not state.pause_detected and not state.started_talking:
        return None, AppState()

    audio_buffer = io.BytesIO()
    with wave.open(audio_buffer, "wb") as segment:
        segment.setnchannels(1 if len(state.stream.shape) == 1 else state.stream.shape[1])
        segment.setsampwidth(state.stream.dtype.itemsize)
        segment.setframerate(state.sampling_rate)
        segment.writeframes(state.stream.tobytes())

    with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as f:
        f.write(audio_buffer.getvalue())

    state.conversation.append(
        {"role": "user", "content": {"path": f.name, "mime_type": "audio/wav"}}
    )

    output_buffer = b""

    for mp3_bytes in speaking(audio_buffer.getvalue()):
        output_buffer += mp3_bytes
        yield mp3_bytes, state

    with tempfile.NamedTemporaryFile(suffix=".mp3", delete=False) as f:
        f.write(output_buffer)

    state.conversation.append(
        {"role": "assistant", "content": {"path": f.name, "mime_type": "audio/mp3"}}
    )
    yield None, AppState(conversation=state.conversation)


def start_recording_user(state: AppState):
    if not state.stopped:
        return gr.Audio(recording=True)


with gr.Blocks() as demo:
    with gr.Row():
        with gr.Column():
            input_audio = gr.Audio(label="Input Audio", sources="microphone", type="numpy")
        with gr.Column():
            chatbot = gr.Chatbot(label="Conversation")
            output_audio = gr.Audio(label="Output Audio", streaming=True, autoplay=True)
    state = gr.State(value=AppState())

    stream = input_audio.stream(
        process_audio,
        [input_audio, state],
        [input_audio, state],
        stream_every=0.5,
        time_limit=30,
    )
    respond = input_audio.stop_recording(response, [state], [output_audio, state])
    respond.then(lambda s: s.conversation, [state], [chatbot])

    restart = output_audio.stop(start_recording_user, [state], [input_audio])
    cancel = gr.Button("Stop Conversation", variant="stop")
    cancel.click(
        lambda: (AppState(stopped=True), gr.Audio(recording=False)),
        None,
        [state, input_audio],
        cancels=[respond, restart],
    )

if __name__ == "__main__":
    demo.launch()
