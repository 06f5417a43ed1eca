"""Which served files a browser may show in the page's origin, by an allowlist of types.

A file of any other type (HTML, SVG, XML and its dialects such as RSS, Atom, RDF or KML,
JavaScript, anything unknown to the browser) could run script in the app's origin if it
were opened as a page: it is sent as a download (``Content-Disposition: attachment``), in a
CSP sandbox. Audio and video of any type are shown inline (the players and the streaming
of chunks need them so), as are images but SVG, plain text, JSON and PDF.
"""

from __future__ import annotations

#: Types shown inline, besides every ``audio/*`` and ``video/*`` type.
INLINE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/avif",
        "image/apng",
        "image/bmp",
        "image/tiff",
        "image/vnd.microsoft.icon",
        "image/x-icon",
        "text/plain",
        "text/csv",
        "text/vtt",
        "application/json",
        "application/pdf",
    }
)
INLINE_FAMILIES = ("audio/", "video/")
#: The headers of a file that is not shown inline.
DOWNLOAD_HEADERS = {"content-disposition": "attachment", "content-security-policy": "sandbox"}


def shown_inline(media_type: str) -> bool:
    """May a file of ``media_type`` (parameters such as ``charset`` allowed) be shown in
    the browser rather than downloaded?"""
    base = media_type.split(";", 1)[0].strip().lower()
    return base in INLINE_TYPES or base.startswith(INLINE_FAMILIES)
