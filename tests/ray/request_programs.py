"""Functions with a ``gr.Request`` parameter, for the Ray tests (Ray's workers import this
module by name). Each tells where it ran (its pid) and what it got of the request."""

from __future__ import annotations

import json
import os

import rillet as gr


def seen(request: gr.Request, text: str) -> str:
    return json.dumps(
        {
            "pid": os.getpid(),
            "text": text,
            "who": request.headers.get("X-WHO"),
            "session": request.session_hash,
            "host": request.client.host,
            "query": dict(request.query_params),
            "user": request.username,
        }
    )


def echo(text, request: gr.Request):
    return seen(request, text)


def gen(text, request: gr.Request):
    for i in range(3):
        yield seen(request, f"{text}{i}")


async def agen(request: gr.Request, text):
    for i in range(3):
        yield seen(request, f"{text}{i}")


def after_progress(text, progress=gr.Progress(), request: gr.Request = None):
    progress(0.5)
    return seen(request, text)


class Model:
    """A Warm class whose call takes the request."""

    def __call__(self, text, request: gr.Request):
        return seen(request, text)


def build(backend: str) -> gr.Blocks:
    with gr.Blocks() as demo:
        text, out = gr.Textbox(), gr.Textbox()
        go = gr.Button()
        for fn in (echo, gen, agen, after_progress):
            go.click(fn, text, out, api_name=fn.__name__, concurrency_limit=None)
        go.click(gr.Warm(Model), text, out, api_name="warm")
    return demo.queue(backend=backend)
