"""After ``launch()`` the app knows where it is served, under Gradio's attribute names."""

from __future__ import annotations

import httpx

import rillet as gr


def test_server_name_and_port_after_launch():
    with gr.Blocks() as demo:
        gr.Textbox()
    assert (demo.server_name, demo.server_port, demo.share_url) == (None, None, None)
    demo.launch(server_name="127.0.0.1", server_port=0, prevent_thread_lock=True, quiet=True)
    try:
        assert demo.server_name == "127.0.0.1"
        assert isinstance(demo.server_port, int) and demo.server_port > 0
        assert demo.local_url == f"http://127.0.0.1:{demo.server_port}/"
        assert httpx.get(f"http://127.0.0.1:{demo.server_port}/config").status_code == 200
        assert demo.share_url is None
    finally:
        demo.close()
