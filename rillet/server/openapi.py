"""``GET /gradio_api/openapi.json`` (served by :mod:`rillet.server.rest`): an OpenAPI 3.0
document of the app's named public endpoints, laid out as Gradio 6.31 lays it out:
``POST /gradio_api/upload``, and per endpoint ``POST /gradio_api/call/v2/<name>``
(operationId ``<name>``; a JSON body with one property per parameter, an example, and the
parameters without a default required) and ``GET /gradio_api/call/<name>/{event_id}``
(``<name>_get``; the results as Server-Sent Events).

Gradio passes each parameter's JSON Schema through and describes a file as a string; here
each schema is turned into OpenAPI 3.0's dialect (``$ref`` of ``$defs`` inlined, ``const``
as a one-value ``enum``, a null alternative as ``nullable``, tuples as arrays) and a file is
the object a client sends, so a client generated from the document can call the app. The
document also names its server (the public URL), which keeps the paths right behind a
proxy's ``root_path``.
"""

from __future__ import annotations

from typing import Any

from rillet import protocol
from rillet.server.snippets import example_value, has_file

#: The keywords of an OpenAPI 3.0 Schema Object kept from a JSON Schema.
KEPT = frozenset(
    {
        "title", "multipleOf", "maximum", "minimum", "maxLength", "minLength", "pattern",
        "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "enum",
        "format", "default", "description", "nullable", "readOnly", "writeOnly", "example",
        "deprecated",
    }
)  # fmt: skip
#: How deep ``$ref``s are followed (a recursive schema is cut to "any value" there).
MAX_REF_DEPTH = 16
UPLOAD_NOTE = (
    ". File inputs must first be uploaded via POST /gradio_api/upload (multipart/form-data"
    ' with a "files" field). Use the returned path in the request body as {"path":'
    ' "<uploaded_path>", "meta": {"_type": "gradio.FileData"}}.'
)


def build_openapi(info: dict[str, Any], title: str, description: str, root: str) -> dict[str, Any]:
    """The OpenAPI document of the named endpoints of ``info`` (``/gradio_api/info``)."""
    api = protocol.API_PREFIX
    paths: dict[str, Any] = {f"{api}/upload": {"post": upload_operation()}}
    for api_name, endpoint in info["named_endpoints"].items():
        if endpoint.get("api_visibility", "public") == "private":
            continue
        paths[f"{api}/call/v2{api_name}"] = {"post": call_operation(api_name, endpoint)}
        paths[f"{api}/call{api_name}/{{event_id}}"] = {"get": results_operation(api_name)}
    return {
        "openapi": "3.0.2",
        "info": {
            "title": title,
            "description": description,
            "version": protocol.GRADIO_API_VERSION,
        },
        "servers": [{"url": root}],
        "paths": paths,
        "components": {"schemas": {}},
    }


def operation_id(api_name: str) -> str:
    return api_name.strip("/").replace("/", "_")


def call_operation(api_name: str, endpoint: dict[str, Any]) -> dict[str, Any]:
    """``POST /gradio_api/call/v2/<name>``: the parameters by name; answers an event id."""
    parameters = endpoint["parameters"]
    described = endpoint.get("description") or ""
    summary = described or f"Endpoint {api_name}"
    if any(has_file(p.get("example_input")) for p in parameters):
        summary += UPLOAD_NOTE
    body: dict[str, Any] = {
        "type": "object",
        "properties": {p["parameter_name"]: parameter_schema(p) for p in parameters},
        "additionalProperties": False,
    }
    required = [p["parameter_name"] for p in parameters if not p.get("parameter_has_default")]
    if required:
        body["required"] = required
    media: dict[str, Any] = {"schema": body}
    if parameters:
        example = {p["parameter_name"]: _bare(example_value(p)) for p in parameters}
        media["examples"] = {"example1": {"value": example}}
    return {
        "summary": summary,
        "description": (described + " " if described else "") + returns_text(api_name, endpoint),
        "operationId": operation_id(api_name),
        "requestBody": {"required": True, "content": {"application/json": media}},
        "responses": {
            "200": {
                "description": "Successful response",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"event_id": {"type": "string"}},
                        }
                    }
                },
            },
            "404": _detail("No public endpoint of this name"),
            "422": _detail("An unknown parameter, or a parameter without a default left out"),
        },
    }


def returns_text(api_name: str, endpoint: dict[str, Any]) -> str:
    """Where the results are and what they hold, as Gradio's description says it."""
    returns = [
        f"{r.get('label')} ({r.get('python_type', {}).get('type')})" for r in endpoint["returns"]
    ]
    return (
        f"Output must be fetched from GET {protocol.API_PREFIX}/call{api_name}/{{event_id}}. "
        f"Returns an array of {len(returns)} elements: {', '.join(returns) or 'none'}."
    )


def _detail(description: str) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"detail": {"type": "string"}}}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def results_operation(api_name: str) -> dict[str, Any]:
    """``GET /gradio_api/call/<name>/{event_id}``: the call's results as SSE."""
    return {
        "summary": f"Fetch results for {api_name}",
        "description": (
            "Returns a stream of server-sent events (SSE): `event: generating` with each"
            " intermediate result, then `event: complete` with `data` holding a JSON array of"
            " the outputs (or `event: error`)."
        ),
        "operationId": f"{operation_id(api_name)}_get",
        "parameters": [
            {
                "name": "event_id",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": "The event_id returned by the POST request",
            }
        ],
        "responses": {
            "200": {
                "description": "SSE stream with event: complete containing a JSON array of outputs",
                "content": {"text/event-stream": {"schema": {"type": "string"}}},
            },
            "404": _detail("No event with this id"),
        },
    }


