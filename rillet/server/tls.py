"""HTTPS without a proxy: ``launch(ssl_keyfile=..., ssl_certfile=..., ssl_keyfile_password=...)``.

The files are checked before the server starts (a clear error instead of a server thread
that dies), then handed to uvicorn, which serves every route over TLS.
"""

from __future__ import annotations

import ssl
from typing import Any

from rillet.core.settings import Settings


def enabled(settings: Settings) -> bool:
    """True when the app is served over HTTPS."""
    return bool(settings.ssl_certfile)


def scheme(settings: Settings) -> str:
    """``"https"`` or ``"http"``: the scheme of the app's URL."""
    return "https" if enabled(settings) else "http"


def check(settings: Settings) -> None:
    """Raise a ``ValueError`` saying what is wrong when the TLS settings cannot serve."""
    if settings.ssl_keyfile and not settings.ssl_certfile:
        raise ValueError("ssl_certfile must be provided if ssl_keyfile is provided.")
    if settings.ssl_keyfile_password and not settings.ssl_certfile:
        raise ValueError(
            "ssl_keyfile_password is set but ssl_certfile is not: HTTPS needs a certificate file."
        )
    if not enabled(settings):
        return
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        # A callable, never None: OpenSSL would ask for the password on the terminal.
        context.load_cert_chain(
            settings.ssl_certfile,  # type: ignore[arg-type]
            settings.ssl_keyfile,
            lambda: settings.ssl_keyfile_password or "",
        )
    except FileNotFoundError as error:
        raise ValueError(
            f"cannot serve HTTPS: no such file {error.filename!r} (ssl_certfile / ssl_keyfile)"
        ) from None
    except (ssl.SSLError, OSError) as error:
        raise ValueError(
            f"cannot serve HTTPS with ssl_certfile={settings.ssl_certfile!r} "
            f"and ssl_keyfile={settings.ssl_keyfile!r}: {error} (a PEM "
            "certificate and its private key, and the key's password if it "
            "has one, are needed)"
        ) from None


def options(settings: Settings) -> dict[str, Any]:
    """uvicorn ``Config`` keyword arguments serving HTTPS (none for HTTP); see :func:`check`."""
    if not enabled(settings):
        return {}
    return {
        "ssl_certfile": settings.ssl_certfile,
        "ssl_keyfile": settings.ssl_keyfile,
        "ssl_keyfile_password": settings.ssl_keyfile_password,
    }
