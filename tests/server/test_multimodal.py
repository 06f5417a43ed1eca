"""MultimodalTextbox and ChatInterface(multimodal=True) through Gradio's own client: files
go up with the text, the function receives ``{"text", "files": [paths]}``; a Chatbot output
carries thoughts (metadata) and media parts a client can download."""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client, handle_file

import rillet as gr
from rillet.components.chatbot import ChatMessage
from rillet.components.multimodaltextbox import MultimodalTextbox
from rillet.testing import serve


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text("hello file")
    return path


def describe(message, history):
    names = [Path(f).name for f in message["files"]]
    contents = [Path(f).read_text() for f in message["files"]]
    return f"{message['text']} | {names} | {contents}"


def test_chat_interface_passes_text_and_files(note):
    with serve(gr.ChatInterface(describe, multimodal=True)) as url:
        client = Client(url, verbose=False)
        reply = client.predict(
            {"text": "hi", "files": [handle_file(str(note))]}, api_name="/describe"
        )
    assert reply == "hi | ['note.txt'] | ['hello file']"


def test_multimodal_box_round_trip(note):
    def echo(value):
        return {"text": value["text"].upper(), "files": value["files"]}

    with gr.Blocks() as demo:
        box = MultimodalTextbox(file_count="multiple")
        out = MultimodalTextbox()
        box.submit(echo, box, out, api_name="echo")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        info = client.view_api(print_info=False, return_format="dict")
        param = info["named_endpoints"]["/echo"]["parameters"][0]
        assert param["python_type"]["type"] == "dict(text: str, files: list[filepath])"
        result = client.predict({"text": "ab", "files": [handle_file(str(note))]}, api_name="/echo")
    assert result["text"] == "AB"
    assert [Path(f).read_text() for f in result["files"]] == ["hello file"]


def test_thoughts_and_files_reach_a_client(note):
    def agent(history):
        thought = ChatMessage("", metadata={"title": "Searching", "status": "pending"})
        for word in ["looking ", "found"]:
            thought.content += word
            yield [thought]
        thought.metadata["status"] = "done"
        yield [thought, ChatMessage({"path": str(note)}), ChatMessage("done")]

    with gr.Blocks() as demo:
        bot = gr.Chatbot()
        go = gr.Button()
        go.click(agent, bot, bot, api_name="agent")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        steps = list(client.submit([], api_name="/agent"))
    final = steps[-1]
    assert final[0]["metadata"] == {"title": "Searching", "status": "done"}
    assert final[0]["content"][0]["text"] == "looking found"
    file_part = final[1]["content"][0]
    assert file_part["type"] == "file"
    assert Path(file_part["file"]).read_text() == "hello file"  # the client downloaded it
    assert final[2]["content"] == [{"type": "text", "text": "done"}]
