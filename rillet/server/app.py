"""The Starlette app: Gradio's routes over one :class:`~rillet.server.runtime.Runtime`."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rillet import pages, protocol
from rillet.core.errors import InputError, QueueFull
from rillet.core.files import FileRefused
from rillet.core.job import Job, Processor
from rillet.core.session import Session
from rillet.core.settings import Settings
from rillet.core.spec import AppSpec, Dependency
from rillet.server import (
    app_js,
    auth,
    health,
    html_js,
    inline_types,
    join_request,
    metrics,
    public_url,
    rest,
    uploads,
    webrtc,
)
from rillet.server.bodies import BadBody, has_body, json_object
from rillet.server.config import build_config
from rillet.server.guard import GuardPolicy, RequestGuard, inline_script_hashes
from rillet.server.runtime import Runtime
from rillet.server.sse import EventStream

log = logging.getLogger("rillet")

PACKAGE = Path(__file__).resolve().parent.parent
FRONTEND = PACKAGE / "frontend"
COMPONENTS = PACKAGE / "components"
VENDOR = PACKAGE / "vendor" / "node_modules"
#: The only vendor files served, by public name (installed by scripts/setup from npm):
#: markdown-it, highlight.js's core and the grammars the page may load (gr.Code's
#: languages and the common ones of fenced code; GRAMMARS in components/code.js).
VENDOR_FILES = {
    "markdown-it.mjs": "markdown-it/dist/browser/markdown-it.esm.min.mjs",
    "highlight.mjs": "@highlightjs/cdn-assets/es/core.min.js",
    **{
        f"hljs-{name}.mjs": f"@highlightjs/cdn-assets/es/languages/{name}.min.js"
        for name in (
            "bash", "c", "cpp", "csharp", "css", "diff", "django", "dockerfile", "go",
            "graphql", "ini", "java", "javascript", "json", "kotlin", "latex", "less", "lua",
            "makefile", "markdown", "objectivec", "perl", "pgsql", "php", "php-template",
            "plaintext", "python", "python-repl", "r", "ruby", "rust", "scss", "shell", "sql",
            "swift", "typescript", "vbnet", "wasm", "xml", "yaml",
        )
    },
    # three.js (gr.Model3D): its module and core, the loaders, the orbit controls and the
    # helpers the loaders import ("../utils/*.js": the page's import map sends them here).
    "three.module.js": "three/build/three.module.js",
    "three.core.js": "three/build/three.core.js",
    **{
        f"three-{name}.js": f"three/examples/jsm/{folder}/{name}.js"
        for folder, name in (
            ("loaders", "OBJLoader"), ("loaders", "GLTFLoader"), ("loaders", "STLLoader"),
            ("loaders", "PLYLoader"), ("loaders", "SPLATLoader"), ("controls", "OrbitControls"),
            ("utils", "BufferGeometryUtils"), ("utils", "SkeletonUtils"),
            ("utils", "GaussianSplatUtils"),
        )
    },
    # Vega, Vega-Lite and vega-embed (the native plots): their browser bundles, imported in
    # this order for their globals (frontend/vegaloader.js).
    "vega.js": "vega/build/vega.min.js",
    "vega-lite.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.js": "vega-embed/build/vega-embed.min.js",
    # plotly.js (gr.Plot's plotly figures): its strict bundle, whose WebGL traces draw without
    # compiling code at run time, which the page's policy refuses (components/plot.js).
    "plotly.js": "plotly.js-strict-dist-min/plotly-strict.min.js",
    # KaTeX (LaTeX in the chat): its module, its stylesheet and its fonts (woff2), which the
    # page points the stylesheet at (components/chatbot.js).
    "katex.mjs": "katex/dist/katex.mjs",
    "katex.css": "katex/dist/katex.min.css",
    **{
        f"katex-{name}.woff2": f"katex/dist/fonts/KaTeX_{name}.woff2"
        for name in (
            "AMS-Regular", "Caligraphic-Bold", "Caligraphic-Regular", "Fraktur-Bold",
            "Fraktur-Regular", "Main-Bold", "Main-BoldItalic", "Main-Italic", "Main-Regular",
            "Math-BoldItalic", "Math-Italic", "SansSerif-Bold", "SansSerif-Italic",
            "SansSerif-Regular", "Script-Regular", "Size1-Regular", "Size2-Regular",
            "Size3-Regular", "Size4-Regular", "Typewriter-Regular",
        )
    },
}  # fmt: skip
#: The media type of a vendor file by its suffix (JavaScript unless listed).
VENDOR_TYPES = {".css": "text/css", ".woff2": "font/woff2"}
#: Longest session_hash accepted (the page and gradio_client make ~11-36 characters).
MAX_HASH = 256
#: A ``last_seq`` query parameter: an integer of ASCII digits.
SEQ = re.compile(r"-?[0-9]{1,18}")


def error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def root_url(request: Request) -> str:
    """The app's public URL (``root_path``, ``X-Forwarded-Host``/``-Proto``: public_url.py)."""
    return public_url.root_url(request, runtime_of(request).settings.root_path)


