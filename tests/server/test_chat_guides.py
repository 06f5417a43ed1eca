"""The programs of Gradio's chatbot guides (``guides/05_chatbots``: 01 creating a chatbot
fast, 02 ChatInterface with LLM clients, 03 agents and tool usage, 04 a custom chatbot with
Blocks, 05 chatbot-specific events), with the import changed and a stand-in where they call
a hosted model, each built under rillet and called through gradio_client."""

from __future__ import annotations

import asyncio
import math
import random
import struct
import time
import wave
from pathlib import Path
from types import SimpleNamespace
from uuid import uuid4

import pytest
from gradio_client import Client, handle_file

import rillet as gr
from rillet import ChatMessage
from rillet.testing import serve


def call(demo, *args, api_name: str):
    with serve(demo) as url:
        return Client(url, verbose=False).predict(*args, api_name=api_name)


def endpoints(client: Client) -> list[str]:
    return list(client.view_api(print_info=False, return_format="dict")["named_endpoints"])


# -- stand-ins for hosted models ---------------------------------------------------------


class StandInClient:
    """Answers like ``huggingface_hub.InferenceClient.chat_completion`` and OpenAI's
    ``chat.completions.create`` (``stream=True``): chunks whose ``choices[0].delta.content``
    spell a reply naming the last user message."""

    def __init__(self) -> None:
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self.create))

    def chat_completion(self, messages, stream=True, **options):
        last = next(m for m in reversed(messages) if m["role"] == "user")
        for word in f"Echo: {last['content']}".split(" "):
            delta = SimpleNamespace(content=word + " ")
            yield SimpleNamespace(choices=[SimpleNamespace(delta=delta)])

    def create(self, model, messages, stream=True, **options):
        return self.chat_completion(messages, stream=stream)


def wav_file(folder: Path) -> str:
    path = folder / "sample.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        samples = (int(8000 * math.sin(i / 5)) for i in range(800))
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return str(path)


def png_file(folder: Path) -> str:
    from PIL import Image

    path = folder / "cat.png"
    Image.new("RGB", (4, 4), (255, 0, 0)).save(path)
    return str(path)


# -- 01: creating a chatbot fast ---------------------------------------------------------


def random_response(message, history):
    return random.choice(["Yes", "No"])


def alternatingly_agree(message, history):
    if len([h for h in history if h["role"] == "assistant"]) % 2 == 0:
        return f"Yes, I do think that: {message}"
    return "I don't think so"


def slow_echo(message, history):
    for i in range(len(message)):
        time.sleep(0.01)
        yield "You typed: " + message[: i + 1]


def yes_man(message, history):
    if message.endswith("?"):
        return "Yes"
    return "Ask me anything!"


def count_images(message, history):
    num_images = len(message["files"])
    total_images = 0
    for item in history:
        if isinstance(item["content"], tuple):
            total_images += 1
    return f"You just uploaded {num_images} images, total uploaded: {total_images + num_images}"


def echo_with_inputs(message, history, system_prompt, tokens):
    response = f"System prompt: {system_prompt}\n Message: {message}."
    for i in range(min(len(response), int(tokens))):
        yield response[: i + 1]


EXAMPLE_CODE = """
Here's the code I generated:

def greet(x):
    return f"Hello, {x}!"

Is this correct?
"""


def preset_chat(message, history):
    if message == "Yes, that's correct.":
        return "Great!"
    return {
        "role": "assistant",
        "content": EXAMPLE_CODE,
        "options": [{"value": "Yes, that's correct.", "label": "Yes"}, {"value": "No"}],
    }


def test_01_simple_functions():
    assert call(gr.ChatInterface(fn=random_response, type="messages"), "hi",
                api_name="/random_response") in ("Yes", "No")  # fmt: skip
    demo = gr.ChatInterface(fn=alternatingly_agree, type="messages")
    assert call(demo, "cats", api_name="/alternatingly_agree") == "Yes, I do think that: cats"


