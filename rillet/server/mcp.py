"""The MCP server (``launch(mcp_server=True)`` or ``GRADIO_MCP_SERVER=True``): each named
public endpoint of the app is an MCP tool, served with the official ``mcp`` SDK at Gradio's
paths:

- Streamable HTTP at ``/gradio_api/mcp/`` (also ``/gradio_api/mcp`` and ``.../mcp/http/``);
- SSE at ``/gradio_api/mcp/sse``, its messages posted to ``/gradio_api/mcp/messages/``;
- ``/gradio_api/mcp/schema``: every tool's name, description and input schema as JSON.

A tool's input schema comes from the endpoint's API parameters (the components' schemas, or
``gr.api``'s type hints), its descriptions from the function's docstring (the first
paragraph, and each parameter's line of an ``Args:`` section). A file parameter takes a URL
(or a path the server may read); a file result is its URL. A call runs as an event of the
app's own queue, in a session of its own: each ``yield`` of a generator is sent as a progress
notification (when the client asked for progress) and the last one is the result;
``gr.Error`` (or any failure) is a tool error. Endpoints with ``api_visibility`` other than
``"public"`` (or ``show_api=False``) are not tools.

A function marked by ``gr.mcp`` (:mod:`rillet.mcp`, read here through the ``_mcp_*``
attributes it sets, Gradio's names) changes that: ``@gr.mcp.tool`` sets its tool's name,
description, ``_meta`` (in the listing and each result) and structured output;
``@gr.mcp.resource(uri)`` makes it a resource instead (``resources/list`` for a static URI,
``resources/templates/list`` for one with ``{field}`` parts, ``resources/read`` runs it with
the URI's fields as arguments); ``@gr.mcp.prompt`` a prompt (``prompts/list``,
``prompts/get`` runs it with the client's arguments). Resources and prompts run as events of
the app's queue too, as tools do.

The ``mcp`` package is an optional dependency: ``pip install rillet[mcp]``.
"""

from __future__ import annotations

import base64
import contextlib
import inspect
import json
import os
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from rillet import protocol
from rillet.core import diff
from rillet.core.errors import QueueFull
from rillet.core.spec import AppSpec, Dependency
from rillet.server import join_request, public_url
from rillet.server.config import build_api_info, in_api

#: Where the MCP routes live, under the app.
PATH = protocol.API_PREFIX + "/mcp"
#: The session of a tool call is named ``mcp-<random>``.
SESSION_PREFIX = "mcp-"
#: What ``GRADIO_MCP_SERVER`` may say to turn the server on.
TRUE_WORDS = ("1", "true", "yes", "on")
#: The JSON types of a schema's ``type`` and the Python values each accepts.
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}
#: The kinds a function may be marked with by ``gr.mcp``.
KINDS = ("tool", "resource", "prompt")
#: A ``{field}`` of a resource's URI template.
URI_FIELD = re.compile(r"\{([^{}]+)\}")
#: The MCP error code of a resource no endpoint serves.
RESOURCE_NOT_FOUND = -32002
#: A line of a docstring's ``Args:`` section: ``name: text`` or ``name (type): text``.
ARG_LINE = re.compile(r"^\s*\*{0,2}(\w+)\*{0,2}\s*(?:\([^)]*\))?\s*:\s*(.*)$")


def wanted(flag: bool | None) -> bool:
    """Is the MCP server asked for: ``flag`` when given, else ``GRADIO_MCP_SERVER``."""
    if flag is not None:
        return bool(flag)
    return os.environ.get("GRADIO_MCP_SERVER", "").strip().lower() in TRUE_WORDS


def require_sdk() -> None:
    """A clear ImportError when the ``mcp`` package is missing."""
    try:
        import mcp  # noqa: F401
    except ImportError as missing:
        raise ImportError(
            "launch(mcp_server=True) needs the `mcp` package: pip install 'rillet[mcp]'"
        ) from missing


