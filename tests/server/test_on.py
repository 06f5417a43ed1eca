"""A ``gr.on`` listener is one endpoint, called by gradio_client like any other."""

from __future__ import annotations

from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def test_gr_on_is_one_named_endpoint():
    with gr.Blocks() as demo:
        box, btn, out = gr.Textbox(), gr.Button(), gr.Textbox()
        gr.on([box.submit, btn.click], lambda s: s[::-1], box, out, api_name="reverse")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("abc", api_name="/reverse") == "cba"
        names = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
        assert list(names) == ["/reverse"]