def test_01_streaming():
    with serve(gr.ChatInterface(fn=slow_echo, type="messages")) as url:
        job = Client(url, verbose=False).submit("abc", api_name="/slow_echo")
        assert list(job)[-1] == "You typed: abc"


def test_01_customized_with_cached_examples_and_placeholder():
    demo = gr.ChatInterface(
        yes_man,
        type="messages",
        chatbot=gr.Chatbot(height=300),
        textbox=gr.Textbox(placeholder="Ask me a yes or no question", container=False, scale=7),
        title="Yes Man",
        description="Ask Yes Man any question",
        theme="ocean",
        examples=["Hello", "Am I cool?", "Are tomatoes vegetables?"],
        cache_examples=True,
    )
    assert call(demo, "Am I cool?", api_name="/yes_man") == "Yes"
    placeholder = "<strong>Your Personal Yes-Man</strong><br>Ask Me Anything"
    demo = gr.ChatInterface(yes_man, type="messages", chatbot=gr.Chatbot(placeholder=placeholder))
    assert call(demo, "Hi", api_name="/yes_man") == "Ask me anything!"


def test_01_multimodal(tmp_path):
    demo = gr.ChatInterface(
        fn=count_images,
        type="messages",
        examples=[{"text": "No files", "files": []}],
        multimodal=True,
        textbox=gr.MultimodalTextbox(file_count="multiple", file_types=["image"]),
    )
    message = {"text": "look", "files": [handle_file(png_file(tmp_path))]}
    assert call(demo, message, api_name="/count_images") == (
        "You just uploaded 1 images, total uploaded: 1"
    )


def test_01_additional_inputs_rendered_in_blocks():
    with gr.Blocks() as demo:
        system_prompt = gr.Textbox("You are helpful AI.", label="System Prompt")
        slider = gr.Slider(10, 100, render=False)
        gr.ChatInterface(
            echo_with_inputs, additional_inputs=[system_prompt, slider], type="messages"
        )
    reply = call(demo, "hi", "Be brief.", 100, api_name="/echo_with_inputs")
    assert reply == "System prompt: Be brief.\n Message: hi."


def test_01_additional_inputs_and_outputs():
    demo = gr.ChatInterface(
        echo_with_inputs,
        additional_inputs=[gr.Textbox("You are helpful AI.", label="System Prompt"),
                           gr.Slider(10, 100)],
    )  # fmt: skip
    assert call(demo, "x", "P", 12, api_name="/echo_with_inputs") == "System promp"

    def chat(message, history):
        if "python" in message.lower():
            return "See the code.", gr.Code(language="python", value="def fib(n): ...")
        return "Please ask about Python or JavaScript.", None

    with gr.Blocks() as demo:
        code = gr.Code(render=False)
        with gr.Row():
            with gr.Column():
                gr.ChatInterface(
                    chat,
                    examples=["Python", "JavaScript"],
                    additional_outputs=[code],
                    api_name="chat",
                )
            with gr.Column():
                code.render()
    reply, code_update = call(demo, "Python", api_name="/chat")
    assert reply == "See the code."
    # as Gradio 6.31 answers: the returned component as an update
    assert code_update == {"__type__": "update", "value": "def fib(n): ...", "language": "python"}