@dataclass(frozen=True)
class Mark:
    """How ``gr.mcp`` marked a function (what it says when it is not marked)."""

    kind: str = "tool"
    name: str | None = None
    description: str | None = None
    meta: dict[str, Any] | None = None
    structured_output: bool = False
    uri: str = ""
    mime_type: str = "text/plain"

    @property
    def fields(self) -> list[str]:
        """The ``{field}`` names of a resource's URI template, in order."""
        return URI_FIELD.findall(self.uri)


def mark_of(fn: Any) -> Mark:
    """The ``gr.mcp`` marks of ``fn`` (or of the function it wraps)."""
    seen = 0
    while fn is not None and not hasattr(fn, "_mcp_type") and seen < 10:
        fn, seen = getattr(fn, "__wrapped__", None), seen + 1
    kind = getattr(fn, "_mcp_type", None)
    if kind not in KINDS:
        return Mark()
    meta = getattr(fn, "_mcp_meta", None)
    return Mark(
        kind=str(kind),
        name=getattr(fn, "_mcp_name", None) or None,
        description=getattr(fn, "_mcp_description", None),
        meta=dict(meta) if isinstance(meta, dict) else None,
        structured_output=bool(getattr(fn, "_mcp_structured_output", False)),
        uri=str(getattr(fn, "_mcp_uri_template", "") or ""),
        mime_type=str(getattr(fn, "_mcp_mime_type", None) or "text/plain"),
    )


@dataclass
class Parameter:
    """One argument of a tool."""

    name: str
    schema: dict[str, Any]
    required: bool
    default: Any = None
    is_file: bool = False


@dataclass
class Tool:
    """A named public endpoint seen as an MCP tool."""

    name: str
    dep: Dependency
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    mark: Mark = field(default_factory=Mark)

    def input_schema(self) -> dict[str, Any]:
        """The tool's ``inputSchema``: an object with one property per parameter."""
        return {
            "type": "object",
            "properties": {p.name: p.schema for p in self.parameters},
            "required": [p.name for p in self.parameters if p.required],
        }

    def listing(self) -> dict[str, Any]:
        """The entry of ``/gradio_api/mcp/schema``: its ``meta`` says what it is."""
        return {
            "name": self.name,
            "description": self.description,
            "inputSchema": self.input_schema(),
            "meta": {
                "file_data_present": any(p.is_file for p in self.parameters),
                "mcp_type": self.mark.kind,
                "endpoint_name": self.dep.api_name,
            },
        }

    def matches(self, uri: str) -> dict[str, str] | None:
        """A resource's arguments for ``uri`` (its URI template's fields, each one path
        segment), or None when ``uri`` is not this resource's."""
        fields = self.mark.fields
        if not fields:
            return {} if uri == self.mark.uri else None
        pattern = "".join(
            f"(?P<f{i // 2}>[^/]+)" if i % 2 else re.escape(part)
            for i, part in enumerate(URI_FIELD.split(self.mark.uri))
        )
        found = re.fullmatch(pattern, uri)
        if found is None:
            return None
        return {name: found.group(f"f{i}") for i, name in enumerate(fields)}


def docstring_parts(fn: Any) -> tuple[str, dict[str, str], str]:
    """A function's docstring as (first paragraph, ``Args:`` descriptions by name,
    ``Returns:`` text), each on one line."""
    summary: list[str] = []
    args: dict[str, str] = {}
    returns: list[str] = []
    section, current = "summary", None
    for raw in (inspect.getdoc(fn) or "").splitlines():
        line = raw.strip()
        head = line.rstrip(":").lower()
        if line.endswith(":") and head in ("args", "arguments", "parameters", "returns"):
            section = "returns" if head == "returns" else "args"
            continue
        if section == "summary" and line:
            summary.append(line)
        elif section == "args" and line:
            found = ARG_LINE.match(raw)
            if found:
                current = found.group(1)
                args[current] = found.group(2).strip()
            elif current is not None:
                args[current] = (args[current] + " " + line).strip()
        elif section == "returns" and line:
            returns.append(line)
    return " ".join(summary), args, " ".join(returns)


