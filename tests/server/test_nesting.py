"""A TabbedInterface and a ChatInterface inside Blocks answer gradio_client like standalone
apps: each Interface's endpoint, the chat's streamed reply."""

from __future__ import annotations

from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def reply(message, history):
    for i in range(1, len(message) + 1):
        yield message[:i]


def test_tabbed_interface_and_nested_chat_endpoints():
    up = gr.Interface(str.upper, "text", "text", api_name="up")
    down = gr.Interface(str.lower, "text", "text", api_name="down")
    with gr.Blocks() as demo:
        gr.TabbedInterface([up, down], ["Up", "Down"])
        gr.ChatInterface(reply, api_name="chat")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("Abc", api_name="/up") == "ABC"
        assert client.predict("Abc", api_name="/down") == "abc"
        assert client.predict("hey", api_name="/chat") == "hey"
