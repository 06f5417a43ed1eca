"""``POST /gradio_api/upload``: files from the client into the store, size-limited."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rillet.core.files import StoreFull
from rillet.server.bodies import BadBody, limited

if TYPE_CHECKING:
    from rillet.server.runtime import Runtime

CHUNK = 1024 * 1024


def _too_big(limit: int) -> JSONResponse:
    return JSONResponse(
        {
            "detail": f"File too large: uploads are limited to {limit} bytes "
            f"({limit / 1024 / 1024:.1f} MB)."
        },
        status_code=413,
    )


async def upload(request: Request) -> Response:
    """Store each multipart ``files`` part; answer with the list of stored paths."""
    rt = request.app.state.runtime
    limit = rt.settings.max_file_size
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return JSONResponse(
            {"detail": "uploads must be multipart/form-data with the files in a 'files' field"},
            status_code=415,
        )
    try:
        if limit is not None:  # the whole body: the files plus their multipart envelope
            request = limited(request, limit + CHUNK)
        form = await request.form(max_files=1000, max_fields=1000)
    except BadBody:
        return _too_big(limit or 0)
    except Exception as bad:  # noqa: BLE001 - any parse failure is the client's
        return JSONResponse({"detail": f"Invalid upload: {bad}"}, status_code=400)
    paths: list[str] = []
    try:
        for part in form.getlist("files"):
            if not isinstance(part, UploadFile):
                return JSONResponse({"detail": "'files' must be file parts"}, status_code=400)
            if limit is not None and (part.size or 0) > limit:
                return _too_big(limit)
            paths.append(str(await _save(rt, part)))
    except StoreFull as full:  # at max_store_size: none of this request's files is kept
        rt.store.remove([Path(p).parent for p in paths])
        return JSONResponse({"detail": str(full)}, status_code=507)
    finally:
        await form.close()
    if not paths:
        return JSONResponse(
            {"detail": "no complete file in the 'files' field (was the upload cut short?)"},
            status_code=400,
        )
    return JSONResponse(paths)


async def _save(rt: Runtime, part: UploadFile) -> Path:
    """Write ``part`` into the store, each chunk counted against ``max_store_size``
    first (:class:`StoreFull` when it does not fit; the partial file is deleted)."""
    store = rt.store
    path = store.new_path(part.filename or "file")
    try:
        with open(path, "wb") as out:
            while chunk := await part.read(CHUNK):
                store.reserve(path, len(chunk), rt.files_in_use)
                out.write(chunk)
    except BaseException:
        store.remove([path.parent])
        raise
    return path