async def index(request: Request) -> Response:
    return FileResponse(FRONTEND / "index.html", headers={"cache-control": "no-cache"})


async def config(request: Request) -> Response:
    rt = runtime_of(request)
    root = root_url(request)  # initial values are stored once, not per request
    whole = build_config(rt.spec, rt.settings, rt.store, root, await rt.initial_components(root))
    return JSONResponse(pages.page_config(whole, request.query_params.get("page")))


async def queue_join(request: Request) -> Response:
    rt = runtime_of(request)
    try:
        body = await json_object(request)
    except BadBody as bad:
        return error(bad.status, bad.detail)
    session_hash, fn_index = body.get("session_hash"), body.get("fn_index")
    if not isinstance(session_hash, str) or not 0 < len(session_hash) <= MAX_HASH:
        return error(400, f"session_hash is required: a string of 1 to {MAX_HASH} characters")
    joined = await start_event(request, session_hash, fn_index, body)
    if isinstance(joined, Response):
        return joined
    rt.stream_closed(joined.session)  # a client that never opens its stream has left too
    return JSONResponse({"event_id": joined.event_id})


async def start_event(
    request: Request,
    session_hash: str,
    fn_index: Any,
    body: dict[str, Any],
    event_id: str | None = None,
) -> Job | Response:
    """Queue the event ``body`` asks for (its ``data``, ``trigger_id``, ``event_data``) in
    the session ``session_hash``, once its ``validator=`` (if any) accepts the inputs: its
    job, or the error response."""
    rt = runtime_of(request)
    dep = find_dependency(rt, session_hash, fn_index)
    data = body.get("data")
    if dep is not None and dep.validator is not None and isinstance(data, list):
        session = rt.sessions.get_or_create(session_hash)
        refused = await validate_event(rt.queue.processor, dep, session, data)
        if refused is not None:
            return refused
    return join_event(request, session_hash, fn_index, body, event_id)


def find_dependency(rt: Runtime, session_hash: str, fn_index: Any) -> Dependency | None:
    """The function ``fn_index`` names: the app's, or (@gr.render) one this session's
    renders made."""
    if isinstance(fn_index, int) and not isinstance(fn_index, bool):
        return rt.queue.dependency(rt.sessions.get(session_hash), fn_index)
    return None


