"""``/config`` and ``/gradio_api/info``: the app described for the page and for clients."""

from __future__ import annotations

from typing import Any

from rillet import protocol
from rillet.core.files import INITIAL, FileStore, resolve_outputs
from rillet.core.request import input_parameter_names
from rillet.core.settings import Settings
from rillet.core.spec import AppSpec
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
    entry: dict[str, Any] = {
        "id": block._id,
        "type": block.get_block_name(),
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
        **page_options(settings),
        "components": components,
        "layout": spec.layout(),
        "dependencies": [dep.config() for dep in spec.dependencies],
    }


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


def _parameter(block: Any, index: int, fn: Any) -> dict[str, Any]:
    names = _parameter_names(fn)
    return {
        "label": getattr(block, "label", None) or f"parameter_{block._id}",
        "parameter_name": names[index] if index < len(names) else f"param_{index}",
        "parameter_has_default": False,
        "parameter_default": None,
        "type": block.api_info(),
        "python_type": {"type": block.api_python_type(), "description": ""},
        "component": api_component_name(block),
        "example_input": block.example_value(),
    }


def _parameter_names(fn: Any) -> list[str]:
    return input_parameter_names(fn)  # a gr.Request parameter takes no input


def _returns(block: Any) -> dict[str, Any]:
    return {
        "label": getattr(block, "label", None) or f"value_{block._id}",
        "type": block.api_info(),
        "python_type": {"type": block.api_python_type(), "description": ""},
        "component": api_component_name(block),
    }


def api_component_name(block: Any) -> str:
    """The ``component`` of a parameter in ``/info``, as Gradio names it: the class's name
    capitalized (``Checkboxgroup``, ``Lineplot``); a template's is its parent's
    (``TextArea`` is ``Textbox``)."""
    named = next(c for c in type(block).__mro__ if not c.__dict__.get("is_template"))
    return named.__name__.capitalize()


def build_api_info(spec: AppSpec) -> dict[str, Any]:
    """The ``/gradio_api/info`` document: parameters and returns of each public API
    endpoint (as Gradio, it leaves out undocumented ones, which clients may still call)."""
    named: dict[str, Any] = {}
    unnamed: dict[str, Any] = {}
    for dep in spec.dependencies:
        if dep.fn is None or dep.api_visibility != "public":
            continue
        inputs = [b for b in dep.inputs if is_component(b) and b.get_block_name() != "state"]
        entry = {
            "parameters": [_parameter(b, i, dep.fn) for i, b in enumerate(inputs)],
            "returns": [_returns(b) for b in dep.outputs if is_component(b)],
            "api_visibility": dep.api_visibility,
        }
        if dep.api_name:
            named["/" + dep.api_name] = entry
        else:
            unnamed[str(dep.id)] = entry
    return {"named_endpoints": named, "unnamed_endpoints": unnamed}
