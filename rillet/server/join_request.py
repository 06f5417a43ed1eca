"""The ``gr.Request`` of an event: its ``queue/join`` request, copied when it joins."""

from __future__ import annotations

from starlette.requests import Request as HttpRequest

from rillet.core.request import Request


def capture(request: HttpRequest, session_hash: str) -> Request:
    """Plain, picklable copies of ``request``'s headers, client address, query parameters
    (the page's own, which the page adds to its join), cookies and URL, with the
    ``session_hash`` and the logged-in username (set by the login gate, if any)."""
    username = request.scope.get("state", {}).get("username")
    return Request(
        request, username=username if isinstance(username, str) else None, session_hash=session_hash
    )