def join_event(
    request: Request,
    session_hash: str,
    fn_index: Any,
    body: dict[str, Any],
    event_id: str | None = None,
) -> Job | Response:
    """Queue the event ``body`` asks for, unchecked: its job, or the error response."""
    rt = runtime_of(request)
    dep = find_dependency(rt, session_hash, fn_index)
    if dep is None or dep.fn is None:
        return error(404, f"no function with fn_index {fn_index!r}")
    data = body.get("data") or []
    if not isinstance(data, list):
        return error(422, "data must be a list")
    if len(data) < len(dep.inputs):
        return error(
            422,
            f"fn_index {fn_index} takes {len(dep.inputs)} input values; got {len(data)}",
        )
    session = rt.sessions.get_or_create(session_hash)
    try:
        job = rt.queue.join(
            session,
            dep,
            data,
            root_url(request),
            join_request.capture(request, session_hash),
            event_of(body),
            event_id=event_id,
        )
    except QueueFull as full:
        return error(503, str(full))
    if job.feed is not None and (
        request.headers.get("x-gradio-user") == "api" or session_hash.startswith(rest.PREFIX)
    ):
        job.feed = None  # gradio_client and curl send no chunks: a .stream() event runs once
    return job


async def validate_event(
    processor: Processor, dep: Dependency, session: Session, data: list[Any]
) -> Response | None:
    """Gradio's answers for an event its ``validator=`` refuses: 422 with the verdict of
    each input (``gradio_client`` raises a ``ValidationError`` naming the parameters); 400
    when an input cannot be read or the validator raises."""
    try:
        verdicts = await processor.refusal(dep, session, data)
    except InputError as bad:
        return error(422, str(bad))
    except Exception as failed:  # noqa: BLE001 - the validator is the app's code
        log.warning("the validator of %s failed: %r", dep.api_name, failed)
        return error(400, str(failed))
    return None if verdicts is None else JSONResponse({"detail": verdicts}, status_code=422)


def event_of(body: dict[str, Any]) -> tuple[int | None, Any]:
    """The trigger's id and the event's data a join carries (Gradio's ``trigger_id`` and
    ``event_data``), for the function's ``gr.EventData`` parameters."""
    trigger = body.get("trigger_id")
    valid = isinstance(trigger, int) and not isinstance(trigger, bool)
    return (trigger if valid else None), body.get("event_data")


async def queue_data(request: Request) -> Response:
    rt = runtime_of(request)
    session = rt.sessions.get(request.query_params.get("session_hash", ""))
    try:
        after = last_seq(request.query_params.get("last_seq"))
    except ValueError as bad:
        return error(422, str(bad))
    if session is None:
        return EventStream(_not_found())  # type: ignore[return-value]
    frames = metrics.counted(request, session.stream(after, rt.settings.heartbeat))
    return EventStream(frames, lambda: rt.stream_closed(session))  # type: ignore[return-value]


def last_seq(raw: str | None) -> int | None:
    """The ``last_seq`` a client resumes after: absent or empty is None; anything but an
    integer (ASCII digits, at most 18) is a ValueError."""
    if not raw:
        return None
    if not SEQ.fullmatch(raw):
        raise ValueError(f"last_seq must be an integer, not {raw[:40]!r}")
    return int(raw)


async def _not_found() -> AsyncIterator[bytes]:
    yield protocol.sse_frame(
        protocol.to_wire(
            protocol.UnexpectedError(
                event_id=None, message="404: Not Found", session_not_found=True
            )
        )
    )


async def cancel(request: Request) -> Response:
    rt = runtime_of(request)
    try:
        body = await json_object(request)
    except BadBody as bad:
        return error(bad.status, bad.detail)
    session_hash = body.get("session_hash")
    if not isinstance(session_hash, str) or not session_hash:
        return error(400, "session_hash is required")
    count = rt.queue.cancel(session_hash, body.get("event_id"), body.get("fn_index"))
    return JSONResponse({"success": count > 0})


async def stream_chunk(request: Request) -> Response:
    """``POST /stream/{event_id}``: the next chunk of a live event (Gradio's send_chunk)."""
    rt = runtime_of(request)
    try:
        body = await json_object(request)
    except BadBody as bad:
        return error(bad.status, bad.detail)
    if not isinstance(body.get("data"), list):
        return error(422, "the body must be an object with a 'data' list")
    session_hash, event_id = str(body.get("session_hash", "")), request.path_params["event_id"]
    if not rt.queue.push_chunk(session_hash, event_id, body["data"]):
        return _ended_or_unknown(rt, session_hash, event_id)
    return JSONResponse({"msg": "success"})


