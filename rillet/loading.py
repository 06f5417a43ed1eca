"""``gr.load``: a running Gradio or rillet app, by URL, as a ``Blocks`` of this process.

    remote = gr.load("http://127.0.0.1:7860/", src="gradio")
    remote("Ada", api_name="/greet")       # call one of its endpoints
    with gr.Blocks() as demo:
        remote.render()                     # or draw it inside another app

Each named public endpoint of the remote app becomes an event of the loaded Blocks (a tab
each when there are several), with the same ``api_name``, its inputs and outputs drawn as
the components its ``/gradio_api/info`` names, and a function that calls the remote
endpoint through ``gradio_client`` (each ``yield`` of a remote generator is passed on).
Loading from the Hugging Face Hub (a model or Space name) needs the network and is not
done here: it fails with a message saying so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from rillet.blocks import Blocks

#: The ``src`` values that load a running app by its URL.
URL_SOURCES = (None, "gradio", "spaces")
#: Component names whose values are files: their inputs are passed to the remote app as
#: files, and the local component works on file paths.
FILE_COMPONENTS = frozenset({"image", "audio", "video", "file", "model3d", "imageeditor"})


def load(
    name: str,
    src: Callable[..., Any] | str | None = None,
    token: str | None = None,
    accept_token: Any = False,
    provider: Any = None,
    **kwargs: Any,
) -> Blocks:
    """Load the app running at the URL ``name`` (``src`` None, ``"gradio"`` or
    ``"spaces"``) as a :class:`LoadedBlocks`; ``src`` a function is called as
    ``src(name, token, **kwargs)``, as in Gradio. ``token`` goes to the remote app as
    Hugging Face credentials. Hub names (``"gradio/hello"``, ``src="models"``) raise a
    ``ValueError`` saying why they cannot be loaded."""
    if callable(src):
        return src(name, token, **kwargs)
    if accept_token or provider is not None:
        raise ValueError("gr.load(accept_token=, provider=) are for the Hugging Face Hub: " + HUB)
    if not name.startswith(("http://", "https://")) or src not in URL_SOURCES:
        raise ValueError(f"gr.load({name!r}, src={src!r}) loads from the Hugging Face Hub: {HUB}")
    return from_url(name, token, **kwargs)


#: Why Hub names are refused.
HUB = (
    "rillet does not load models or Spaces from the Hugging Face Hub (it would need the "
    "network and Hugging Face's inference services); load a running app by its URL "
    'instead: gr.load("http://host:port/", src="gradio")'
)


class LoadedBlocks(Blocks):
    """A ``Blocks`` whose events call a remote app's endpoints; calling it calls one:
    ``loaded(*inputs, api_name="/name")`` (the first endpoint when no name is given)."""

    client: Any = None

    def __call__(self, *inputs: Any, api_name: str | None = None) -> Any:
        names = [f"/{dep.api_name}" for dep in self.spec.dependencies if dep.api_name]
        chosen = api_name if api_name is not None else (names[0] if names else None)
        if chosen is None or ("/" + chosen.lstrip("/")) not in names:
            raise ValueError(f"no endpoint {api_name!r}; this app has: {', '.join(names)}")
        return self.client.predict(*_as_files(inputs), api_name="/" + chosen.lstrip("/"))


def from_url(url: str, token: str | None = None, **kwargs: Any) -> LoadedBlocks:
    """The app at ``url`` as a :class:`LoadedBlocks` (see the module's docstring)."""
    from gradio_client import Client  # type: ignore[import-untyped]

    client = Client(
        url,
        token=token,
        verbose=False,
        download_files=os.path.join(_download_root(), "loaded"),
        **kwargs,
    )
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    title = client.config.get("title") or "Loaded app"
    demo = LoadedBlocks(title=title)
    demo.client = client
    with demo:
        if len(endpoints) == 1:
            _draw_endpoint(demo.spec, client, *next(iter(endpoints.items())))
        else:
            from rillet.components import Tab, Tabs

            with Tabs():
                for api_name, info in endpoints.items():
                    with Tab(api_name.lstrip("/")):
                        _draw_endpoint(demo.spec, client, api_name, info)
    return demo


def _download_root() -> str:
    import tempfile

    return os.environ.get("GRADIO_TEMP_DIR") or tempfile.gettempdir()


def _draw_endpoint(spec: Any, client: Any, api_name: str, info: dict[str, Any]) -> None:
    """The inputs, a Run button and the outputs of one remote endpoint, wired to it."""
    from rillet.components import Button, Column, Row

    with Row():
        with Column():
            inputs = [_component(p) for p in info["parameters"]]
            run = Button("Run", variant="primary")
        with Column():
            outputs = [_component(r) for r in info["returns"]]
    spec.listen(
        [(run, "click")],
        _remote_fn(client, api_name, len(outputs)),
        inputs,
        outputs,
        api_name=api_name.lstrip("/"),
        api_description=info.get("description") or None,
    )


def _component(entry: dict[str, Any]) -> Any:
    """A local component for a remote parameter or return: the one its ``component``
    names (working on file paths for files), else a JSON value."""
    from rillet.components import JSON, get_component

    kind = str(entry.get("component", "")).lower()
    label = entry.get("label") or entry.get("parameter_name")
    options: dict[str, Any] = {"label": label}
    if kind in FILE_COMPONENTS and kind not in ("model3d", "imageeditor"):
        options["type"] = "filepath"
    if entry.get("parameter_has_default") and entry.get("parameter_default") is not None:
        options["value"] = entry["parameter_default"]
    try:
        return get_component({"name": kind, **options})
    except (ValueError, TypeError, NotImplementedError):
        return JSON(entry.get("parameter_default"), label=label)


def _as_files(values: tuple[Any, ...] | list[Any]) -> list[Any]:
    """Inputs as ``gradio_client`` sends them: an existing local file path is uploaded."""
    from gradio_client import handle_file

    return [handle_file(v) if isinstance(v, str) and v and os.path.isfile(v) else v for v in values]


def _remote_fn(client: Any, api_name: str, n_outputs: int) -> Callable[..., Iterator[Any]]:
    """The function of a loaded endpoint: submits the call and yields each result."""

    def call_remote(*inputs: Any) -> Iterator[Any]:
        from gradio_client.exceptions import AppError  # type: ignore[import-untyped]

        from rillet.core.errors import Error

        job = client.submit(*_as_files(inputs), api_name=api_name)
        try:
            yield from job
            yield job.result()
        except AppError as failed:
            raise Error(str(failed)) from failed

    call_remote.__name__ = api_name.lstrip("/") or "predict"
    return call_remote