def _is_file_schema(schema: Any) -> bool:
    """A FileData schema (an object with ``path`` and a ``meta`` naming gradio.FileData)."""
    if not isinstance(schema, dict):
        return False
    props = schema.get("properties")
    if isinstance(props, dict) and "path" in props and "meta" in props:
        return True
    return any(_is_file_schema(s) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def _tool_schema(schema: Any, description: str) -> dict[str, Any]:
    """A parameter's schema as a tool shows it: a file is a URL string."""
    shown: dict[str, Any]
    if _is_file_schema(schema):
        shown = {"type": "string", "format": "uri"}
        description = (description + " " if description else "") + "(a file: its http(s) URL)"
    elif isinstance(schema, dict):
        shown = {k: v for k, v in schema.items() if k != "description"}
    else:
        shown = {}
    if description:
        shown["description"] = description
    return shown


def tool_name(fn: Any, api_name: str, taken: set[str], given: str | None = None) -> str:
    """The name ``gr.mcp`` gave (else the function's, else the endpoint's), letters, digits
    and ``_`` only, made unique with ``_2``, ``_3``..."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", given or getattr(fn, "__name__", "") or api_name)[:120]
    base = base if base and base != "_lambda_" else re.sub(r"[^A-Za-z0-9_]", "_", api_name)
    name, suffix = base, 2
    while name in taken:
        name, suffix = f"{base}_{suffix}", suffix + 1
    return name


def entries_of(spec: AppSpec) -> dict[str, Tool]:
    """Every named public endpoint by name, in order: tools, and the functions ``gr.mcp``
    made resources or prompts (one namespace of names, as in Gradio)."""
    info = build_api_info(spec)["named_endpoints"]
    entries: dict[str, Tool] = {}
    for dep in spec.dependencies:
        entry = info.get(f"/{dep.api_name}") if dep.api_name else None
        if entry is None or dep.fn is None:
            continue
        mark = mark_of(dep.fn)
        summary, arg_docs, returns = docstring_parts(dep.fn)
        description = entry.get("description") or summary
        if mark.kind != "tool":
            description = summary  # a resource or prompt: the docstring's first paragraph
        elif returns and dep.api_description is None:
            description = (description.rstrip(".") + ". " if description else "") + (
                "Returns: " + returns
            )
        if mark.description is not None:
            description = mark.description
        name = tool_name(dep.fn, dep.api_name or "", set(entries), mark.name)
        entries[name] = Tool(name, dep, description, _parameters(entry, arg_docs), mark)
    return entries


def tools_of(spec: AppSpec) -> dict[str, Tool]:
    """The app's tools by name: its named public endpoints not made resources or prompts."""
    return {n: t for n, t in entries_of(spec).items() if t.mark.kind == "tool"}


def resources_of(spec: AppSpec) -> list[Tool]:
    """The endpoints ``gr.mcp.resource`` marked, in order."""
    return [t for t in entries_of(spec).values() if t.mark.kind == "resource"]


def prompts_of(spec: AppSpec) -> dict[str, Tool]:
    """The endpoints ``gr.mcp.prompt`` marked, by prompt name."""
    return {n: t for n, t in entries_of(spec).items() if t.mark.kind == "prompt"}


def prompt_required(tool: Tool) -> dict[str, bool]:
    """Which of a prompt's arguments the client must give: those its function's signature
    has no default for (the endpoint may still have a component's value to fall back on)."""
    try:
        params = inspect.signature(tool.dep.fn).parameters  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return {p.name: p.required for p in tool.parameters}
    return {
        p.name: p.name in params and params[p.name].default is inspect.Parameter.empty
        for p in tool.parameters
    }


def from_text(arguments: dict[str, Any], tool: Tool) -> dict[str, Any]:
    """Arguments given as text (a URI's fields, a prompt's arguments) as the values their
    schema asks for: an integer, number or boolean parsed, anything else as it is."""
    schemas = {p.name: p.schema for p in tool.parameters}
    return {name: _parsed(value, schemas.get(name, {})) for name, value in arguments.items()}


def _parsed(value: Any, schema: dict[str, Any]) -> Any:
    if not isinstance(value, str) or _fits(value, schema):
        return value
    kinds = schema.get("type")
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        try:
            if kind == "integer":
                return int(value)
            if kind == "number":
                return float(value)
        except ValueError:
            continue
        if kind == "boolean" and value.lower() in ("true", "false"):
            return value.lower() == "true"
    return value


def _parameters(entry: dict[str, Any], docs: dict[str, str]) -> list[Parameter]:
    return [
        Parameter(
            name=p["parameter_name"],
            schema=_tool_schema(p.get("type"), docs.get(p["parameter_name"], "")),
            required=not p.get("parameter_has_default", False),
            default=p.get("parameter_default"),
            is_file=_is_file_schema(p.get("type")),
        )
        for p in entry["parameters"]
    ]


class ToolRefused(ValueError):
    """The arguments of a call do not fit the tool: told to the client as a tool error."""


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    """Does ``value`` have a type ``schema`` allows (only the top level is checked; the
    component checks the rest)."""
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return any(_fits(value, s) for s in alternatives if isinstance(s, dict))
    kinds = schema.get("type")
    if kinds is None:
        return True
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        allowed = JSON_TYPES.get(kind)
        if allowed is None:
            return True
        if isinstance(value, bool) and kind in ("integer", "number"):
            continue
        if isinstance(value, allowed):
            return True
    return False


def arguments_to_data(tool: Tool, arguments: dict[str, Any] | None) -> list[Any]:
    """The event's ``data`` for a call with ``arguments`` (one value per input), or
    :class:`ToolRefused` naming what is wrong."""
    arguments = dict(arguments or {})
    unknown = sorted(set(arguments) - {p.name for p in tool.parameters})
    if unknown:
        raise ToolRefused(f"unknown argument(s) for {tool.name}: {', '.join(unknown)}")
    values = []
    for p in tool.parameters:
        if p.name not in arguments:
            if p.required:
                raise ToolRefused(f"{tool.name}: the argument {p.name!r} is required")
            values.append(p.default)
            continue
        value = arguments[p.name]
        if not _fits(value, p.schema):
            wanted_type = p.schema.get("type") or "a value of the schema"
            raise ToolRefused(
                f"{tool.name}: the argument {p.name!r} must be {wanted_type}, "
                f"not {type(value).__name__}"
            )
        values.append(_file_data(value) if p.is_file and isinstance(value, str) else value)
    given = iter(values)  # inputs outside the API (gr.State, buttons) get None
    return [next(given) if in_api(block) else None for block in tool.dep.inputs]


def _file_data(url: str) -> dict[str, Any]:
    """A file argument given as a URL or path, as the component's payload (the URL is
    made a stored file by :func:`fetch_files` before the event runs)."""
    return {"path": url, "meta": {"_type": "gradio.FileData"}}


async def fetch_files(runtime: Any, data: list[Any], root: str) -> list[Any]:
    """``data`` with each file given as a URL made a path of the store: this app's own
    file URLs (under ``root``, its public URL) name their stored file; other http(s) URLs
    are downloaded (at most ``max_file_size`` bytes) into the store."""
    import asyncio

    fetched = []
    for value in data:
        if isinstance(value, dict) and str(value.get("path", "")).startswith(("http:", "https:")):
            path = await asyncio.to_thread(_stored_path, runtime.store, str(value["path"]), root)
            value = {**value, "path": path}
        fetched.append(value)
    return fetched


def _stored_path(store: Any, url: str, root: str) -> str:
    """The store path for a file URL (downloading it unless it is this app's own)."""
    from urllib.parse import unquote, urlsplit
    from urllib.request import urlopen

    own = f"{root}{protocol.API_PREFIX}/file="
    if root and url.startswith(own):
        return unquote(url[len(own) :].split("?", 1)[0])
    limit = store.max_file_size or 200 * 1024 * 1024
    with urlopen(url, timeout=30) as response:
        body = response.read(limit + 1)
    if len(body) > limit:
        raise ToolRefused(f"the file at {url} is larger than {limit} bytes")
    path = store.new_path(urlsplit(url).path.rsplit("/", 1)[-1] or "file")
    path.write_bytes(body)
    return str(path)


def result_text(value: Any) -> str:
    """One output's value as a tool result's text: a string as it is, a file as its URL,
    anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value.get("meta", {}).get("_type") == "gradio.FileData":
        return str(value.get("url") or value.get("path"))
    return json.dumps(value, default=str)


@dataclass
class Outcome:
    """How a tool call ended: its outputs' values, or an error message."""

    values: list[Any] | None = None
    error: str | None = None


Progress = Callable[[int, list[Any]], Awaitable[None]]


async def run_tool(
    runtime: Any, tool: Tool, data: list[Any], request: Request | None, progress: Progress
) -> Outcome:
    """Run ``tool`` on ``data`` as an event of the app's queue; ``progress`` is called with
    each result (numbered from 1) before the last; a call left early cancels its event."""
    session_hash = SESSION_PREFIX + uuid.uuid4().hex
    session = runtime.sessions.get_or_create(session_hash)
    root = _root_url(runtime, request)
    captured = join_request.capture(request, session_hash) if request is not None else None
    try:
        job = runtime.queue.join(session, tool.dep, data, root, captured)
    except QueueFull as full:
        return Outcome(error=str(full))
    job.feed = None  # a .stream() endpoint gets no more chunks: one call, as for the API
    done = False
    try:
        outcome = await _follow(session.stream(None, runtime.settings.heartbeat), job, progress)
        done = True
        return outcome
    finally:
        if not done:
            runtime.queue.cancel(session_hash, job.event_id)


async def _follow(frames: AsyncIterator[bytes], job: Any, progress: Progress) -> Outcome:
    """Read an event's messages until it completes."""
    values: list[Any] | None = None
    step = 0
    async for message in protocol.messages(frames):
        kind = message.get("msg")
        if message.get("event_id") != job.event_id:
            continue
        if kind in ("process_generating", "process_streaming"):
            data = message.get("output", {}).get("data", [])
            values = list(data) if kind == "process_streaming" else _applied(values, data)
            step += 1
            await progress(step, values)
        elif kind == "process_completed":
            output = message.get("output", {})
            if message.get("success", True) and "error" not in output:
                return Outcome(values=list(output.get("data", values or [])))
            return Outcome(error=str(output.get("error") or "Error"))
        elif kind == "unexpected_error":
            return Outcome(error=str(message.get("message") or "Error"))
    return Outcome(error="the event ended without a result")


def _applied(values: list[Any] | None, data: list[Any]) -> list[Any]:
    """Each output's value once ``data`` is applied: whole values the first time, then
    each output's edits (an empty list: unchanged)."""
    if values is None:
        return list(data)
    return [
        diff.apply(value, edits) if isinstance(edits, list) and edits else value
        for value, edits in zip(values, data, strict=False)
    ]


def _root_url(runtime: Any, request: Request | None) -> str:
    """The app's public URL, from a request to one of the MCP routes."""
    if request is None:
        return ""
    url = public_url.root_url(request, runtime.settings.root_path)
    return url.split(PATH, 1)[0] if not public_url.is_full_url(runtime.settings.root_path) else url


def make_server(runtime: Any) -> Any:
    """The SDK's low-level server over ``runtime``'s app: its tools, and the resources and
    prompts ``gr.mcp`` marked."""
    from mcp.server import Server

    return Server(
        runtime.settings.title or "rillet",
        **tool_handlers(runtime),
        **resource_handlers(runtime),
        **prompt_handlers(runtime),
    )


def tool_handlers(runtime: Any) -> dict[str, Any]:
    """``tools/list`` and ``tools/call``."""
    from mcp import types

    tools = tools_of(runtime.spec)

    async def list_tools(ctx: Any, params: Any) -> Any:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=t.name,
                    description=t.description,
                    input_schema=t.input_schema(),
                    _meta=t.mark.meta,
                )
                for t in tools.values()
            ]
        )

    async def call_tool(ctx: Any, params: Any) -> Any:
        tool = tools.get(params.name)
        if tool is None:
            return _tool_error(types, f"no tool named {params.name!r}")
        try:
            data = arguments_to_data(tool, params.arguments)
        except ToolRefused as refused:
            return _tool_error(types, str(refused))

        async def progress(step: int, values: list[Any]) -> None:
            message = "\n".join(result_text(v) for v in values)
            await ctx.session.report_progress(step, None, message)

        request = _request_of(ctx)
        try:
            data = await fetch_files(runtime, data, _root_url(runtime, request))
        except (ToolRefused, OSError, ValueError) as failed:
            return _tool_error(types, f"{tool.name}: cannot read a file argument: {failed}")
        outcome = await run_tool(runtime, tool, data, request, progress)
        if outcome.error is not None:
            return _tool_error(types, outcome.error)
        return tool_result(types, tool, outcome.values or [])

    return {"on_list_tools": list_tools, "on_call_tool": call_tool}


