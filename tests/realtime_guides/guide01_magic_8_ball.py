"""Guide 01, "Streaming AI Generated Audio" (the magic 8 ball), with the import changed:
``stop_recording`` transcribes the question (``gr.Info`` while it does) and answers it;
``.then`` reads the answer aloud as streamed MP3 chunks into an autoplaying output.
Stand-ins: the transcriber, the LLM and Parler-TTS (see ``standins.py``)."""

import rillet as gr
from tests.realtime_guides.standins import answer, numpy_to_mp3, speak, transcribe


def generate_response(audio):
    gr.Info("Transcribing Audio", duration=5)
    rate, samples = audio
    question = transcribe(rate, samples)
    response = answer(question)
    return response, None, None


def read_response(answer):
    sampling_rate = 24000
    for new_audio in speak(answer, sampling_rate):
        yield answer, numpy_to_mp3(new_audio, sampling_rate=sampling_rate)


with gr.Blocks() as demo:
    gr.HTML(
        """
        <h1 style='text-align: center;'> Magic 8 Ball 🎱 </h1>
        <h3 style='text-align: center;'> Ask a question and receive wisdom </h3>
        """
    )
    with gr.Group():
        with gr.Row():
            audio_out = gr.Audio(label="Spoken Answer", streaming=True, autoplay=True)
            answer_box = gr.Textbox(label="Answer")
            state = gr.State()
        with gr.Row():
            audio_in = gr.Audio(label="Speak your question", sources="microphone", type="numpy")

    audio_in.stop_recording(generate_response, audio_in, [state, answer_box, audio_out]).then(
        fn=read_response, inputs=state, outputs=[answer_box, audio_out]
    )

if __name__ == "__main__":
    demo.launch()
