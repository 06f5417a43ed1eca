"""A ``gr.HTML``'s two routes: its own code as a script, and its ``server_functions``.

``GET /gradio_api/html_js/<hash>.js``: a block's own code, as a script the page may run.

A ``gr.HTML`` carries JavaScript written by the app's author (``js_on_load``, template
expressions such as ``${value.length}``); Gradio runs it with ``new Function``, which the
page's Content-Security-Policy forbids. Instead the block makes a script of that code
(``page_script()``) and the page loads it from here, a script of the app's own origin.

Only code the app itself declared is served: the script is made from a block the app (or
one of its sessions' ``@gr.render`` functions) created, found by the hash of its script;
the request names nothing but that hash. The server knows no component: any block with a
``page_script()`` method can be served this way.

``POST /gradio_api/component_server`` (Gradio's route, body ``{"component_id", "fn_name",
"data", "session_hash"}``): calls one of the functions a block lists (its
``server_function(name)``; ``server.name(...)`` in ``js_on_load``) with ``data``, in a worker
thread, and answers its result as JSON. A block a render made is found in the session named
by ``session_hash`` only.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rillet.server.bodies import BadBody, json_object

log = logging.getLogger("rillet")
#: The routes' paths under the API prefix.
PATH = "/html_js/{name}.js"
SERVER_PATH = "/component_server"
#: A script's name: 16 hex digits of its SHA-256.
NAME = re.compile(r"[0-9a-f]{16}")


def script_name(script: str) -> str:
    """The name a script is served under (the block computes the same)."""
    return hashlib.sha256(script.encode()).hexdigest()[:16]


def blocks_of(runtime: Any) -> Iterator[Any]:
    """The app's blocks, then those its sessions' renders made."""
    yield from list(runtime.spec.blocks.values())
    renders = getattr(runtime.queue, "renders", None)
    for session in list(getattr(renders, "by_session", {}).values()):
        yield from list(session.spec.own_blocks.values())


def find_script(runtime: Any, name: str) -> str | None:
    """The script named ``name`` of one of the app's blocks, or None."""
    for block in blocks_of(runtime):
        make = getattr(block, "page_script", None)
        if not callable(make):
            continue
        script = make()
        if isinstance(script, str) and script_name(script) == name:
            return script
    return None


async def html_script(request: Request) -> Response:
    """The script of the block's code named in the path (404 for any other name)."""
    name = request.path_params["name"]
    script = find_script(request.app.state.runtime, name) if NAME.fullmatch(name) else None
    if script is None:
        return JSONResponse({"detail": "no such script"}, status_code=404)
    return Response(
        script,
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "x-content-type-options": "nosniff"},
    )


def session_block(runtime: Any, session_hash: Any, block_id: int) -> Any:
    """Block ``block_id`` of the app, or one the renders of session ``session_hash`` made."""
    block = runtime.spec.blocks.get(block_id)
    if block is not None or not isinstance(session_hash, str):
        return block
    session = runtime.sessions.get(session_hash)
    renders = getattr(runtime.queue, "renders", None)
    made = renders.peek(session) if renders is not None and session is not None else None
    return None if made is None else made.spec.own_blocks.get(block_id)


async def component_server(request: Request) -> Response:
    """Call a block's server function with the request's ``data``; its result as JSON."""
    try:
        body = await json_object(request)
    except BadBody as bad:
        return JSONResponse({"detail": bad.detail}, status_code=bad.status)
    block_id, name = body.get("component_id"), body.get("fn_name")
    if not isinstance(block_id, int) or isinstance(block_id, bool) or not isinstance(name, str):
        return JSONResponse({"detail": "component_id and fn_name are required"}, 400)
    runtime = request.app.state.runtime
    block = session_block(runtime, body.get("session_hash"), block_id)
    find = getattr(block, "server_function", None)
    fn = find(name) if callable(find) else None
    if fn is None:
        return JSONResponse({"detail": "Function not found."}, status_code=404)
    try:
        result = await run_in_threadpool(fn, body.get("data"))
    except Exception as failed:  # noqa: BLE001 - the app's code
        log.warning("server function %s of block %s failed: %r", name, block_id, failed)
        return JSONResponse({"detail": "The server function failed."}, status_code=500)
    return JSONResponse(result)
