"""``gr.mcp``: decorators that say how the MCP server (``launch(mcp_server=True)``) shows a
function used as an event's fn (or by ``gr.api``).

Every named public endpoint is a tool already; these decorators only change that:

- ``@gr.mcp.tool(name=, description=, structured_output=, _meta=)``: the tool's name and
  description instead of the function's name and docstring, its result also as structured
  content (``{"result": [...]}``), and ``_meta`` sent with its listing and each result
  (e.g. the ``openai/outputTemplate`` of an Apps SDK widget);
- ``@gr.mcp.resource("scheme://path/{field}", mime_type=)``: not a tool but a resource,
  read with ``resources/read``; a URI without ``{...}`` fields is a static resource, one
  with fields a resource template whose fields are the function's arguments;
- ``@gr.mcp.prompt(name=, description=)``: not a tool but a prompt, got with
  ``prompts/get``; its text is the function's result.

Each decorator marks the function (with the attributes Gradio uses, which the server reads)
and returns it unchanged: it stays callable and can be used as an event's fn, which is how
the server finds it. A decorated function that no event uses is not served.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: The MIME type of a resource when the decorator names none.
DEFAULT_MIME_TYPE = "text/plain"


def _marked(fn: F, kind: str, **marks: Any) -> F:
    """``fn`` with its MCP kind and marks set as ``_mcp_<name>`` attributes."""
    fn._mcp_type = kind  # type: ignore[attr-defined]
    for key, value in marks.items():
        setattr(fn, f"_mcp_{key}", value)
    return fn


def tool(
    name: str | None = None,
    description: str | None = None,
    structured_output: bool = False,
    _meta: dict[str, Any] | None = None,
) -> Callable[[F], F]:
    """Mark a function as an MCP tool (every public endpoint is one already; this sets how
    it is listed).

    Args:
        name: the tool's name, instead of the function's.
        description: the tool's description, instead of the docstring's.
        structured_output: also return the result as structured content,
            ``{"result": [...]}`` (the content items as JSON).
        _meta: metadata sent as the tool's ``_meta`` when listed and with each result.
    """

    def decorate(fn: F) -> F:
        return _marked(
            fn,
            "tool",
            name=name,
            description=description,
            structured_output=structured_output,
            meta=_meta,
        )

    return decorate


def resource(
    uri_template: str, description: str | None = None, mime_type: str | None = None
) -> Callable[[F], F]:
    """Mark a function as an MCP resource at ``uri_template`` instead of a tool.

    Args:
        uri_template: the resource's URI, e.g. ``"ui://widget/app.html"``; with
            ``{field}`` parts (``"greeting://{name}"``) it is a resource template, each
            field (one path segment) passed to the function as the argument of that name.
        description: the resource's description, instead of the docstring's.
        mime_type: what the function returns (``"text/plain"`` when not given); a type
            not under ``text/`` is binary: the function returns it base64-encoded (or as
            a file).
    """

    def decorate(fn: F) -> F:
        return _marked(
            fn,
            "resource",
            uri_template=uri_template,
            description=description,
            mime_type=mime_type or DEFAULT_MIME_TYPE,
        )

    return decorate


def prompt(name: str | None = None, description: str | None = None) -> Callable[[F], F]:
    """Mark a function as an MCP prompt instead of a tool: ``prompts/get`` calls it with
    the client's arguments and its result is the prompt's text (one user message).

    Args:
        name: the prompt's name, instead of the function's.
        description: the prompt's description, instead of the docstring's.
    """

    def decorate(fn: F) -> F:
        return _marked(
            fn, "prompt", name=name or getattr(fn, "__name__", None), description=description
        )

    return decorate


__all__ = ["prompt", "resource", "tool"]