def test_01_components_files_and_options(tmp_path):
    audio = wav_file(tmp_path)

    def music(message, history):
        if message.strip():
            return gr.Audio(audio)
        return "Please provide the name of an artist"

    demo = gr.ChatInterface(
        music,
        type="messages",
        textbox=gr.Textbox(placeholder="Which artist's music do you want to listen to?", scale=7),
    )
    assert call(demo, " ", api_name="/music") == "Please provide the name of an artist"
    assert call(demo, "Bach", api_name="/music")  # the component, as text for API clients

    def fake(message, history):
        if message.strip():
            url = "https://example.com/audio_sample.wav"
            return {"role": "assistant", "content": {"path": url}}
        return "Please provide the name of an artist"

    demo = gr.ChatInterface(
        fake,
        type="messages",
        textbox=gr.Textbox(placeholder="Which artist's music do you want to listen to?", scale=7),
        chatbot=gr.Chatbot(placeholder="Play music by any artist!"),
    )
    # the API gives the reply as fn gave it, as Gradio 6.31 does (whose client, like
    # this one, would try to download the URL as a file of the app's: no download here)
    with serve(demo) as url:
        reply = Client(url, verbose=False, download_files=False).predict("Bach", api_name="/fake")
    sample = "https://example.com/audio_sample.wav"
    assert reply == {"role": "assistant", "content": {"path": sample}}
    demo = gr.ChatInterface(
        preset_chat,
        type="messages",
        examples=["Write a Python function that takes a string and returns a greeting."],
    )
    with serve(demo) as url:
        client = Client(url, verbose=False)
        # the reply as fn gave it (a message dict with options), as Gradio 6.31 answers
        reply = client.predict("write it", api_name="/preset_chat")
        assert "def greet" in reply["content"] and reply["options"][1] == {"value": "No"}
        assert client.predict("Yes, that's correct.", api_name="/preset_chat") == "Great!"


# -- 02: ChatInterface with LLM clients ----------------------------------------------------


def test_02_llm_clients_streaming():
    client = StandInClient()

    def respond(message, history):
        messages = [{"role": "system", "content": "You are a friendly Chatbot."}]
        messages.extend(history)
        messages.append({"role": "user", "content": message})
        response = ""
        for chunk in client.chat_completion(messages, max_tokens=512, stream=True):
            response += chunk.choices[0].delta.content or ""
            yield response

    def predict(message, history):
        history.append({"role": "user", "content": message})
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=history, stream=True)
        chunks = []
        for chunk in stream:
            chunks.append(chunk.choices[0].delta.content or "")
            yield "".join(chunks)

    for fn in (respond, predict):
        with serve(gr.ChatInterface(fn, type="messages")) as url:
            api = Client(url, verbose=False)
            assert endpoints(api) == [f"/{fn.__name__}"]
            replies = list(api.submit("hello there", api_name=f"/{fn.__name__}"))
            assert replies[-1].strip() == "Echo: hello there"
            assert len(replies) >= 2


# -- 03: agents and tool usage -----------------------------------------------------------


class StandInAgent:
    """An agent's stream of steps (a tool used, then the answer), like LangChain's
    ``AgentExecutor.astream``."""

    async def astream(self, inputs):
        action = SimpleNamespace(log="Searching the web", tool="serpapi")
        yield {"steps": [SimpleNamespace(action=action)]}
        await asyncio.sleep(0)
        yield {"output": f"The answer to {inputs['input']!r} is 42."}


def test_03_thoughts_in_metadata_and_an_async_agent():
    agent = StandInAgent()

    async def interact_with_langchain_agent(prompt, messages):
        messages.append(ChatMessage(role="user", content=prompt))
        yield messages
        async for chunk in agent.astream({"input": prompt}):
            if "steps" in chunk:
                for step in chunk["steps"]:
                    messages.append(
                        ChatMessage(
                            role="assistant",
                            content=step.action.log,
                            metadata={"title": f"🛠️ Used tool {step.action.tool}"},
                        )
                    )
                    yield messages
            if "output" in chunk:
                messages.append(ChatMessage(role="assistant", content=chunk["output"]))
                yield messages

    with gr.Blocks() as demo:
        gr.Markdown("# Chat with a LangChain Agent 🦜⛓️ and see its thoughts 💭")
        gr.Chatbot(
            type="messages",
            value=[
                {"role": "user", "content": "What is the weather in San Francisco?"},
                {
                    "role": "assistant",
                    "content": "I need to use the weather API tool",
                    "metadata": {"title": "🧠 Thinking"},
                },
            ],
        )
        chatbot = gr.Chatbot(
            type="messages",
            label="Agent",
            avatar_images=(None, "https://example.com/parrot.png"),
        )
        text = gr.Textbox(lines=1, label="Chat Message")
        text.submit(interact_with_langchain_agent, [text, chatbot], [chatbot])
    history = call(demo, "the question", [], api_name="/interact_with_langchain_agent")
    assert [m["role"] for m in history] == ["user", "assistant", "assistant"]
    assert history[1]["metadata"]["title"] == "🛠️ Used tool serpapi"
    assert history[2]["content"][0]["text"] == "The answer to 'the question' is 42."


