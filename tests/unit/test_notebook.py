"""Which apps a launch from IPython replaces (rillet/notebook.py), with stand-in shells;
tests/server/test_notebook.py runs the same rules in a real kernel."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from rillet import notebook


class App:
    """Stands for a Blocks: only ``close()`` matters here."""

    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class Kernel:
    """The part of ipykernel's kernel that rillet reads: the request being run."""

    def __init__(self) -> None:
        self.parent: dict[str, Any] = {}

    def run(self, msg_id: str, cell: str | None) -> None:
        self.parent = {"header": {"msg_id": msg_id}, "metadata": {"cellId": cell} if cell else {}}

    def get_parent(self) -> dict[str, Any]:
        return self.parent


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A shell IPython would return from get_ipython(): the terminal's (no kernel)."""
    ipython = types.SimpleNamespace(execution_count=1)
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: ipython))
    return ipython


def test_outside_ipython_nothing_is_recorded_or_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert notebook.shell() is None
    assert notebook.replace_previous(App(), 7860) is None
    notebook.show("http://127.0.0.1:7860/", None, None, 500, "100%")  # no warning, no import
    assert "IPython" not in sys.modules


def test_in_a_kernel_a_rerun_of_the_cell_replaces_its_apps(shell: Any) -> None:
    shell.kernel = kernel = Kernel()
    kernel.run("m1", "cell-a")
    first, second = App(), App()
    assert notebook.replace_previous(first, None) is shell
    notebook.replace_previous(second, None)  # the same run: both serve
    kernel.run("m2", "cell-b")
    other = App()
    notebook.replace_previous(other, None)  # another cell: kept
    assert not (first.closed or second.closed)
    kernel.run("m3", "cell-a")
    notebook.replace_previous(App(), None)
    assert first.closed and second.closed and not other.closed


def test_without_a_cell_id_the_port_decides(shell: Any) -> None:
    first, elsewhere = App(), App()
    notebook.replace_previous(first, None)
    notebook.replace_previous(elsewhere, 8000)
    shell.execution_count = 2
    notebook.replace_previous(App(), None)
    assert first.closed and not elsewhere.closed


def test_relaunching_the_same_app_keeps_it_once(shell: Any) -> None:
    app = App()
    notebook.replace_previous(app, None)
    notebook.replace_previous(app, None)
    shell.execution_count = 2
    notebook.replace_previous(app, None)
    assert not app.closed  # Blocks.launch closes its own server itself
    assert shell._rillet_launched[("port", None)] == (2, [app])


def test_inline_needs_a_notebook(shell: Any) -> None:
    assert not notebook.is_notebook(shell)
    with pytest.warns(UserWarning, match="no notebook"):
        notebook.show("http://127.0.0.1:7860/", shell, True, 500, "100%")


def test_the_iframe_has_the_size_asked_for() -> None:
    html = notebook.iframe('http://127.0.0.1:7860/?a="b"', 600, "80%")
    assert 'src="http://127.0.0.1:7860/?a=&quot;b&quot;"' in html
    assert 'height="600"' in html and 'width="80%"' in html
    assert notebook.Launched((None, "u", None)) == (None, "u", None)
