"""Guide 06, "Automatic Voice Detection" (the calorie tracker), with the import changed and
Groq's Whisper and Llama replaced by stand-ins. The guide's ``js=`` loads @ricky0123/vad-web
from a CDN, which this machine cannot reach; the stand-in script keeps its shape (an async
``main`` given as ``launch(js=...)``, renaming the record button to "Just Start Talking!")
and listens to the microphone's loudness instead, clicking Record when speech starts and
Stop when it ends. ``start_recording`` and ``stop_recording`` drive the app."""

from dataclasses import dataclass, field
from typing import Any

import rillet as gr
from tests.realtime_guides.standins import is_speech, transcribe


@dataclass
class AppState:
    conversation: list = field(default_factory=list)
    stopped: bool = False
    model_outs: Any = None


def process_audio(audio, state):
    return audio, state


def response(state: AppState, audio):
    if not audio:
        return state, state.conversation
    rate, samples = audio
    if not is_speech(rate, samples):  # Whisper's no_speech_prob, stood in
        return state, state.conversation
    state.conversation.append({"role": "user", "content": transcribe(rate, samples)})
    reply = "How many calories do you think that was? Tell me more about the meal."
    state.conversation.append({"role": "assistant", "content": reply})
    return state, state.conversation


js = """
async function main() {
  const record = () => document.querySelector('[data-testid=audio-record]');
  const button = record();
  if (button) { button.textContent = "Just Start Talking!"; button.dataset.vadReady = "1"; }
  window.rilletVad = { starts: 0, ends: 0 };
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const audio = new AudioContext();
  const analyser = audio.createAnalyser();
  audio.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let speaking = false, quiet = 0;
  setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    const rms = Math.sqrt(samples.reduce((s, x) => s + x * x, 0) / samples.length);
    const button = record();
    if (!button) return;
    if (rms > 0.02 && !speaking) {
      speaking = true; quiet = 0; window.rilletVad.starts += 1;
      if (!button.closest(".rillet-recording")) button.click();
    } else if (speaking && rms <= 0.02 && ++quiet > 8) {
      speaking = false; window.rilletVad.ends += 1;
      if (button.closest(".rillet-recording")) button.click();
    }
  }, 50);
}
"""

with gr.Blocks() as demo:
    with gr.Row():
        input_audio = gr.Audio(
            label="Input Audio",
            sources=["microphone"],
            type="numpy",
            streaming=False,
            waveform_options=gr.WaveformOptions(waveform_color="#B83A4B"),
        )
    with gr.Row():
        chatbot = gr.Chatbot(label="Conversation")
    state = gr.State(value=AppState())
    stream = input_audio.start_recording(
        process_audio,
        [input_audio, state],
        [input_audio, state],
    )
    respond = input_audio.stop_recording(response, [state, input_audio], [state, chatbot])

if __name__ == "__main__":
    demo.launch(js=js)
