"""``/config`` and ``/gradio_api/info``: the app described for the page and for clients."""

from __future__ import annotations

import inspect
from typing import Any

from rillet import pages, protocol
from rillet.core.files import INITIAL, FileStore, resolve_outputs
from rillet.core.progress import Progress
from rillet.core.request import server_parameters
from rillet.core.settings import Settings
from rillet.core.spec import AppSpec, Dependency
from rillet.server.snippets import code_snippets
from rillet.themes.page import page_style_of


def is_component(block: Any) -> bool:
    return hasattr(block, "preprocess") and hasattr(block, "postprocess")


def component_config(
    block: Any, store: FileStore | None, root_url: str, owner: str = INITIAL
) -> dict[str, Any]:
    """One block as it appears in ``config["components"]``; a file-valued initial value
    is stored in ``owner``'s folder of ``store`` (see :mod:`rillet.server.initial_values`,
    which does it once per server)."""
    props = block.get_config()
    if store is not None and "value" in props:
        props["value"] = resolve_outputs(props["value"], store, root_url, owner)
    name = block.get_block_name()
    props.setdefault("name", name)
    if name != "state":  # Gradio's: a component keeps its value across renders, a layout nothing
        props.setdefault("preserved_by_key", ["value"] if is_component(block) else [])
    entry: dict[str, Any] = {
        "id": block._id,
        "type": name,
        "props": props,
        # a block's class says whether its values travel through the API
        "skip_api": bool(getattr(block, "skip_api", False)) or not is_component(block),
    }
    if is_component(block):
        entry["api_info"] = block.api_info()
        entry["component_class_id"] = type(block).__name__
    return entry


def build_config(
    spec: AppSpec,
    settings: Settings,
    store: FileStore | None,
    root_url: str,
    components: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The whole ``/config`` document; ``components``: the blocks' entries already made
    (by :func:`rillet.server.initial_values.prepare`), else they are made now."""
    if components is None:
        components = [component_config(b, store, root_url) for b in spec.blocks.values()]
    mark_selectable(spec, components)
    layout = spec.layout()
    return {
        "version": protocol.GRADIO_API_VERSION,
        "rillet_version": "0.1.0",
        "mode": settings.mode,
        "title": settings.title,
        "description": settings.description,
        "protocol": protocol.PROTOCOL,
        "api_prefix": protocol.API_PREFIX,
        "root": root_url,
        "app_id": settings.app_id,
        "connect_heartbeat": False,
        "max_file_size": settings.max_file_size,
        "show_error": settings.show_error,
        "dev_mode": settings.dev_mode,
        "i18n_translations": settings.i18n_translations,
        **page_options(settings),
        "components": components,
        "layout": layout,
        "dependencies": [dep.config() for dep in spec.dependencies],
        **pages.config_fields(spec, layout, components),  # multipage: rillet/pages.py
    }


def mark_selectable(spec: AppSpec, components: list[dict[str, Any]]) -> None:
    """Gradio's ``_selectable`` prop: whether the app listens to a component's ``.select``
    (a component that says so itself keeps its own answer)."""
    selected = {
        target[0] for dep in spec.dependencies for target in dep.targets if target[1] == "select"
    }
    for entry in components:
        if "api_info" in entry:
            entry["props"].setdefault("_selectable", entry["id"] in selected)


#: Gradio's footer when ``launch(footer_links=None)``: API docs, "built with", settings, runs.
DEFAULT_FOOTER_LINKS = ("api", "gradio", "settings", "runs")


def page_options(settings: Settings) -> dict[str, Any]:
    """How the page lays itself out: ``Blocks(fill_height=, fill_width=)``,
    ``launch(footer_links=)`` (Gradio's names; the page draws "api" and "gradio") and
    ``launch(theme=, css=, js=, head=)`` (rillet/themes/page.py)."""
    links = settings.footer_links
    return {
        "fill_height": settings.fill_height,
        "fill_width": settings.fill_width,
        "footer_links": list(DEFAULT_FOOTER_LINKS if links is None else links),
        **page_style_of(settings).config(),
    }


def in_api(block: Any) -> bool:
    """Whether ``block``'s values travel through the API, as parameters and returns of
    ``/info`` and in ``gradio_client``'s results: components, but not ``gr.State`` nor
    buttons (``skip_api``)."""
    return is_component(block) and not getattr(block, "skip_api", False)


#: Names clients reserve for themselves: a parameter so named is called ``param_{i}``.
RESERVED_NAMES = frozenset({"api_name", "fn_index", "result_callbacks"})


def api_parameter_names(dep: Dependency) -> list[str]:
    """The ``parameter_name`` of each of ``dep``'s inputs (State included, which /info then
    leaves out): the function's positional parameters in order (without those the server
    fills: ``gr.Request``, event data, ``gr.Progress()``), then the ``inputs_kwargs``
    names; an input no parameter names (``*args``) is ``param_{index}``, as in Gradio."""
    keyword = list(dep.keyword_inputs)
    positional_count = len(dep.inputs) - len(keyword)
    names: list[str | None] = list(positional_input_names(dep.fn)[:positional_count])
    names += [None] * (positional_count - len(names))
    names += keyword
    return [
        f"param_{i}" if name is None or name in RESERVED_NAMES else name
        for i, name in enumerate(names)
    ]


def positional_input_names(fn: Any) -> list[str]:
    """The leading positional parameters of ``fn`` that take inputs: up to ``*args`` or the
    first keyword-only one, leaving out the ones the server fills."""
    if fn is None:
        return []
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    filled = {p.name for p, _ in server_parameters(fn)}
    names = []
    for p in params:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            break
        if p.name not in filled and not isinstance(p.default, Progress):
            names.append(p.name)
    return names


def parameter_default(block: Any, name: str, fn: Any) -> tuple[bool, Any]:
    """(``parameter_has_default``, ``parameter_default``) as Gradio gives them, from which
    ``gradio_client`` fills the arguments a call leaves out: the block's initial value (as
    ``/config`` gives it: a value function is called, as for each page) when it has one,
    else None when the function's parameter defaults to None."""
    try:
        payload = block.initial_payload()
    except Exception:  # noqa: BLE001 - /config logs why; /info still answers
        payload = None
    if payload is not None:
        return True, payload if is_json(payload) else None
    return _defaults_to_none(fn, name), None


