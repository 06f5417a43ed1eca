"""The app's public URL, which file URLs and ``/config``'s ``root`` start with, made as
Gradio makes it (its ``get_root_url``):

1. a ``root_path`` that is a full URL (``https://example.com/app``) is used as it is;
2. else the origin is ``X-Forwarded-Host`` (first value) when a proxy sends one, or the
   request's own scheme and host; ``X-Forwarded-Proto: https`` (first value) makes it https;
3. the path is ``root_path`` (``/myapp``), or the ASGI ``root_path`` of the request.

``X-Forwarded-Prefix`` is not read, as in Gradio: the prefix is ``root_path``. A forwarded
host that is not a plain ``host[:port]`` is ignored.
"""

from __future__ import annotations

import re

from starlette.requests import Request

#: A hostname, an IPv4 or a bracketed IPv6 address, and an optional port.
HOST = re.compile(
    r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]+\])"
    r"(?::\d{1,5})?"
)


def is_full_url(root_path: str) -> bool:
    return root_path.startswith(("http://", "https://"))


def first_value(request: Request, header: str) -> str:
    """The first of the comma-separated values of ``header`` ("" when absent)."""
    return request.headers.get(header, "").split(",")[0].strip()


def origin(request: Request) -> str:
    """``scheme://host[:port]`` the client reached the app at, through a proxy or not."""
    forwarded = first_value(request, "x-forwarded-host")
    if forwarded and HOST.fullmatch(forwarded):
        found = f"http://{forwarded}"
    else:
        base = request.base_url
        found = f"{base.scheme}://{base.netloc}"
    if first_value(request, "x-forwarded-proto").lower() == "https":
        found = "https://" + found.split("://", 1)[1]
    return found


def root_url(request: Request, root_path: str) -> str:
    """The public URL of the app, without a trailing slash: ``https://example.com/myapp``."""
    if is_full_url(root_path):
        return root_path.rstrip("/")
    path = root_path or request.scope.get("root_path", "")
    return origin(request) + path.rstrip("/")
