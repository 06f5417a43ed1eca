"""The ``code_snippets`` of ``/gradio_api/info`` run for real against the server: the Python
one (``gradio_client``), the bash one (Debian's curl) and, where Node and
``@gradio/client`` are installed (tests/node), the JavaScript one. Only the placeholders a
user replaces (their own file) are replaced."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.server.snippets import FILE_PLACEHOLDER
from rillet.testing import serve

NODE = shutil.which("node")
NODE_MODULES = Path(__file__).resolve().parents[1] / "node" / "node_modules"
TRICKY = 'it\'s "quoted" \\ $HOME `x`'


def greet(name: str, greeting: str, excited: bool) -> str:
    return f"{greeting}, {name}" + ("!" if excited else ".")


def count(n: float) -> Iterator[str]:
    for i in range(int(n)):
        yield str(i)


def ping() -> str:
    return "pong"


def echo(text: str) -> str:
    return text


def size(path: str) -> int:
    return Path(path).stat().st_size


def two(first: str, second: str) -> str:
    return f"{Path(first).stat().st_size}+{Path(second).stat().st_size}"


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        greeting = gr.Textbox("Hello", label="Greeting")
        excited = gr.Checkbox(True, label="Excited")
        out = gr.Textbox(label="Out")
        tricky = gr.Textbox(TRICKY, label="Tricky")
        n = gr.Number(3, label="N")
        file, other = gr.File(label="File"), gr.File(label="Other")
        number = gr.Number(label="Size")
        button = gr.Button()
        button.click(greet, [name, greeting, excited], out, api_name="greet")
        button.click(count, n, out, api_name="count")
        button.click(ping, None, out, api_name="ping")
        button.click(echo, tricky, out, api_name="echo")
        button.click(size, file, number, api_name="size")
        button.click(two, [file, other], out, api_name="two")
        button.click(ping, None, out, api_name="secret", api_visibility="private")
    return demo


#: What each endpoint answers to its snippet (the files: 5 and 7 bytes).
ANSWERS: dict[str, Any] = {
    "greet": "Hello, Hello!!!",
    "count": "2",
    "ping": "pong",
    "echo": TRICKY,
    "size": 5,
    "two": "5+7",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict[str, Any], list[Path]]]:
    folder = tmp_path_factory.mktemp("files")
    files = [folder / "five.txt", folder / "seven.txt"]
    files[0].write_bytes(b"12345")
    files[1].write_bytes(b"1234567")
    with serve(app()) as url:
        info = httpx.get(f"{url}/gradio_api/info", timeout=30).json()
        yield url, info["named_endpoints"], files


def snippet(served: Any, name: str, language: str) -> str:
    return str(served[1][f"/{name}"]["code_snippets"][language])


def with_urls_of_files(url: str, text: str, files: list[Path]) -> str:
    """The snippet with each example file's URL (in order) replaced by the URL of one of
    ``files``, which this server serves once uploaded."""
    given = iter(files)

    def served_url(found: re.Match[str]) -> str:
        with next(given).open("rb") as f:
            stored = httpx.post(f"{url}/gradio_api/upload", files={"files": f}).json()[0]
        return f'"{url}/gradio_api/file={stored}"'

    return re.sub(r'"https://[^"]+"', served_url, text)


def test_each_named_endpoint_has_the_four_snippets_at_the_public_url(served):
    url, named, _ = served
    assert set(named) == {f"/{n}" for n in ANSWERS}
    for name, endpoint in named.items():
        assert set(endpoint["code_snippets"]) == {"python", "javascript", "bash", "cli"}
        assert f'Client("{url}")' in endpoint["code_snippets"]["python"]
        assert f'api_name="{name}"' in endpoint["code_snippets"]["python"]
        assert f"{url}/gradio_api/call/v2{name} " in endpoint["code_snippets"]["bash"]
        assert endpoint["code_snippets"]["cli"].startswith(f"{{command}} predict {url} {name} '")


def test_the_snippets_follow_a_proxys_public_url():
    with serve(app()) as url:
        info = httpx.get(
            f"{url}/gradio_api/info", headers={"x-forwarded-host": "example.com:8443"}
        ).json()
    python = info["named_endpoints"]["/ping"]["code_snippets"]["python"]
    assert 'Client("http://example.com:8443")' in python


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_python_snippet_runs(served, name, tmp_path):
    url, _, files = served
    code = with_urls_of_files(url, snippet(served, name, "python"), files)
    ran = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,  # where the example files are downloaded
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().splitlines()[-1] == str(ANSWERS[name])


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_bash_snippet_runs(served, name):
    _, _, files = served
    script = snippet(served, name, "bash")
    if FILE_PLACEHOLDER in script:  # the user's own file, one per upload line
        lines = script.split("\n")
        uploads = [i for i, line in enumerate(lines) if FILE_PLACEHOLDER in line]
        for i, source in zip(uploads, files, strict=False):
            lines[i] = lines[i].replace(FILE_PLACEHOLDER, str(source))
        script = "\n".join(lines)
    ran = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert ran.returncode == 0, ran.stderr
    last = ran.stdout.strip().split("\n\n")[-1]
    assert last == f"event: complete\ndata: {json.dumps([ANSWERS[name]])}", ran.stdout


@pytest.mark.skipif(
    NODE is None or not (NODE_MODULES / "@gradio" / "client").exists(),
    reason="needs node and @gradio/client (npm ci --prefix tests/node)",
)
@pytest.mark.parametrize("name", ["greet", "ping", "size", "two"])
def test_the_javascript_snippet_runs(served, name, tmp_path):
    url, _, files = served
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    script = tmp_path / "snippet.mjs"
    script.write_text(with_urls_of_files(url, snippet(served, name, "javascript"), files))
    ran = subprocess.run(
        [str(NODE), str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NODE_NO_WARNINGS": "1"},
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    answer = ANSWERS[name]
    shown = f"'{answer}'" if isinstance(answer, str) else str(answer)  # as Node prints it
    assert ran.stdout.strip() == f"[ {shown} ]"


def test_gradio_clients_view_api_reads_the_info(served):
    url = served[0]
    client = Client(url + "/", verbose=False)
    try:
        info = client.view_api(print_info=False, return_format="dict")
        assert set(info["named_endpoints"]) == {f"/{n}" for n in ANSWERS}
        assert client.predict("Ada", api_name="/greet") == "Hello, Ada!"
    finally:
        client.close()
