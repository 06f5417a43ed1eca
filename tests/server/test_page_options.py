"""css=, css_paths=, js=, head=, head_paths= served for real: in /config, the page's CSP
allowing the app's scripts by hash (and only them), the API unchanged."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import httpx
from gradio_client import Client

import rillet as gr
from rillet.testing import serve

JS = "() => { document.body.dataset.custom = 'ran' }"
HEAD = "<meta name='app-meta' content='1'><script>window.fromHead = 1</script>"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box", elem_classes=["loud"])
        out = gr.Textbox()
        box.submit(lambda s: s[::-1], box, out, api_name="flip")
    return demo


def test_page_options_reach_config_and_the_policy(tmp_path: Path) -> None:
    (tmp_path / "extra.css").write_text(".loud { letter-spacing: 2px }")
    (tmp_path / "extra.html").write_text("<script>window.fromFile = 1</script>")
    with serve(
        app(),
        css="#box { border: 3px solid red }",
        css_paths=tmp_path / "extra.css",
        js=JS,
        head=HEAD,
        head_paths=[tmp_path / "extra.html"],
    ) as url:
        config = httpx.get(f"{url}/config").json()
        policy = httpx.get(f"{url}/").headers["content-security-policy"]
        flipped = Client(url, verbose=False).predict("abc", api_name="/flip")
    assert config["css"] == "#box { border: 3px solid red }\n.loud { letter-spacing: 2px }"
    assert config["js"] == JS
    assert config["page_js"] == f"({JS})();"
    assert config["head"] == HEAD + "\n<script>window.fromFile = 1</script>"
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    for text in (f"({JS})();", "window.fromHead = 1", "window.fromFile = 1"):
        assert sha(text) in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert flipped == "cba"


def test_without_page_options_the_policy_is_the_pages_own() -> None:
    with serve(app()) as url:
        config = httpx.get(f"{url}/config").json()
        policy = httpx.get(f"{url}/").headers["content-security-policy"]
    assert (config["css"], config["js"], config["page_js"], config["head"]) == (None,) * 4
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src.count("'sha256-") == 1  # the page's import map only
