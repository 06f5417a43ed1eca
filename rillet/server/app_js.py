"""The ``js=`` functions of the app's event listeners, served as ES modules.

Gradio's page evaluates a listener's ``js=`` text; rillet's Content-Security-Policy forbids
that, so each one is served from the app's own origin as a module whose default export is
the function, which the page imports (rillet/frontend/events.js). Only text the app itself
declared is served: a module is found by the dependency's index, never built from a request.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from rillet.themes.page import is_function_expression


def module_text(code: str) -> str:
    """The module for one listener's ``js``: a function expression is exported as it is;
    other code becomes the body of a function of the inputs (``args``)."""
    code = code.strip()
    if is_function_expression(code):
        return f"export default ({code.rstrip(';').rstrip()});\n"
    return f"export default async function (...args) {{\n{code}\n}}\n"


async def listener_js(request: Request) -> Response:
    """GET ``/gradio_api/js/{fn_index}.mjs``: the module of that listener's ``js``."""
    from rillet.server.app import error, runtime_of

    raw = request.path_params["fn_index"]
    deps = runtime_of(request).spec.dependencies
    index = int(raw) if raw.isdigit() else -1
    if not 0 <= index < len(deps) or not deps[index].js:
        return error(404, f"no js function for fn_index {raw!r}")
    return Response(
        module_text(deps[index].js or ""),
        media_type="text/javascript",
        headers={"cache-control": "no-cache"},
    )