def upload_operation() -> dict[str, Any]:
    """``POST /gradio_api/upload``: files in, their paths on the server out."""
    files = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "description": "One or more files to upload",
    }
    return {
        "summary": "Upload File",
        "operationId": "upload_file_upload_post",
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"files": files},
                        "required": ["files"],
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "List of file paths where the uploaded files were saved",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": {"type": "string"}}}
                },
            },
            "400": _detail("Invalid content type or invalid file name"),
            "413": _detail("File exceeds maximum allowed size"),
        },
    }


def parameter_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    """A parameter's property in the request body: its schema in OpenAPI's dialect, with
    its description and its default."""
    schema = openapi_schema(parameter.get("type") or {})
    described = (parameter.get("python_type") or {}).get("description")
    if described and "description" not in schema:
        schema["description"] = described
    if parameter.get("parameter_has_default"):
        schema["default"] = _bare(parameter.get("parameter_default"))
    return schema


def _bare(value: Any) -> Any:
    """An example with each file reduced to what a client sends (``path`` and ``meta``)."""
    if isinstance(value, dict):
        meta = value.get("meta")
        if isinstance(meta, dict) and meta.get("_type") == "gradio.FileData":
            return {"path": value.get("url") or value.get("path"), "meta": dict(meta)}
        return {k: _bare(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bare(v) for v in value]
    return value


def openapi_schema(
    schema: Any, defs: dict[str, Any] | None = None, depth: int = 0
) -> dict[str, Any]:
    """A JSON Schema (as components' ``api_info()`` give it) in OpenAPI 3.0's dialect."""
    if not isinstance(schema, dict):
        return {}
    defs = {**(defs or {}), **(schema.get("$defs") or {})}
    if "$ref" in schema:
        if depth >= MAX_REF_DEPTH:
            return {}
        target = defs.get(str(schema["$ref"]).rsplit("/", 1)[-1], {})
        return openapi_schema(target, defs, depth + 1)
    out: dict[str, Any] = {k: v for k, v in schema.items() if k in KEPT}
    if "const" in schema:
        out["enum"] = [schema["const"]]
    if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
        out["example"] = schema["examples"][0]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(schema.get(bound), (int, float)) and not isinstance(schema[bound], bool):
            out[plain], out[bound] = schema[bound], True
    out.update(_typed(schema, defs, depth))
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            out.update(_alternatives(key, schema[key], defs, depth))
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [openapi_schema(s, defs, depth) for s in schema["allOf"]]
    return out


def _typed(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> dict[str, Any]:
    """The ``type`` and what goes with it: properties, items, required."""
    kind = schema.get("type")
    out: dict[str, Any] = {}
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        alternatives = [_typed({**schema, "type": k}, defs, depth) for k in kinds]
        out = alternatives[0] if len(alternatives) == 1 else {"anyOf": alternatives}
        if "null" in kind:
            out["nullable"] = True
        return out
    if isinstance(kind, str) and kind != "null":
        out["type"] = kind
    if kind == "null":
        out["nullable"] = True
    if isinstance(schema.get("properties"), dict):
        out["type"] = "object"
        out["properties"] = {
            name: openapi_schema(sub, defs, depth)
            for name, sub in schema["properties"].items()
            if name != "$defs"
        }
    if isinstance(schema.get("required"), list) and schema["required"]:
        out["required"] = list(schema["required"])
    extra = schema.get("additionalProperties")
    if isinstance(extra, bool):
        out["additionalProperties"] = extra
    elif isinstance(extra, dict):
        out["additionalProperties"] = openapi_schema(extra, defs, depth)
    if kind == "array" or "items" in schema or "prefixItems" in schema:
        out.update(_items(schema, defs, depth))
    return out


def _items(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> dict[str, Any]:
    """An array's ``items``; a tuple (``prefixItems``) as an array of its length whose
    items are any of its members' schemas."""
    items = schema.get("items")
    fixed = items.get("prefixItems") if isinstance(items, dict) else None
    fixed = fixed if fixed is not None else schema.get("prefixItems")
    if isinstance(items, list):
        fixed = items
    out: dict[str, Any] = {"type": "array"}
    if isinstance(fixed, list):
        members = [openapi_schema(s, defs, depth) for s in fixed]
        unique = [m for i, m in enumerate(members) if m not in members[:i]]
        out["items"] = unique[0] if len(unique) == 1 else ({"anyOf": unique} if unique else {})
        out["minItems"] = out["maxItems"] = len(fixed)
    else:
        out["items"] = openapi_schema(items, defs, depth) if isinstance(items, dict) else {}
    return out


def _alternatives(
    key: str, alternatives: list[Any], defs: dict[str, Any], depth: int
) -> dict[str, Any]:
    """``anyOf``/``oneOf``: a null alternative becomes ``nullable``; a single other one is
    merged in."""
    nullable = any(isinstance(a, dict) and a.get("type") == "null" for a in alternatives)
    others = [
        openapi_schema(a, defs, depth)
        for a in alternatives
        if not (isinstance(a, dict) and a.get("type") == "null")
    ]
    out: dict[str, Any] = dict(others[0]) if len(others) == 1 else ({key: others} if others else {})
    if nullable:
        out["nullable"] = True
    return out