def test_03_stored_message_then_agent_in_one_session():
    def interact_with_agent(prompt, messages):
        messages.append(ChatMessage(role="user", content=prompt))
        yield messages
        messages.append(
            ChatMessage(role="assistant", content="drawing", metadata={"title": "🛠️ image tool"})
        )
        yield messages
        messages.append(ChatMessage(role="assistant", content="Here it is."))
        yield messages

    with gr.Blocks() as demo:
        stored_message = gr.State([])
        chatbot = gr.Chatbot(label="Agent", type="messages")
        text_input = gr.Textbox(lines=1, label="Chat Message")
        text_input.submit(lambda s: (s, ""), [text_input], [stored_message, text_input]).then(
            interact_with_agent, [stored_message, chatbot], [chatbot]
        )
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("a cat", api_name="/lambda") == ""
        history = client.predict([], api_name="/interact_with_agent")
        assert history[0]["content"][0]["text"] == "a cat"
        assert history[-1]["content"][0]["text"] == "Here it is."


# -- 04: a custom chatbot with Blocks ----------------------------------------------------


def test_04_simple_streaming_and_multimodal(tmp_path):
    with gr.Blocks() as simple:
        chatbot = gr.Chatbot()
        msg = gr.Textbox()
        gr.ClearButton([msg, chatbot])

        def respond(message, chat_history):
            bot_message = random.choice(["How are you?", "Today is a great day"])
            chat_history.append({"role": "user", "content": message})
            chat_history.append({"role": "assistant", "content": bot_message})
            return "", chat_history

        msg.submit(respond, [msg, chatbot], [msg, chatbot])
    box, history = call(simple, "hi", [], api_name="/respond")
    assert box == ""
    assert [m["role"] for m in history] == ["user", "assistant"]

    with gr.Blocks() as streaming:
        chatbot = gr.Chatbot()
        msg = gr.Textbox()
        clear = gr.Button("Clear")

        def user(user_message, history: list):
            return "", history + [{"role": "user", "content": user_message}]  # noqa: RUF005

        def bot(history: list):
            history.append({"role": "assistant", "content": ""})
            for character in "I love you":
                history[-1]["content"] += character
                yield history

        msg.submit(user, [msg, chatbot], [msg, chatbot], queue=False).then(bot, chatbot, chatbot)
        clear.click(lambda: None, None, chatbot, queue=False)
    with serve(streaming) as url:
        client = Client(url, verbose=False)
        _, history = client.predict("hey", [], api_name="/user")
        history = client.predict(history, api_name="/bot")
        assert history[-1]["content"][0]["text"] == "I love you"

    def add_message(history, message):
        user_msg = {"role": "user", "content": []}
        for x in message["files"]:
            user_msg["content"].append({"path": x})
        if message["text"] is not None:
            user_msg["content"].append(message["text"])
        history.append(user_msg)
        return history, gr.MultimodalTextbox(value=None, interactive=False)

    def bot_reply(history: list):
        history.append({"role": "assistant", "content": ""})
        for character in "**That's cool!**":
            history[-1]["content"] += character
            yield history

    with gr.Blocks() as multimodal:
        chatbot = gr.Chatbot(elem_id="chatbot", like_user_message=True)
        chat_input = gr.MultimodalTextbox(
            interactive=True,
            file_count="multiple",
            placeholder="Enter message or upload file...",
            show_label=False,
            sources=["microphone", "upload"],
        )
        chat_msg = chat_input.submit(add_message, [chatbot, chat_input], [chatbot, chat_input])
        bot_msg = chat_msg.then(bot_reply, chatbot, chatbot, api_name="bot_response")
        bot_msg.then(lambda: gr.MultimodalTextbox(interactive=True), None, [chat_input])
        chatbot.like(lambda x: None, None, None)
    with serve(multimodal) as url:
        client = Client(url, verbose=False)
        message = {"text": "what is this?", "files": [handle_file(png_file(tmp_path))]}
        history, _ = client.predict([], message, api_name="/add_message")
        kinds = [part["type"] for part in history[0]["content"]]
        assert kinds == ["file", "text"]
        history = client.predict(history, api_name="/bot_response")
        assert history[-1]["content"][0]["text"] == "**That's cool!**"


