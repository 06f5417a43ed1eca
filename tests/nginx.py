"""A real nginx (Debian's package) in front of a rillet app under a path prefix, for the
reverse-proxy tests: started on 127.0.0.1 on a free port, with a generated config and every
path (pid, logs, temp files) in a temporary folder, in the foreground (``daemon off``) as a
child process that is killed at the end.

The config is the one docs/deploy.md recommends.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0

#: The ``location`` block of docs/deploy.md (with its placeholders).
LOCATION = """
        location {prefix}/ {{
            proxy_pass http://127.0.0.1:{app_port}/;
            proxy_http_version 1.1;
            proxy_buffering off;
            proxy_read_timeout 1h;
            client_max_body_size 200m;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
"""

CONFIG = """
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""


@dataclass
class Proxy:
    """A running nginx: ``url`` is the app's public URL (``http://127.0.0.1:PORT/myapp``,
    no trailing slash); ``origin`` the proxy's own (``http://127.0.0.1:PORT``)."""

    origin: str
    url: str
    folder: Path

    def log(self) -> str:
        """nginx's error log so far (for assertion messages)."""
        path = self.folder / "error.log"
        return path.read_text() if path.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def current_user() -> str:
    """nginx's ``user`` directive for running as whoever runs the tests (it only matters,
    and is only allowed without a warning, when that is root)."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"


def accepting(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_until_accepting(proc: subprocess.Popen[str], port: int) -> None:
    """Until nginx accepts on ``port``; an error if it exits or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while not accepting(port):
        try:
            proc.wait(0.05)  # returns only when nginx has exited
        except subprocess.TimeoutExpired:
            if time.monotonic() < deadline:
                continue
        output = proc.stdout.read() if proc.stdout and proc.poll() is not None else ""
        raise RuntimeError(f"nginx did not start on port {port}: {output}")


@contextmanager
def nginx(app_url: str, prefix: str = "/myapp") -> Iterator[Proxy]:
    """nginx on 127.0.0.1:<free port> serving the app at ``app_url`` under ``prefix``."""
    assert Path(NGINX).exists(), "nginx is missing: scripts/setup --test installs it"
    app_port = int(app_url.rsplit(":", 1)[1].split("/")[0])
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="rillet-nginx-") as tmp:
        location = LOCATION.format(prefix=prefix, app_port=app_port)
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(CONFIG.format(user=current_user(), tmp=tmp, port=port, location=location))
        proc = subprocess.Popen(
            [NGINX, "-p", tmp, "-e", f"{tmp}/error.log", "-c", str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_until_accepting(proc, port)
            origin = f"http://127.0.0.1:{port}"
            yield Proxy(origin, origin + prefix, Path(tmp))
        finally:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_TIMEOUT)