def _defaults_to_none(fn: Any, name: str) -> bool:
    try:
        param = inspect.signature(fn).parameters.get(name)
    except (TypeError, ValueError):
        return False
    return param is not None and param.kind != param.VAR_POSITIONAL and param.default is None


def is_json(value: Any) -> bool:
    """True for plain JSON values (a file's initial value is an object of the store)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False


def api_label(block: Any, kind: str) -> str:
    """A parameter's or return's label in /info: the block's label, even an empty one, or
    ``parameter_<id>`` / ``value_<id>`` when it has none (Gradio's rule)."""
    label = getattr(block, "label", None)
    return f"{kind}_{block._id}" if label is None else str(label)


def _parameter(block: Any, name: str, fn: Any) -> dict[str, Any]:
    schema = block.api_info()
    has_default, default = parameter_default(block, name, fn)
    return {
        "label": api_label(block, "parameter"),
        "parameter_name": name,
        "parameter_has_default": has_default,
        "parameter_default": default,
        "type": schema,
        "python_type": {
            "type": python_type(schema),
            "description": schema.get("additional_description", ""),
        },
        "component": api_component_name(block),
        "example_input": block.example_payload(),
    }


def _returns(block: Any) -> dict[str, Any]:
    schema = block.api_info()
    return {
        "label": api_label(block, "value"),
        "type": schema,
        "python_type": {"type": python_type(schema), "description": schema.get("description", "")},
        "component": api_component_name(block),
    }


def python_type(schema: Any, defs: dict[str, Any] | None = None) -> str:
    """The Python type a JSON schema stands for, written as ``gradio_client`` writes it in
    ``python_type`` (``str``, ``list[float]``, ``dict(path: str, ...)``, ``filepath``), so
    that the "Use via API" page and clients read the same text from both frameworks."""
    if not isinstance(schema, dict) or not schema:
        return "Any"
    defs = schema.get("$defs", defs) or {}
    if "const" in schema:
        return f"Literal[{schema['const']}]"
    if "enum" in schema:
        return "Literal[" + ", ".join(f"'{v}'" for v in schema["enum"]) + "]"
    kind = schema.get("type")
    if kind is None:
        return _combined(schema, defs)
    if kind == {}:
        return _untyped(schema)
    if kind == "array":
        return _array(schema, defs)
    if kind == "object":
        return _object(schema, defs)
    return _SCALARS.get(str(kind), "Any")


_SCALARS = {"null": "None", "integer": "int", "string": "str", "boolean": "bool", "number": "float"}


def _combined(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A ``$ref``, ``oneOf``, ``anyOf`` or ``allOf`` schema (or one with no type: Any)."""
    if schema.get("$ref"):
        return python_type(defs.get(str(schema["$ref"]).split("/")[-1], {}), defs)
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return " | ".join(python_type(s, defs) for s in schema[key])
    if schema.get("allOf"):
        return "All[" + ", ".join(python_type(s, defs) for s in schema["allOf"]) + "]"
    return _untyped(schema)


def _untyped(schema: dict[str, Any]) -> str:
    """A schema without a type: any JSON value when its description says so."""
    return "str | float | bool | list | dict" if "json" in str(schema.get("description")) else "Any"


def _array(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    items = schema.get("items", [])
    fixed = items.get("prefixItems") if isinstance(items, dict) else None
    fixed = fixed if fixed is not None else schema.get("prefixItems")
    if fixed is not None:
        return "tuple[" + ", ".join(python_type(s, defs) for s in fixed) + "]"
    return f"list[{python_type(items, defs)}]"


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    props = schema.get("properties", {})
    if _is_file(props, defs):
        return "filepath"
    fields = [
        f"{name}: {python_type(sub, defs)}"
        + (f" ({sub['description']})" if isinstance(sub, dict) and sub.get("description") else "")
        for name, sub in props.items()
        if name != "$defs"
    ]
    if "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        fields.append("str, Any" if extra is True else f"str, {python_type(extra, defs)}")
    return f"dict({', '.join(fields)})"


def _is_file(props: dict[str, Any], defs: dict[str, Any]) -> bool:
    """An object with ``path`` and a ``meta`` whose ``_type`` is ``gradio.FileData``."""
    if "path" not in props or "meta" not in props:
        return False
    meta = props["meta"]
    if isinstance(meta, dict) and meta.get("$ref"):
        meta = defs.get(str(meta["$ref"]).split("/")[-1], {})
    kind = (meta.get("properties") or {}).get("_type")
    if kind is not None:
        return bool(kind.get("const") == "gradio.FileData")
    default = meta.get("default")
    return isinstance(default, dict) and default.get("_type") == "gradio.FileData"


def api_component_name(block: Any) -> str:
    """The ``component`` of a parameter in ``/info``, as Gradio names it: the class's name
    capitalized (``Checkboxgroup``, ``Lineplot``); a template's is its parent's
    (``TextArea`` is ``Textbox``)."""
    named = next(c for c in type(block).__mro__ if not c.__dict__.get("is_template"))
    return named.__name__.capitalize()


def build_api_info(
    spec: AppSpec, root_url: str | None = None, page: str | None = None
) -> dict[str, Any]:
    """The ``/gradio_api/info`` document: parameters and returns of each public API
    endpoint (as Gradio, it leaves out undocumented ones, which clients may still call).
    Given the app's public ``root_url``, each named endpoint also has its
    ``code_snippets`` (:mod:`rillet.server.snippets`) calling it there. Given the path of
    one of its pages (``Blocks.route``; ``?page=`` as in Gradio), only that page's
    endpoints; a path that names no page gives them all."""
    table = pages.table_of(spec)
    if page not in table.paths():
        page = None
    named: dict[str, Any] = {}
    unnamed: dict[str, Any] = {}
    for dep in spec.dependencies:
        if dep.fn is None or dep.api_visibility != "public":
            continue
        if page is not None and table.dependency_page(dep.id) != page:
            continue
        entry = endpoint_info(dep)
        if dep.api_name:
            if root_url is not None:
                entry["code_snippets"] = code_snippets("/" + dep.api_name, entry, root_url)
            named["/" + dep.api_name] = entry
        else:
            unnamed[str(dep.id)] = entry
    return {"named_endpoints": named, "unnamed_endpoints": unnamed}


def endpoint_info(dep: Dependency) -> dict[str, Any]:
    """One endpoint's entry in ``/gradio_api/info``: its parameters (the inputs that travel
    through the API, by ``parameter_name``), returns, visibility and description."""
    names = api_parameter_names(dep)
    return {
        "parameters": [
            _parameter(b, name, dep.fn)
            for b, name in zip(dep.inputs, names, strict=True)
            if in_api(b)
        ],
        "returns": [_returns(b) for b in dep.outputs if in_api(b)],
        "api_visibility": dep.api_visibility,
        "description": endpoint_description(dep),
    }


def endpoint_description(dep: Dependency) -> str:
    """An endpoint's ``description``: ``api_description=``, else the first paragraph of
    its function's docstring up to an ``Args:``/``Parameters:``/``Returns:`` line (joined
    into one line, as Gradio gives it); "" for ``api_description=False``."""
    if isinstance(dep.api_description, str):
        return dep.api_description
    if dep.api_description is False or dep.fn is None:
        return ""
    lines = []
    for line in (inspect.getdoc(dep.fn) or "").strip().splitlines():
        line = line.strip()
        if line.startswith(("Args:", "Parameters:", "Arguments:", "Returns:")):
            break
        if line:
            lines.append(line)
    return " ".join(lines)