def tool_result(types: Any, tool: Tool, values: list[Any]) -> Any:
    """A tool's ``CallToolResult``: one text item per output, with the tool's ``_meta``
    and, when ``structured_output`` was asked for, the items as ``{"result": [...]}``."""
    content = [types.TextContent(type="text", text=result_text(v)) for v in values]
    structured = None
    if tool.mark.structured_output:
        structured = {"result": [c.model_dump(by_alias=True, exclude_none=True) for c in content]}
    return types.CallToolResult(content=content, structured_content=structured, meta=tool.mark.meta)


def _request_of(ctx: Any) -> Request | None:
    request = getattr(ctx, "request", None)
    return request if isinstance(request, Request) else None


async def run_once(runtime: Any, tool: Tool, arguments: dict[str, Any], ctx: Any) -> Any:
    """Run a resource's or prompt's endpoint on ``arguments`` (text, parsed for its schema)
    as an event of the app's queue; its first output's value, or an ``MCPError``."""
    from mcp import types
    from mcp.shared.exceptions import MCPError

    try:
        data = arguments_to_data(tool, from_text(arguments, tool))
    except ToolRefused as refused:
        raise MCPError(types.INVALID_PARAMS, str(refused)) from None

    async def progress(step: int, values: list[Any]) -> None:
        return None

    outcome = await run_tool(runtime, tool, data, _request_of(ctx), progress)
    if outcome.error is not None:
        raise MCPError(types.INTERNAL_ERROR, f"{tool.name}: {outcome.error}")
    return (outcome.values or [None])[0]


