"""The benchmark app, written once for both frameworks:
``python app.py rillet|gradio PORT [MAX_THREADS]``.

Prints ``READY <url>`` once it serves. Every workload is one event of this app.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import wave

import numpy as np

gr = importlib.import_module(sys.argv[1])
PORT = int(sys.argv[2])


def tokens(n):
    """A growing string of ``n`` tokens of 5 characters, no sleep."""
    text = ""
    for i in range(int(n)):
        text += f"t{i % 1000:03d} "
        yield text


def stamped(n):
    """A growing string whose tokens are the wall-clock time of their yield."""
    text = ""
    for _ in range(int(n)):
        text += f"{time.time():.6f} "
        yield text


def sleepy(n):
    """Like ``stamped``, with 20 ms of sleep before each token."""
    text = ""
    for _ in range(int(n)):
        time.sleep(0.02)
        text += f"{time.time():.6f} "
        yield text


def diffusion():
    """Fake diffusion without the sleep; each image comes with the time of its yield."""
    rng = np.random.default_rng()
    for _ in range(10):
        image = rng.random(size=(600, 600, 3))
        yield image, f"{time.time():.6f}"
    image = np.ones((1000, 1000, 3), np.uint8)
    image[:] = [255, 124, 0]
    yield image, f"{time.time():.6f}"


def echo(x):
    return x


def make_tone(seconds: float = 1.0, rate: int = 44100) -> str:
    """A 440 Hz tone as a WAV file in the temp folder (both frameworks serve from there)."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    path = os.path.join(tempfile.mkdtemp(prefix="bench-"), "tone.wav")
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


TONE = make_tone()


def repeat_tone():
    """The streaming-audio guide's program: the same 1 s clip, ten times, every 0.5 s.
    The time of the first yield goes to the file named by BENCH_STAMPS."""
    for i in range(10):
        time.sleep(0.5)
        if i == 0 and os.environ.get("BENCH_STAMPS"):
            with open(os.environ["BENCH_STAMPS"], "w") as out:
                out.write(f"{time.time():.6f}")
        yield TONE


CLIP = os.path.join(tempfile.mkdtemp(prefix="bench-"), "clip.mp4")
with (
    open(
        os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "demo", "streaming_video", "clip.mp4"
        ),
        "rb",
    ) as source,
    open(CLIP, "wb") as out,
):
    out.write(source.read())  # a 2 s H.264 + AAC clip


def repeat_clip():
    """The streaming-video guide's program: the same clip, ten times, every 0.5 s."""
    for i in range(10):
        time.sleep(0.5)
        if i == 0 and os.environ.get("BENCH_STAMPS"):
            with open(os.environ["BENCH_STAMPS"], "w") as out:
                out.write(f"{time.time():.6f}")
        yield CLIP


#: 100 earlier turns, each a question and a Markdown answer.
HISTORY = [
    message
    for i in range(100)
    for message in (
        {"role": "user", "content": f"Question {i}: how does streaming work?"},
        {
            "role": "assistant",
            "content": f"Answer {i}: it **streams**, with `code` and a list:\n\n"
            "- one\n- two\n\nand a closing paragraph.",
        },
    )
]


def chat_reply(history, n):
    """A reply of ``n`` tokens of 5 characters, no sleep, after ``history``."""
    turns = [*(history or []), {"role": "user", "content": f"say {int(n)} tokens"}]
    reply = ""
    for i in range(int(n)):
        reply += f"t{i % 1000:03d} "
        yield [*turns, {"role": "assistant", "content": reply}]


def code_reply(history, n):
    """A reply of ``n`` tokens inside a fenced Python block (highlighted in the page)."""
    turns = [*(history or []), {"role": "user", "content": f"write {int(n)} tokens of code"}]
    reply = "```python\n"
    for i in range(int(n)):  # the fence stays open while the model writes, as an LLM's does
        reply += f"t{i % 1000:03d} " + ("= 1\n" if i % 8 == 7 else "")
        yield [*turns, {"role": "assistant", "content": reply}]
    yield [*turns, {"role": "assistant", "content": reply + "\n```"}]