#: A close request carries at most a session hash.
CLOSE_LIMIT = 64 * 1024


def _ended_or_unknown(rt: Runtime, session_hash: str, event_id: str) -> Response:
    """A chunk or close for an event this session just saw end (its input had not heard
    yet) is answered 200 ``ended``; any other id is unknown (404)."""
    session = rt.sessions.get(session_hash)
    if session is not None and event_id in session.ended:
        return JSONResponse({"msg": "ended"})
    return error(404, "no live event with this id in this session")


async def stream_close(request: Request) -> Response:
    """``POST /stream/{event_id}/close``: the client stopped streaming."""
    rt = runtime_of(request)
    session_hash = request.query_params.get("session_hash", "")
    body: dict[str, Any] | None = None  # no body: the session may be in the query
    try:
        if has_body(request):
            body = await json_object(request, CLOSE_LIMIT)
    except BadBody as bad:
        if bad.status != 400:
            return error(bad.status, bad.detail)
    if body and body.get("session_hash"):
        session_hash = str(body["session_hash"])
    if not rt.queue.close_stream(session_hash, request.path_params["event_id"]):
        return _ended_or_unknown(rt, session_hash, request.path_params["event_id"])
    return JSONResponse({"msg": "success"})


async def reset(request: Request) -> Response:
    try:
        await json_object(request)
    except BadBody as bad:
        return error(bad.status, bad.detail)
    return JSONResponse({"success": True})


async def queue_status(request: Request) -> Response:
    rt = runtime_of(request)
    return JSONResponse(
        {
            "msg": "estimation",
            "event_id": None,
            "rank": None,
            "queue_size": rt.queue.waiting_count(),
            "rank_eta": None,
        }
    )


async def serve_file(request: Request) -> Response:
    rt = runtime_of(request)
    try:
        path = rt.store.servable(request.path_params["path"])
    except FileRefused:
        return error(403, "File not allowed")
    except FileNotFoundError:
        return error(404, "File not found")
    response = FileResponse(
        path,
        headers={"cache-control": "private, max-age=3600", "x-content-type-options": "nosniff"},
    )
    if not inline_types.shown_inline(response.media_type or ""):
        response.headers.update(inline_types.DOWNLOAD_HEADERS)
    return response


async def component_module(request: Request) -> Response:
    name = request.path_params["name"]
    path = COMPONENTS / f"{name}.js"
    if not name.isidentifier() or not path.is_file():
        return error(404, f"no component module {name!r}")
    return FileResponse(path, media_type="text/javascript")


async def vendor_module(request: Request) -> Response:
    """A vendor file; gzipped (once, then from memory) for a browser that accepts it,
    unless it is a font (woff2 is compressed already): plotly.js's 5.2 MB go as 1.6."""
    relative = VENDOR_FILES.get(request.path_params["name"])
    path = VENDOR / relative if relative is not None else None
    if path is None or not path.is_file():
        return error(404, "no such vendor module")
    media_type = VENDOR_TYPES.get(path.suffix, "text/javascript")
    headers = {"cache-control": "public, max-age=86400", "vary": "accept-encoding"}
    if media_type.startswith("font/") or "gzip" not in request.headers.get("accept-encoding", ""):
        return FileResponse(path, media_type=media_type, headers=headers)
    body = await runtime_of(request).gzipped(path)
    return Response(body, media_type=media_type, headers={**headers, "content-encoding": "gzip"})


async def heartbeat(request: Request) -> Response:
    """A stream the page keeps open while it lives (when the app has ``unload`` events):
    once it closes, the session's ``demo.unload`` functions run, as in Gradio."""
    rt = runtime_of(request)
    session_hash = request.path_params["session_hash"]
    if not 0 < len(session_hash) <= MAX_HASH:
        return error(400, f"session_hash must be 1 to {MAX_HASH} characters")

    async def alive() -> AsyncIterator[bytes]:
        import asyncio

        try:
            while True:
                yield b"data: ALIVE\n\n"
                await asyncio.sleep(rt.settings.heartbeat)
        finally:
            run_unload(request, session_hash)

    return EventStream(alive())  # type: ignore[return-value]


