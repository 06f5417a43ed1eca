"""Password login, as Gradio's ``launch(auth=...)``: a login page, a signed session cookie,
``/logout``; every other route refuses a request that has not logged in.

``auth`` is a ``(username, password)`` pair, a list of pairs, or a function
``(username, password) -> bool``. ``POST /login`` takes the form fields ``username`` and
``password`` (what ``gradio_client.Client(url, auth=(u, p))`` sends) and answers 200 with the
cookie, or 401. The cookie holds the username, an expiry and an HMAC made with a key drawn
when the server starts, so restarting the server logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

COOKIE = "access-token"
#: Seconds a login lasts.
LIFETIME = 7 * 24 * 3600
#: What may be fetched before logging in: the login page's own route and assets, and the
#: liveness route (a probe cannot log in; it tells only that the server answers).
OPEN_PATHS = frozenset({"/login", "/logout", "/static/style.css", "/static/login.js", "/healthz"})
LOGIN_PAGE = Path(__file__).resolve().parent.parent / "frontend" / "login.html"

Check = Callable[[str, str], bool]


def make_check(auth: Any) -> Check:
    """A credentials check from ``launch(auth=...)``; a ``TypeError`` for anything else."""
    if callable(auth):
        return lambda user, password: bool(auth(user, password))
    pairs = [auth] if isinstance(auth, tuple) else list(auth)
    if not pairs or not all(_is_pair(p) for p in pairs):
        raise TypeError(
            "auth= takes a (username, password) pair, a list of pairs, or a "
            "function (username, password) -> bool"
        )
    return lambda user, password: _any_pair_matches(pairs, user, password)


def _is_pair(pair: Any) -> bool:
    return (
        isinstance(pair, Sequence)
        and len(pair) == 2
        and all(isinstance(part, str) for part in pair)
    )


def _any_pair_matches(pairs: list[Sequence[str]], user: str, password: str) -> bool:
    """Compares every pair in constant time, so timing tells nothing of which part failed."""
    found = False
    for known_user, known_password in pairs:
        same_user = hmac.compare_digest(known_user.encode(), user.encode())
        same_password = hmac.compare_digest(known_password.encode(), password.encode())
        found |= same_user & same_password
    return found


class Sessions:
    """Signs and reads the login cookie."""

    def __init__(self, check: Check, message: str | None) -> None:
        self.check = check
        self.message = message
        #: The login page, read and filled in once.
        self.page = LOGIN_PAGE.read_text().replace("{{message}}", escape(message or ""))
        self._key = secrets.token_bytes(32)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    def token(self, user: str) -> str:
        payload = f"{int(time.time()) + LIFETIME}:{user.encode().hex()}"
        return f"{payload}:{self._sign(payload)}"

    def user(self, token: str | None) -> str | None:
        """The username a valid, unexpired cookie names, else None."""
        expiry, _, rest = (token or "").partition(":")
        user_hex, _, signature = rest.partition(":")
        if not hmac.compare_digest(self._sign(f"{expiry}:{user_hex}"), signature):
            return None
        try:
            alive = int(expiry) > time.time()
            return bytes.fromhex(user_hex).decode() if alive else None
        except ValueError:
            return None


class AuthGate:
    """ASGI middleware: requests without a valid login get the login page (``/``) or 401.
    The logged-in username is put in ``scope["state"]["username"]``."""

    def __init__(self, app: Any, sessions: Sessions) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        user = self.sessions.user(request.cookies.get(COOKIE))
        path = scope["path"]
        if user is not None or path in OPEN_PATHS:
            scope.setdefault("state", {})["username"] = user
            await self.app(scope, receive, send)
            return
        if path == "/" and scope["method"] in ("GET", "HEAD"):
            response: Response = HTMLResponse(
                self.sessions.page, headers={"cache-control": "no-store"}
            )
        else:
            response = JSONResponse(
                {
                    "detail": "Not authenticated: log in first (POST login "
                    "with username and password)."
                },
                401,
            )
        await response(scope, receive, send)


async def login(request: Request) -> Response:
    """``POST /login``: form fields ``username`` and ``password``."""
    sessions: Sessions = request.app.state.auth
    form = await request.form(max_files=0, max_fields=8)
    user, password = form.get("username"), form.get("password")
    if not (isinstance(user, str) and isinstance(password, str) and sessions.check(user, password)):
        return JSONResponse({"detail": "Incorrect username or password."}, 401)
    response = JSONResponse({"success": True})
    response.set_cookie(
        COOKIE,
        sessions.token(user),
        max_age=LIFETIME,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(request: Request) -> Response:
    """``GET /logout``: forget the login, back to the page (which asks to log in)."""
    response = RedirectResponse("./", 302)
    response.delete_cookie(COOKIE)
    return response
