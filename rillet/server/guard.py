"""The request guard: an ASGI middleware in front of every route of the app.

- While the app listens on a loopback address (``server_name`` 127.0.0.1, localhost or
  ::1), it serves only requests whose ``Host`` is a local name (any port) or the host of
  one of ``allowed_origins``: a foreign name means DNS rebinding (403).
- On such an app, a state-changing request (any method but GET, HEAD and OPTIONS) that
  carries a foreign ``Origin`` is refused (403): a page on another site cannot start a
  function or upload a file (Gradio's localhost rule). The app's own origin, localhost's
  origins and ``allowed_origins`` are allowed, and so is a request with no ``Origin``
  (``gradio_client``, curl). ``strict_cors=False`` also allows the ``null`` origin.
- CORS as Gradio answers it: an allowed origin gets ``Access-Control-Allow-Origin`` (and
  credentials), a preflight is answered; an app on a public address lets any origin call
  its API, without credentials unless the origin is allowed.
- Every HTML page gets a Content-Security-Policy: scripts only from the app itself (and the
  app's own ``launch(js=)`` and inline ``head=`` scripts, by hash), no plugins, connections
  only to the app; ``frame_ancestors`` limits who may embed it.

See docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, Response

from rillet.core.settings import Settings
from rillet.themes.page import page_style_of

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Host names that always mean this machine (besides any loopback address).
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
#: Methods that change nothing: never refused for their origin.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_PORTS = {"http": 80, "https": 443}
#: The page's policy (see docs/security.md): scripts and connections only from the app;
#: images and media from anywhere (apps show images by URL), inline styles (components and
#: app HTML set style attributes); no plugins, no <base>, forms post only to the app.
#: ``{scripts}``: the hashes of the page's own inline scripts (its import map).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src * data: blob:; media-src * data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
#: An inline ``<script>`` (one without ``src``) of the app's own HTML, and its text.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_MAX_AGE = "600"

Origin = tuple[str, str, int]


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """The CSP sources (``'sha256-...'``) that allow exactly the inline scripts of the
    app's own ``html`` (the page's import map) and nothing else."""
    return tuple(script_hash(text) for text in INLINE_SCRIPT.findall(html))


def script_hash(text: str) -> str:
    """The CSP source (``'sha256-...'``) allowing an inline script of exactly ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def app_script_hashes(settings: Settings) -> tuple[str, ...]:
    """The CSP sources for the app's own scripts, which the page adds inline: its
    ``launch(js=...)`` (as the page runs it) and each inline ``<script>`` of its
    ``head=`` HTML. Nothing else: scripts from other sites stay refused."""
    style = page_style_of(settings)
    texts = [style.js_script() or "", *INLINE_SCRIPT.findall(style.head or "")]
    return tuple(dict.fromkeys(script_hash(t) for t in texts if t.strip()))


def is_local_name(host: str) -> bool:
    """True for a name or address that can only mean this machine."""
    name = host.strip("[]").lower().rstrip(".")
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_loopback_bind(server_name: str) -> bool:
    """Does listening on ``server_name`` serve this machine only? (0.0.0.0 and :: serve
    every interface.)"""
    name = server_name.strip("[]").lower()
    return name not in ("0.0.0.0", "::", "") and is_local_name(name)


def split_host(authority: str) -> tuple[str, int | None]:
    """``host[:port]`` (an IPv6 address in brackets) as (lowercase host, port or None)."""
    parts = urlsplit(f"//{authority.strip()}")
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").rstrip("."), port


