"""The `rillet` command: bad app files, and reload mode through HTTP and gradio_client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from tests.reloading import HELPER, rillet_cli, write_app


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rillet", *args], cwd=cwd, text=True, capture_output=True, timeout=60
    )


def test_help_lists_the_commands():
    done = cli("--help")
    assert done.returncode == 0
    assert "run" in done.stdout and "environment" in done.stdout
    assert "reload" in done.stdout
    env = cli("environment")
    assert env.returncode == 0 and "rillet 0." in env.stdout and "starlette" in env.stdout


BAD = {
    "missing.py": (None, "no such file"),
    "notes.txt": ("print('hi')\n", "not a Python file"),
    "raises.py": (
        "import rillet as gr\n\nx = 1\nraise ValueError('no model here')\n",
        "ValueError: no model here (raises.py, line 4)",
    ),
    "empty.py": ("import rillet as gr\nx = 1\n", "has no Blocks, Interface or ChatInterface"),
    "broken.py": ("import rillet as gr\nwith (\n", "SyntaxError"),
    "exits.py": ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_app_file_is_one_readable_line_and_exit_2(tmp_path, name):
    source, expected = BAD[name]
    if source is not None:
        (tmp_path / name).write_text(source)
    done = cli(name, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("rillet: error: ") and expected in lines[0], lines[0]
    assert "Traceback" not in done.stdout + done.stderr


def test_demo_name_picks_the_variable(tmp_path):
    (tmp_path / "app.py").write_text(
        "import rillet as gr\nfirst = gr.Interface(str, 'text', 'text')\n"
        "second = gr.Interface(str.upper, 'text', 'text')\n"
    )
    assert "it has first, second: pass --demo-name" in cli("app.py", cwd=tmp_path).stderr
    with rillet_cli(tmp_path, "--demo-name", "second") as app:
        assert Client(app.url + "/", verbose=False).predict("hi", api_name="/upper") == "HI"


def test_an_edit_rebuilds_the_app_in_the_same_server(tmp_path):
    write_app(tmp_path, 1)
    with rillet_cli(tmp_path) as app:
        assert app.markdown() == "version 1, run 1"
        first_id = app.config()["app_id"]
        assert app.config()["dev_mode"] is True
        client = Client(app.url + "/", verbose=False)
        assert client.predict("Ada", api_name="/greet") == "Hello Ada from version 1"

        (tmp_path / "helper.py").write_text(HELPER.format(v=2))  # an imported module
        app.reloads(1)
        # the file ran again (run 2) without redoing its NO_RELOAD block (runs kept)
        assert app.markdown() == "version 2, run 2"
        state = app.reload_state()
        assert state["error"] is None and state["app_id"] != first_id
        client = Client(app.url + "/", verbose=False)  # same URL: the port is kept
        assert client.predict("Ada", api_name="/greet") == "Hello Ada from version 2"


def test_a_failed_reload_keeps_the_last_good_app_and_says_why(tmp_path):
    write_app(tmp_path, 1)
    with rillet_cli(tmp_path) as app:
        good = (tmp_path / "app.py").read_text()
        (tmp_path / "app.py").write_text(
            good.replace("with gr.Blocks() as demo:", "with gr.Blocks() as demo\n")
        )
        app.reloads(1)
        assert "reload failed" in app.lines[-1] and "SyntaxError" in app.lines[-1]
        state = app.reload_state()
        assert state["error"].startswith("SyntaxError") and "(app.py, line 8)" in state["error"]
        assert app.markdown() == "version 1, run 1"  # still served
        assert (
            Client(app.url + "/", verbose=False).predict("Bo", api_name="/greet")
            == "Hello Bo from version 1"
        )

        (tmp_path / "app.py").write_text(good.replace("runs.append(1)", "runs.append(1)\n1 / 0"))
        app.reloads(2)
        assert app.reload_state()["error"] == "ZeroDivisionError: division by zero (app.py, line 7)"

        (tmp_path / "app.py").write_text(good)
        app.reloads(3)
        assert app.reload_state()["error"] is None
        assert app.markdown().startswith("version 1, run ")
        assert httpx.get(app.url + "/config", timeout=10).status_code == 200


def test_share_true_serves_locally_and_says_so(capsys):
    import rillet as gr
    from rillet.testing import serve

    demo = gr.Interface(str.upper, "text", "text")
    with serve(demo, share=True, quiet=False) as url:
        printed = capsys.readouterr().out
        assert "share links are not available" in printed and "docs/develop.md" in printed
        assert Client(url + "/", verbose=False).predict("hi", api_name="/upper") == "HI"
