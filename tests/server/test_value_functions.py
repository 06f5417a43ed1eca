"""The event that recomputes a function value is an endpoint like Gradio's: gradio_client
calls it with the value's inputs."""

from __future__ import annotations

from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def test_the_recomputing_event_answers_gradio_client():
    def greet(name):
        return f"Hello {name}!"

    with gr.Blocks() as demo:
        name = gr.Textbox()
        gr.Textbox(greet, inputs=[name])
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("Bo", api_name="/greet") == "Hello Bo!"