def parse_origin(origin: str) -> Origin | None:
    """``scheme://host[:port]`` as (scheme, host, port with the scheme's default), or None
    when it is not an origin (``null``, a path, no host...)."""
    parts = urlsplit(origin.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    return scheme, parts.hostname.rstrip("."), port or DEFAULT_PORTS[scheme]


def origin_of(scheme: str, authority: str) -> Origin | None:
    """The origin a request for ``authority`` over ``scheme`` belongs to."""
    return parse_origin(f"{scheme}://{authority}") if authority else None


def frame_ancestors_of(value: str | list[str] | None) -> str | None:
    """``frame_ancestors`` (sources separated by spaces, or a list) as the directive's
    value; None leaves embedding open. ValueError for what would break the header."""
    if value is None:
        return None
    sources = value.split() if isinstance(value, str) else [str(v).strip() for v in value]
    if not sources or any(not s or any(c in s for c in ";,\r\n") for s in sources):
        raise ValueError(
            f"frame_ancestors takes CSP sources such as \"'self'\" or "
            f"'https://example.com', got {value!r}"
        )
    return " ".join(sources)


@dataclass(frozen=True)
class GuardPolicy:
    """What the guard allows, fixed when the app is built."""

    #: The app listens on a loopback address: Host and Origin are checked.
    local_only: bool
    #: ``allowed_origins``, parsed.
    allowed_origins: frozenset[Origin]
    #: The ``null`` origin is allowed (``strict_cors=False``).
    allow_null: bool
    #: The Content-Security-Policy of HTML pages.
    page_policy: str

    @classmethod
    def from_settings(cls, settings: Settings, page_scripts: Sequence[str] = ()) -> GuardPolicy:
        """The policy of an app with ``settings``; ValueError for a malformed origin or
        frame-ancestors source (so ``launch()`` fails before serving). ``page_scripts``:
        the CSP hashes of the page's inline scripts (:func:`inline_script_hashes`)."""
        origins = set()
        for text in settings.allowed_origins:
            parsed = parse_origin(text)
            if parsed is None:
                raise ValueError(
                    f"allowed_origins takes origins such as "
                    f"'https://example.com:8443', got {text!r}"
                )
            origins.add(parsed)
        ancestors = frame_ancestors_of(settings.frame_ancestors)
        scripts = "".join(f" {source}" for source in (*page_scripts, *app_script_hashes(settings)))
        policy = PAGE_POLICY.format(scripts=scripts)
        policy += f"; frame-ancestors {ancestors}" if ancestors else ""
        return cls(
            local_only=is_loopback_bind(settings.server_name),
            allowed_origins=frozenset(origins),
            allow_null=not settings.strict_cors,
            page_policy=policy,
        )

    def host_allowed(self, host: str) -> bool:
        """May a request naming ``host`` (its Host header) be served?"""
        if not self.local_only or not host:
            return True
        name, _ = split_host(host)
        return is_local_name(name) or any(name == o[1] for o in self.allowed_origins)

    def origin_trusted(self, origin: str, own: set[Origin]) -> bool:
        """Is ``origin`` the app itself, local, or allowed (it may act and read, with
        credentials)?"""
        if origin == "null":
            return self.allow_null
        parsed = parse_origin(origin)
        if parsed is None:
            return False
        return parsed in own or parsed in self.allowed_origins or is_local_name(parsed[1])


def own_origins(scope: Scope, headers: Headers) -> set[Origin]:
    """The origins this request was made to: its scheme and Host, and what a reverse proxy
    says in ``X-Forwarded-Proto``/``X-Forwarded-Host`` (a page on another site cannot set
    those without a preflight, which the guard answers only for allowed origins)."""
    schemes = {scope.get("scheme", "http"), *_first(headers, "x-forwarded-proto")}
    hosts = {headers.get("host", ""), *_first(headers, "x-forwarded-host")}
    found = {origin_of(s, h) for s in schemes for h in hosts}
    return {o for o in found if o is not None}


def _first(headers: Headers, name: str) -> list[str]:
    value = headers.get(name, "")
    return [value.split(",")[0].strip()] if value else []


def refusal(status: int, detail: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status)


class RequestGuard:
    """The ASGI middleware applying a :class:`GuardPolicy` (see the module's docstring)."""

    def __init__(self, app: ASGIApp, policy: GuardPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        response, cors = self.check(scope, headers)
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, self._headers_added(send, cors))

    def check(self, scope: Scope, headers: Headers) -> tuple[Response | None, dict[str, str]]:
        """A response that ends the request here (a refusal or a preflight's answer), and
        the CORS headers for the app's own response."""
        policy, host = self.policy, headers.get("host", "")
        if not policy.host_allowed(host):
            return refusal(
                403,
                f"This app is served on localhost only, not as {host[:100]!r} "
                "(a foreign Host header: DNS rebinding?). To serve it under "
                "another name, list that origin in allowed_origins.",
            ), {}
        origin = headers.get("origin")
        if origin is None:
            return None, {}  # an API client (gradio_client, curl), or a same-origin GET
        own = own_origins(scope, headers)
        if parse_origin(origin) in own:
            return None, {}  # the app's own page
        trusted = policy.origin_trusted(origin, own)
        if not trusted and policy.local_only and scope["method"] not in SAFE_METHODS:
            return refusal(
                403,
                f"Cross-origin request refused: this app runs on localhost "
                f"and {origin[:100]!r} is not one of its allowed origins "
                "(launch(allowed_origins=[...]) to allow it).",
            ), {}
        cors = cors_headers(origin, trusted, open_api=not policy.local_only)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            return preflight(cors, headers), {}
        return None, cors

    def _headers_added(self, send: Send, cors: dict[str, str]) -> Send:
        page_policy = self.policy.page_policy

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in cors.items():
                    out[name] = value
                if cors:
                    out.add_vary_header("Origin")
                if (
                    out.get("content-type", "").startswith("text/html")
                    and "content-security-policy" not in out
                ):
                    out["content-security-policy"] = page_policy
            await send(message)

        return sending


def cors_headers(origin: str, trusted: bool, open_api: bool) -> dict[str, str]:
    """What a response to ``origin`` says about it: a trusted origin may read with
    credentials; on a public app any origin may read without them; else nothing."""
    if trusted:
        return {"access-control-allow-origin": origin, "access-control-allow-credentials": "true"}
    if open_api:
        return {"access-control-allow-origin": origin}
    return {}


def preflight(cors: dict[str, str], headers: Headers) -> Response:
    """The answer to a CORS preflight: allowed (200 with the CORS headers) or refused (403)."""
    if not cors:
        return refusal(403, "Cross-origin requests from this origin are not allowed.")
    answer = {
        **cors,
        "access-control-allow-methods": CORS_METHODS,
        "access-control-max-age": CORS_MAX_AGE,
        "vary": "Origin",
    }
    requested = headers.get("access-control-request-headers")
    if requested:
        answer["access-control-allow-headers"] = requested
    return Response(status_code=200, headers=answer)