def resource_handlers(runtime: Any) -> dict[str, Any]:
    """``resources/list`` (static URIs), ``resources/templates/list`` (URIs with
    ``{field}`` parts) and ``resources/read``."""
    from mcp import types
    from mcp.shared.exceptions import MCPError

    resources = resources_of(runtime.spec)

    async def list_resources(ctx: Any, params: Any) -> Any:
        return types.ListResourcesResult(
            resources=[
                types.Resource(
                    name=r.name,
                    uri=r.mark.uri,
                    description=r.description,
                    mime_type=r.mark.mime_type,
                )
                for r in resources
                if not r.mark.fields
            ]
        )

    async def list_templates(ctx: Any, params: Any) -> Any:
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(
                    name=r.name,
                    uri_template=r.mark.uri,
                    description=r.description,
                    mime_type=r.mark.mime_type,
                )
                for r in resources
                if r.mark.fields
            ]
        )

    async def read_resource(ctx: Any, params: Any) -> Any:
        uri = str(params.uri)
        for resource in resources:
            arguments = resource.matches(uri)
            if arguments is not None:
                value = await run_once(runtime, resource, arguments, ctx)
                return types.ReadResourceResult(
                    contents=[resource_contents(types, resource, uri, value)]
                )
        raise MCPError(RESOURCE_NOT_FOUND, f"no resource at {uri}")

    return {
        "on_list_resources": list_resources,
        "on_list_resource_templates": list_templates,
        "on_read_resource": read_resource,
    }


