"""``mount_gradio_app``: Gradio's signature, what it sets, what it warns about."""

from __future__ import annotations

import inspect
import warnings

import pytest
from starlette.applications import Starlette

import rillet as gr
from rillet.mount import MOUNT_UNHONOURED, mount_gradio_app

#: Gradio 6.31's ``mount_gradio_app`` parameters, in order (written down: CI has no Gradio).
GRADIO_PARAMETERS = [
    "app", "blocks", "path", "server_name", "server_port", "footer_links", "run_history",
    "app_kwargs", "auth", "auth_message", "auth_dependency", "root_path", "allowed_paths",
    "blocked_paths", "favicon_path", "show_error", "max_file_size", "ssr_mode",
    "node_server_name", "node_port", "enable_monitoring", "pwa", "i18n", "mcp_server", "theme",
    "css", "css_paths", "js", "head", "head_paths",
]  # fmt: skip


def demo() -> gr.Blocks:
    with gr.Blocks() as app:
        gr.Textbox()
    return app


def test_gradios_signature_and_defaults() -> None:
    params = inspect.signature(mount_gradio_app).parameters
    assert list(params) == GRADIO_PARAMETERS
    assert params["server_name"].default == "0.0.0.0" and params["server_port"].default == 7860
    assert params["show_error"].default is True
    assert params["auth"].kind is inspect.Parameter.KEYWORD_ONLY


def test_settings_are_applied_and_the_app_is_mounted() -> None:
    blocks, host = demo(), Starlette()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        returned = mount_gradio_app(
            host, blocks, "/demo/", server_name="127.0.0.1", server_port=8000,
            allowed_paths=["/tmp"], max_file_size="1kb", footer_links=["api"],
        )  # fmt: skip
    assert returned is host
    assert [r.path for r in host.routes] == ["/demo"]
    s = blocks.settings
    assert (s.server_name, s.show_error, s.allowed_paths, s.max_file_size) == (
        "127.0.0.1", True, ["/tmp"], 1024,
    )  # fmt: skip
    assert s.footer_links == ["api"]
    assert blocks.local_url == "http://127.0.0.1:8000/demo/"


def test_unhonoured_arguments_warn_naming_themselves() -> None:
    for name in MOUNT_UNHONOURED:
        with pytest.warns(UserWarning, match=f"mount_gradio_app\\({name}=...\\)"):
            mount_gradio_app(Starlette(), demo(), "/x", **{name: True})


def test_a_path_must_start_with_a_slash() -> None:
    with pytest.raises(ValueError, match="must start with"):
        mount_gradio_app(Starlette(), demo(), "demo")