def agent_reply(history, n):
    """An agent's reply of ``n`` tokens after ``history``: a thought that streams (pending,
    then done), a tool call with its log, then the answer; each step a message with
    ``metadata``, as Gradio's agents guide builds them."""
    turns = [*(history or []), {"role": "user", "content": f"find {int(n)} tokens"}]
    third = max(1, int(n) // 3)
    thought = {
        "role": "assistant",
        "content": "",
        "metadata": {"title": "Thinking", "status": "pending"},
    }
    for i in range(third):
        thought["content"] += f"t{i % 1000:03d} "
        yield [*turns, dict(thought)]
    thought = {**thought, "metadata": {"title": "Thinking", "status": "done", "duration": 0.5}}
    tool = {
        "role": "assistant",
        "content": "",
        "metadata": {"title": "Used search", "status": "pending", "log": "query: tokens"},
    }
    for i in range(third):
        tool["content"] += f"r{i % 1000:03d} "
        yield [*turns, thought, dict(tool)]
    tool = {**tool, "metadata": {**tool["metadata"], "status": "done"}}
    answer = ""
    for i in range(int(n) - 2 * third):
        answer += f"a{i % 1000:03d} "
        yield [*turns, thought, tool, {"role": "assistant", "content": answer}]


def page_tokens():
    text = ""
    for i in range(50):
        time.sleep(0.02)
        text += f"w{i} "
        yield text


with gr.Blocks() as demo:
    n = gr.Number(value=10)
    text = gr.Textbox()
    image = gr.Image()
    stamp = gr.Textbox()
    run = gr.Button("run")
    run.click(tokens, n, text, api_name="tokens")
    run.click(stamped, n, text, api_name="stamped")
    run.click(sleepy, n, text, api_name="sleepy", concurrency_limit=None)
    run.click(diffusion, None, [image, stamp], api_name="diffusion")
    run.click(echo, text, text, api_name="echo")
    page_out = gr.Textbox(elem_id="page_out")
    gr.Button("Go", elem_id="page_go").click(page_tokens, None, page_out, api_name="page_tokens")
    audio_out = gr.Audio(streaming=True, autoplay=True, elem_id="audio_out")
    gr.Button("Play", elem_id="audio_go").click(
        repeat_tone, None, audio_out, api_name="repeat_tone"
    )
    chat_n = gr.Number(value=2000, elem_id="chat_n")
    chat0 = gr.Chatbot(elem_id="chat0")
    chat100 = gr.Chatbot(value=HISTORY, elem_id="chat100")
    gr.Button("Chat", elem_id="chat0_go").click(
        chat_reply, [chat0, chat_n], chat0, api_name="chat0"
    )
    gr.Button("Chat after 100 turns", elem_id="chat100_go").click(
        chat_reply, [chat100, chat_n], chat100, api_name="chat100"
    )
    chatcode = gr.Chatbot(elem_id="chatcode")
    gr.Button("Code", elem_id="chatcode_go").click(
        code_reply, [chatcode, chat_n], chatcode, api_name="chatcode"
    )
    agent = gr.Chatbot(elem_id="agent")
    gr.Button("Agent", elem_id="agent_go").click(
        agent_reply, [agent, chat_n], agent, api_name="agent"
    )
    video_out = gr.Video(streaming=True, autoplay=True, elem_id="video_out")
    gr.Button("Watch", elem_id="video_go").click(
        repeat_clip, None, video_out, api_name="repeat_clip"
    )

if __name__ == "__main__":
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 40  # both frameworks default to 40
    demo.launch(
        server_name="127.0.0.1",
        server_port=PORT,
        prevent_thread_lock=True,
        quiet=True,
        max_threads=threads,
    )
    print(f"READY http://127.0.0.1:{PORT}", flush=True)
    demo.block_thread()