def resource_contents(types: Any, resource: Tool, uri: str, value: Any) -> Any:
    """A resource's value as its contents: text for a ``text/*`` MIME type, else binary,
    the function giving it base64-encoded (or as a file, whose bytes are sent)."""
    from mcp.shared.exceptions import MCPError

    mime_type = resource.mark.mime_type
    if mime_type.startswith("text/"):
        return types.TextResourceContents(uri=uri, mime_type=mime_type, text=result_text(value))
    if isinstance(value, dict) and value.get("path"):
        with open(str(value["path"]), "rb") as f:
            blob = base64.b64encode(f.read()).decode("ascii")
    elif isinstance(value, str):
        try:
            base64.b64decode(value.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise MCPError(
                types.INTERNAL_ERROR,
                f"{resource.name}: a {mime_type} resource must return base64 text or a file",
            ) from None
        blob = value
    else:
        raise MCPError(
            types.INTERNAL_ERROR,
            f"{resource.name}: a {mime_type} resource must return base64 text or a file",
        )
    return types.BlobResourceContents(uri=uri, mime_type=mime_type, blob=blob)


def prompt_handlers(runtime: Any) -> dict[str, Any]:
    """``prompts/list`` and ``prompts/get``."""
    from mcp import types
    from mcp.shared.exceptions import MCPError

    prompts = prompts_of(runtime.spec)

    async def list_prompts(ctx: Any, params: Any) -> Any:
        listed = []
        for prompt in prompts.values():
            required = prompt_required(prompt)
            arguments = [
                types.PromptArgument(
                    name=p.name,
                    description=p.schema.get("description", ""),
                    required=required[p.name],
                )
                for p in prompt.parameters
            ]
            listed.append(
                types.Prompt(name=prompt.name, description=prompt.description, arguments=arguments)
            )
        return types.ListPromptsResult(prompts=listed)

    async def get_prompt(ctx: Any, params: Any) -> Any:
        prompt = prompts.get(params.name)
        if prompt is None:
            raise MCPError(types.INVALID_PARAMS, f"no prompt named {params.name!r}")
        value = await run_once(runtime, prompt, dict(params.arguments or {}), ctx)
        text = types.TextContent(type="text", text=result_text(value))
        return types.GetPromptResult(
            description=prompt.description or None,
            messages=[types.PromptMessage(role="user", content=text)],
        )

    return {"on_list_prompts": list_prompts, "on_get_prompt": get_prompt}


def _tool_error(types: Any, message: str) -> Any:
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=message)], is_error=True
    )