# -- 05: chatbot-specific events ---------------------------------------------------------


def test_05_retry_undo_like_edit_handlers():
    client = StandInClient()

    def respond(prompt: str, history):
        if not history:
            history = [{"role": "system", "content": "You are a friendly chatbot"}]
        history.append({"role": "user", "content": prompt})
        yield history
        response = {"role": "assistant", "content": ""}
        for message in client.chat_completion(history, stream=True):
            response["content"] += message.choices[0].delta.content or ""
            yield [*history, response]

    def handle_undo(history, undo_data: gr.UndoData):
        return history[: undo_data.index], history[undo_data.index]["content"]

    def handle_retry(history, retry_data: gr.RetryData):
        new_history = history[: retry_data.index]
        previous_prompt = history[retry_data.index]["content"]
        yield from respond(previous_prompt, new_history)

    def handle_like(data: gr.LikeData):
        return "up" if data.liked else "down"

    def handle_edit(history, edit_data: gr.EditData):
        new_history = history[: edit_data.index]
        new_history[-1]["content"] = edit_data.value
        return new_history

    with gr.Blocks() as demo:
        gr.Markdown("# Chat with a stand-in model 🤗")
        chatbot = gr.Chatbot(
            label="Agent",
            type="messages",
            avatar_images=(None, "https://example.com/hugging-face.png"),
            editable="user",
        )
        prompt = gr.Textbox(max_lines=1, label="Chat Message")
        prompt.submit(respond, [prompt, chatbot], [chatbot])
        prompt.submit(lambda: "", None, [prompt])
        chatbot.undo(handle_undo, chatbot, [chatbot, prompt])
        chatbot.retry(handle_retry, chatbot, [chatbot])
        chatbot.like(handle_like, None, None)
        chatbot.edit(handle_edit, chatbot, chatbot)
    props = next(c.get_config() for c in demo.spec.blocks.values() if isinstance(c, gr.Chatbot))
    assert (props["likeable"], props["_retryable"], props["_undoable"]) == (True, True, True)
    with serve(demo) as url:
        api = Client(url, verbose=False)
        history = api.predict("hello", [], api_name="/respond")
        assert [m["role"] for m in history] == ["system", "user", "assistant"]
        assert history[-1]["content"][0]["text"].strip() == "Echo: hello"


@pytest.mark.parametrize("turns", [1, 2])
def test_05_clear_event_with_a_chatbot_passed_to_chat_interface(turns):
    def clear():
        return uuid4()

    def chat_fn(user_input, history, uuid):
        return f"{user_input} with uuid {uuid}"

    with gr.Blocks() as demo:
        uuid_state = gr.State(uuid4)
        chatbot = gr.Chatbot(type="messages")
        chatbot.clear(clear, outputs=[uuid_state])
        gr.ChatInterface(chat_fn, additional_inputs=[uuid_state], chatbot=chatbot, type="messages")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        for _ in range(turns):
            assert client.predict("hi", api_name="/chat_fn").startswith("hi with uuid ")
