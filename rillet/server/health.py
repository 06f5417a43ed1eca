"""``GET /healthz``: a liveness check for load balancers and orchestrators.

It answers ``200 {"status": "ok"}`` as long as the server's event loop runs, without
touching the queue, the sessions or the disk, so a busy app still answers at once.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

PATH = "/healthz"


async def healthz(request: Request) -> Response:
    """Liveness: 200 while the server serves."""
    return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})