class Asgi:
    """An ASGI callable Starlette's ``Route`` serves as it is (it wraps plain functions as
    request handlers)."""

    def __init__(self, handler: Callable[[Any, Any, Any], Awaitable[None]]) -> None:
        self.handler = handler

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.handler(scope, receive, send)


def install(app: Any) -> None:
    """Add the MCP routes to ``app`` (made by ``build_app``) and run the SDK's session
    manager in its lifespan."""
    require_sdk()
    from mcp.server.sse import SseServerTransport
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

    runtime = app.state.runtime
    server = make_server(runtime)
    manager = StreamableHTTPSessionManager(app=server, stateless=True)
    sse = SseServerTransport(PATH + "/messages/")

    async def streamable(scope: Any, receive: Any, send: Any) -> None:
        await manager.handle_request(scope, receive, send)

    async def connect_sse(scope: Any, receive: Any, send: Any) -> None:
        async with sse.connect_sse(scope, receive, send) as (reader, writer):
            await server.run(reader, writer, server.create_initialization_options())

    async def schema(request: Request) -> Response:
        return JSONResponse([t.listing() for t in entries_of(runtime.spec).values()])

    app.router.routes[:0] = [
        Route(PATH + "/schema", schema),
        Route(PATH + "/sse", Asgi(connect_sse), methods=["GET"]),
        Mount(PATH + "/messages", app=sse.handle_post_message),
        *(Route(PATH + tail, Asgi(streamable)) for tail in ("", "/", "/http", "/http/")),
    ]
    outer = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        async with manager.run(), outer(host) as state:
            yield state

    app.router.lifespan_context = lifespan
    app.state.mcp_tools = tools_of(runtime.spec)


def start(spec: AppSpec, settings: Any, host: str, port: int | None) -> Any:
    """Serve ``spec`` with its MCP server on ``host:port`` (as ``launch.start``)."""
    require_sdk()
    from rillet.server import launch, tls
    from rillet.server.app import build_app

    tls.check(settings)
    app = build_app(spec, settings)
    install(app)
    return launch.run(app, host, port)
