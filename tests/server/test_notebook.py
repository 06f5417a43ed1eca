"""``launch()`` in a real Jupyter kernel (ipykernel, driven by nbclient): it returns at once,
shows the app in an iframe, gradio_client gets every yield, and re-running the cell replaces
the app; outside a notebook ``inline=True`` warns."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbclient
import nbformat
import pytest

import rillet as gr
from rillet.testing import serve

KERNEL = "rillet-test-python"
TIMEOUT = 60  # seconds for any one cell, and for the kernel to start

# A token every 0.1 s, as from a model: text yields that come faster than the client reads
# them are merged into one update by design (docs/streaming-outputs.md).
APP = """
import time
import rillet as gr

def grow(n):
    text = ""
    for i in range(int(n)):
        time.sleep(0.1)
        text += f"{{i}} "
        yield text

with gr.Blocks() as demo:
    n, out = gr.Number(), gr.Textbox()
    gr.Button().click(grow, n, out, api_name="{api_name}")
app, url, _ = demo.launch(server_port={port}, height=600)
"""

CLIENT = """
from gradio_client import Client

client = Client(url, verbose=False)
seen = list(client.submit(20, api_name="/grow"))
expected = ["".join(f"{j} " for j in range(i + 1)) for i in range(20)]
assert seen == expected, seen
client.close()
first_url = url
"""

GONE = """
import httpx

def assert_gone(old):
    # nothing answers at old any more, or the new app does (it got the port, free again)
    try:
        answer = httpx.get(old + "config", timeout=10)
    except httpx.ConnectError:
        return
    assert old == url and '"grown"' in answer.text, f"the earlier app still answers at {old}"
"""

CHECK = (
    GONE
    + """
from gradio_client import Client

assert_gone(first_url)
client = Client(url, verbose=False)
assert "/grown" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
assert client.predict(3, api_name="/grown") == "0 1 2 ", "not the edited app"
client.close()
second_url = url
"""
)


def kernel_spec(root: Path) -> None:
    """A kernelspec named KERNEL that runs this interpreter (the project's venv)."""
    where = root / "kernels" / KERNEL
    where.mkdir(parents=True)
    (where / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "rillet tests",
                "language": "python",
            }
        )
    )


@pytest.fixture
def notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An nbclient NotebookClient with a running kernel that, like JupyterLab, tells the
    kernel which cell runs (``cellId`` in the request's metadata; nbclient does not).
    The kernel is shut down at the end."""
    kernel_spec(tmp_path / "jupyter")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    running: dict[str, str] = {}
    client = nbclient.NotebookClient(
        nbformat.v4.new_notebook(),
        kernel_name=KERNEL,
        timeout=TIMEOUT,
        startup_timeout=TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},
        on_cell_execute=lambda cell, cell_index: running.update(cell_id=cell.id),
    )
    with client.setup_kernel():
        kc = client.kc

        def execute(
            code: str, *, store_history: bool = True, stop_on_error: bool = True, **_: Any
        ) -> str:
            content = {
                "code": code,
                "silent": False,
                "store_history": store_history,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": stop_on_error,
            }
            message = kc.session.msg(
                "execute_request", content, metadata={"cellId": running["cell_id"]}
            )
            kc.shell_channel.send(message)
            return message["header"]["msg_id"]

        kc.execute = execute
        yield client


def run(client: Any, cell: Any) -> list[dict[str, Any]]:
    """Execute ``cell``, added to the notebook if new (a CellExecutionError fails the test),
    and return its outputs."""
    cells = client.nb.cells
    if not any(c is cell for c in cells):
        cells.append(cell)
    client.execute_cell(cell, next(i for i, c in enumerate(cells) if c is cell))
    return cell.outputs


def shown_iframe(outputs: list[dict[str, Any]]) -> str:
    """The one iframe the cell displayed."""
    [html] = [o["data"]["text/html"] for o in outputs if o["output_type"] == "display_data"]
    return html


def test_launch_in_a_notebook_returns_shows_streams_and_relaunches(notebook: Any) -> None:
    new = nbformat.v4.new_code_cell
    app = new(APP.format(api_name="grow", port=0), id="app")
    outputs = run(notebook, app)  # launch returned, or the cell would time out
    assert not [o for o in outputs if o["output_type"] in ("execute_result", "error")]
    url = re.search(r'src="(http://127\.0\.0\.1:\d+/)"', shown_iframe(outputs)).group(1)
    assert 'height="600"' in shown_iframe(outputs) and 'width="100%"' in shown_iframe(outputs)
    assert any(url in o.get("text", "") for o in outputs if o["output_type"] == "stream")

    run(notebook, new(CLIENT, id="client"))

    # the user edits the app's cell and runs it again: same cell id, a new Blocks
    app.source = APP.format(api_name="grown", port=0)
    second = shown_iframe(run(notebook, app))
    run(notebook, new(CHECK, id="check"))

    # and again, asking for the port the second app holds: free, since it was closed first;
    # launch() as the cell's last expression: its tuple is not echoed
    port = int(re.search(r":(\d+)/", second).group(1))
    app.source = APP.format(api_name="grown", port=port).replace("app, url, _ = ", "")
    outputs = run(notebook, app)
    assert f":{port}/" in shown_iframe(outputs)
    assert not [o for o in outputs if o["output_type"] in ("execute_result", "error")]
    run(
        notebook,
        new(
            """
import httpx
url = demo.local_url
assert url == second_url
assert httpx.get(url + "config", timeout=10).status_code == 200
demo.close()
try:
    httpx.get(url + "config", timeout=10)
except httpx.ConnectError:
    pass
else:
    raise AssertionError("demo.close() left the app serving")
""",
            id="close",
        ),
    )


def test_without_a_cell_id_a_launch_on_the_same_port_replaces_the_earlier_run(
    notebook: Any,
) -> None:
    """Classic Notebook and the IPython terminal send no cell id: the port decides. Apps
    launched by one run all keep serving."""
    del notebook.kc.execute  # back to jupyter_client's own, which sends no cell id
    new = nbformat.v4.new_code_cell
    run(
        notebook,
        new(
            APP.format(api_name="grow", port=0)
            + """
first_url = url
with gr.Blocks() as other:
    gr.Textbox()
_, other_url, _ = other.launch(server_port=0)
import httpx
assert httpx.get(first_url + "config", timeout=10).status_code == 200
""",
            id="a",
        ),
    )
    run(
        notebook,
        new(
            APP.format(api_name="grown", port=0)
            + GONE
            + """
assert_gone(first_url)
assert_gone(other_url)
assert httpx.get(url + "config", timeout=10).status_code == 200
demo.close()
""",
            id="b",
        ),
    )


def test_inline_outside_a_notebook_warns_and_serves() -> None:
    with gr.Blocks() as demo:
        gr.Textbox()
    with (
        pytest.warns(UserWarning, match="no notebook to show the app in"),
        serve(demo, inline=True) as url,
    ):
        assert url.startswith("http://127.0.0.1:")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with serve(demo):
            pass


def test_importing_rillet_does_not_import_ipython() -> None:
    code = "import sys, rillet; assert 'IPython' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=TIMEOUT)