def run_unload(request: Request, session_hash: str) -> None:
    """Run the app's ``unload`` events in the session the page that left had."""
    rt = runtime_of(request)
    for dep in rt.spec.dependencies:
        if dep.fn is not None and any(name == "unload" for _, name in dep.targets):
            join_event(request, session_hash, dep.id, {"data": [None] * len(dep.inputs)})


def build_app(spec: AppSpec, settings: Settings) -> Starlette:
    """The web app serving ``spec``."""
    prefix = protocol.API_PREFIX

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.runtime.start()
        yield
        await webrtc.close_all(app.state.runtime)  # peers no event holds yet
        app.state.runtime.stop()

    routes = [
        Route("/", index),
        Route("/config", config),
        Route(f"{prefix}/config", config),
        Route(f"{prefix}/info", rest.api_info),  # with code_snippets at the public URL
        Route(f"{prefix}/openapi.json", rest.openapi_json),
        Route(f"{prefix}/queue/join", queue_join, methods=["POST"]),
        Route(f"{prefix}/queue/data", queue_data),
        Route(f"{prefix}/queue/status", queue_status),
        Route(f"{prefix}/cancel", cancel, methods=["POST"]),
        Route(prefix + "/call/v2/{api_name}", rest.call_v2, methods=["POST"]),
        Route(prefix + "/call/v2/{api_name}/", rest.call_v2, methods=["POST"]),
        Route(prefix + "/call/v2/{api_name}/{event_id}", rest.results),
        Route(prefix + "/call/{api_name}", rest.call, methods=["POST"]),
        Route(prefix + "/call/{api_name}/", rest.call, methods=["POST"]),
        Route(prefix + "/call/{api_name}/{event_id}", rest.results),
        Route(f"{prefix}/reset", reset, methods=["POST"]),
        Route(prefix + "/js/{fn_index}.mjs", app_js.listener_js),
        Route(prefix + "/stream/{event_id}", stream_chunk, methods=["POST"]),
        Route(prefix + "/stream/{event_id}/close", stream_close, methods=["POST"]),
        Route(f"{prefix}/upload", uploads.upload, methods=["POST"]),
        Route(prefix + "/file={path:path}", serve_file, methods=["GET", "HEAD"]),
        Route(prefix + "/heartbeat/{session_hash}", heartbeat),
        Route(prefix + html_js.PATH, html_js.html_script),
        Route(prefix + html_js.SERVER_PATH, html_js.component_server, methods=["POST"]),
        *webrtc.routes(prefix),
        Route(health.PATH, health.healthz, methods=["GET", "HEAD"]),
        Route(metrics.PATH, metrics.scrape),
        Route("/static/components/{name}.js", component_module),
        Route("/static/vendor/{name}", vendor_module),
        Mount("/static", StaticFiles(directory=FRONTEND), name="static"),
        *pages.routes(spec, index),  # /<path> of each demo.route() page
    ]
    page_scripts = inline_script_hashes((FRONTEND / "index.html").read_text(encoding="utf-8"))
    policy = GuardPolicy.from_settings(settings, page_scripts)
    middleware = [Middleware(RequestGuard, policy=policy)]
    if settings.auth is not None:
        sessions = auth.Sessions(auth.make_check(settings.auth), settings.auth_message)
        routes[:0] = [Route("/login", auth.login, methods=["POST"]), Route("/logout", auth.logout)]
        middleware.append(Middleware(auth.AuthGate, sessions=sessions))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.runtime = Runtime.create(spec, settings)
    metrics.install(app)
    if settings.auth is not None:
        app.state.auth = sessions
    return app


def runtime(app: Starlette) -> Any:
    """The runtime of an app made by :func:`build_app` (for tests and tools)."""
    return app.state.runtime
