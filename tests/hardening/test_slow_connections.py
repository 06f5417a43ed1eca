"""Slowloris: connections that never finish their request headers are closed after the
header timeout, a kept-alive connection that starts a request and stalls too, the server
never runs out of file descriptors (a cap below the open-file limit; at the cap the
connection waiting longest without a request makes room), and what happens in bursts is
logged once, not once per connection or per failed ``accept()``."""

from __future__ import annotations

import resource
import select
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

import rillet as gr
from rillet.server import connections
from rillet.testing import serve

from .processes import app_process

#: Open-file limit of the server process, and slow connections opened against it: more
#: than it could hold without a cap.
FD_LIMIT = 256
SLOW = 300
PARTIAL = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"
APP = """\
import rillet as gr

gr.Interface(lambda x: x, "text", "text").launch()
"""


def low_fd_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))


def address(url: str) -> tuple[str, int]:
    host, port = url.split("//", 1)[1].split(":")
    return host, int(port)


def slow_connections(url: str, count: int) -> list[socket.socket]:
    """``count`` connections that each sent part of a request and then nothing."""
    socks = []
    for _ in range(count):
        sock = socket.create_connection(address(url), timeout=30)
        sock.sendall(PARTIAL)
        socks.append(sock)
    return socks


def closed_by_server(sock: socket.socket) -> bool:
    """True once the server has closed ``sock`` (end of stream or reset)."""
    try:
        return sock.recv(65536) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True


def wait_all_closed(socks: list[socket.socket], timeout: float) -> list[socket.socket]:
    """Wait until the server closed every socket; the ones still open at ``timeout``."""
    open_ = list(socks)
    deadline = time.monotonic() + timeout
    while open_ and time.monotonic() < deadline:
        ready, _, _ = select.select(open_, [], [], max(0.0, deadline - time.monotonic()))
        open_ = [s for s in open_ if s not in ready or not closed_by_server(s)]
    return open_


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    made: list[socket.socket] = []
    yield made
    for sock in made:
        sock.close()


def test_slow_clients_neither_starve_the_server_nor_flood_its_log(tmp_path, sockets):
    (tmp_path / "app.py").write_text(APP)
    env = {"RILLET_HEADER_TIMEOUT": "2"}
    with app_process(["app.py"], tmp_path, env, preexec_fn=low_fd_limit) as app:
        sockets += slow_connections(app.url, SLOW)
        # More slow clients than the process has file descriptors; a real one is served.
        response = httpx.get(app.url + "/config", timeout=20)
        assert response.status_code == 200
        # Every slow connection is closed: by the header timeout, or earlier to make room.
        assert wait_all_closed(sockets, timeout=25) == []
        assert httpx.get(app.url + "/config", timeout=20).status_code == 200
        assert app.stop() in (0, -15, 143)
    logged = [
        line
        for line in app.lines
        if not line.startswith("* ") and not line.startswith("SIGTERM received")
    ]
    assert len(logged) <= 5, "\n".join(logged[:20])
    assert not any("Traceback" in line for line in logged), "\n".join(logged[:20])


@pytest.fixture(params=["httptools", "h11"])
def demo(request: pytest.FixtureRequest) -> gr.Blocks:
    """The limits hold whichever HTTP parser serves (httptools by default, h11 without it)."""
    demo = gr.Interface(lambda x: x, "text", "text")
    demo.settings.http_parser = request.param
    demo.settings.header_timeout = 1.0
    demo.settings.keep_alive_timeout = 1.0
    return demo


def test_a_kept_alive_connection_that_stalls_in_its_next_request_is_closed(demo, sockets):
    with serve(demo) as url:
        sock = socket.create_connection(address(url), timeout=30)
        sockets.append(sock)
        sock.sendall(b"GET /config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.sendall(b"G")  # the next request starts (the keep-alive timer stops) and stalls
        assert wait_all_closed([sock], timeout=20) == []


def test_an_idle_kept_alive_connection_is_closed(demo, sockets):
    with serve(demo) as url:
        sock = socket.create_connection(address(url), timeout=30)
        sockets.append(sock)
        sock.sendall(b"GET /config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert wait_all_closed([sock], timeout=20) == []


def test_at_the_cap_the_oldest_waiting_connection_makes_room(demo, sockets):
    demo.settings.header_timeout = 60.0
    demo.settings.max_connections = 4
    with serve(demo) as url:
        sockets += slow_connections(url, 4)
        assert httpx.get(url + "/config", timeout=20).status_code == 200
        assert wait_all_closed(sockets[:1], timeout=20) == []  # the oldest made room


def test_at_the_cap_with_every_connection_busy_a_new_one_gets_503(demo, sockets):
    demo.settings.max_connections = 3
    with serve(demo) as url:
        for n in range(3):  # streams that never end: busy connections
            sock = socket.create_connection(address(url), timeout=30)
            sock.sendall(
                f"GET /gradio_api/heartbeat/s{n} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            )
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            sockets.append(sock)
        refused = socket.create_connection(address(url), timeout=30)
        sockets.append(refused)
        answer = b""
        while chunk := refused.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 503") and b"too many connections" in answer


def test_httptools_parses_by_default_and_a_wrong_parser_name_is_refused():
    guard = connections.ConnectionGuard(10.0, None)
    assert connections.protocol_factory(guard).func.__name__ == "GuardedHttpToolsProtocol"
    assert connections.protocol_factory(guard, "h11").func is connections.GuardedH11Protocol
    with pytest.raises(ValueError, match="http_parser"):
        connections.protocol_factory(guard, "fast")
