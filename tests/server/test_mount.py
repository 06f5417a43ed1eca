"""``mount_gradio_app``: a rillet app inside a FastAPI service with routes of its own, on a
real uvicorn server; gradio_client, uploads, files and the REST API under the mount path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import numpy as np
import pytest
import uvicorn
from gradio_client import Client, handle_file

import rillet as gr
from rillet.mount import mount_gradio_app

fastapi = pytest.importorskip("fastapi")


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """Run any ASGI ``app`` (its lifespan on) with uvicorn on 127.0.0.1, a free port, in a
    thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def count(n: float) -> Any:
    for i in range(int(n)):
        yield f"{i}"


def shade(image: np.ndarray) -> np.ndarray:
    return 255 - image


def make_demo() -> gr.Blocks:
    with gr.Blocks() as demo:
        n = gr.Number(3, elem_id="n")
        out = gr.Textbox(elem_id="out")
        gr.Button("Count", elem_id="go").click(count, n, out, api_name="count")
        image_in, image_out = gr.Image(), gr.Image()
        gr.Button("Shade").click(shade, image_in, image_out, api_name="shade")
    return demo


def host_app(demo: gr.Blocks, **options: Any) -> Any:
    app = fastapi.FastAPI()

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"hello": "world"}

    return mount_gradio_app(app, demo, path="/demo", **options)


@pytest.fixture(scope="module")
def mounted() -> Iterator[str]:
    with serve_asgi(host_app(make_demo(), server_name="127.0.0.1")) as url:
        yield url


def test_host_routes_and_page_and_config(mounted: str) -> None:
    assert httpx.get(mounted + "/hello").json() == {"hello": "world"}
    page = httpx.get(mounted + "/demo/")
    assert page.status_code == 200 and "./static/app.js" in page.text
    assert httpx.get(mounted + "/demo", follow_redirects=False).status_code in (307, 308)
    config = httpx.get(mounted + "/demo/config").json()
    assert config["root"] == mounted + "/demo"
    assert httpx.get(mounted + "/config").status_code == 404


def test_gradio_client_streams_under_the_mount_path(mounted: str) -> None:
    client = Client(mounted + "/demo", verbose=False)
    assert client.predict(3, api_name="/count") == "2"
    job = client.submit(4, api_name="/count")
    assert list(job) == ["0", "1", "2", "3"]


def test_uploads_and_files_under_the_mount_path(mounted: str, tmp_path: Any) -> None:
    from PIL import Image

    source = tmp_path / "in.png"
    Image.fromarray(np.full((8, 8, 3), 10, np.uint8)).save(source)
    client = Client(mounted + "/demo", verbose=False)
    result = client.predict(handle_file(str(source)), api_name="/shade")
    shaded = np.asarray(Image.open(result))
    assert shaded.shape[:2] == (8, 8) and abs(int(shaded[0, 0, 0]) - 245) <= 3  # lossy encoding


def test_rest_call_under_the_mount_path(mounted: str) -> None:
    event = httpx.post(mounted + "/demo/gradio_api/call/count", json={"data": [2]}).json()
    with httpx.stream("GET", f"{mounted}/demo/gradio_api/call/count/{event['event_id']}") as r:
        body = "".join(r.iter_text())
    assert "event: complete" in body


def test_the_runtime_starts_and_stops_with_the_host() -> None:
    demo = make_demo()
    app = host_app(demo, server_name="127.0.0.1")
    with serve_asgi(app) as url:
        runtime = app.routes[-1].app.state.runtime
        assert runtime.loop is not None  # started in the host's lifespan
        assert Client(url + "/demo", verbose=False).predict(1, api_name="/count") == "0"
        assert runtime.store.root.exists()
    assert not runtime.store.root.exists()  # stopped in the host's shutdown: files deleted
    assert demo.local_url == "http://127.0.0.1:7860/demo/"


def test_the_mcp_server_under_the_mount_path() -> None:
    pytest.importorskip("mcp")
    import asyncio

    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def tools_and_call(url: str) -> tuple[list[str], str]:
        async with (
            streamable_http_client(url + "/demo/gradio_api/mcp/") as streams,
            ClientSession(streams[0], streams[1]) as session,
        ):
            await session.initialize()
            names = [t.name for t in (await session.list_tools()).tools]
            result = await session.call_tool("count", {"n": 3})
            return names, result.content[0].text

    with serve_asgi(host_app(make_demo(), server_name="127.0.0.1", mcp_server=True)) as url:
        names, text = asyncio.run(asyncio.wait_for(tools_and_call(url), 60))
    assert names == ["count", "shade"] and text == "2"
