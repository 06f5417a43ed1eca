"""HTTPS without a proxy: ``launch(ssl_certfile=, ssl_keyfile=, ssl_keyfile_password=)`` with
a self-signed certificate made by the ``openssl`` command; httpx and the real gradio_client
verify it and stream an event over TLS."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve

pytestmark = pytest.mark.skipif(
    shutil.which("openssl") is None, reason="needs the openssl command (Debian: openssl)"
)
DEADLINE = 30
PASSWORD = "correct horse"


def make_certificate(folder: Path, password: str | None = None) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (encrypted with
    ``password`` when given)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    encrypt = ["-passout", f"pass:{password}"] if password else ["-nodes"]
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            *encrypt,
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls-encrypted"), PASSWORD)


def count(n):
    for i in range(int(n)):
        yield f"tick {i}"


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        n, out = gr.Number(3), gr.Textbox()
        gr.Button().click(count, n, out, api_name="count")
    return demo


def trusting(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def stream_over_tls(url: str, context: ssl.SSLContext) -> list[dict]:
    """Join the count event and read its SSE stream to the end, verifying the server."""
    session = uuid.uuid4().hex
    with httpx.Client(verify=context, timeout=DEADLINE) as http:
        r = http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": [3], "fn_index": 0, "session_hash": session},
        )
        assert r.status_code == 200, r.text
        messages = []
        with http.stream(
            "GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}
        ) as response:
            for line in response.iter_lines():
                if line.startswith("data: "):
                    messages.append(json.loads(line[6:]))
                    if messages[-1]["msg"] == "close_stream":
                        break
    return messages


def test_the_app_is_served_over_https(certificate, capsys):
    cert, key = certificate
    demo = build()
    with serve(demo, ssl_certfile=str(cert), ssl_keyfile=str(key), quiet=False) as url:
        assert url.startswith("https://127.0.0.1:")
        assert f"serving this app at {url}/" in capsys.readouterr().out  # the printed URL
        context = trusting(cert)
        page = httpx.get(url + "/", verify=context)
        assert page.status_code == 200 and "<html" in page.text.lower()
        assert httpx.get(url + "/config", verify=context).json()["root"].startswith("https://")
        messages = stream_over_tls(url, context)
        with pytest.raises(httpx.ConnectError):  # a client that does not trust it refuses
            httpx.get(url + "/", verify=True)
    generating = [m["output"]["data"][0] for m in messages if m["msg"] == "process_generating"]
    assert len(generating) == 3, messages
    assert next(m for m in messages if m["msg"] == "process_completed")["success"] is True


def test_gradio_client_verifies_the_certificate_and_streams(certificate, monkeypatch):
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # httpx's trust store for ssl_verify=True
    with serve(build(), ssl_certfile=str(cert), ssl_keyfile=str(key)) as url:
        assert url.startswith("https://")
        client = Client(url + "/", verbose=False)
        try:
            job = client.submit(3, api_name="/count")
            assert job.result(timeout=DEADLINE) == "tick 2"
            assert job.outputs() == ["tick 0", "tick 1", "tick 2"]
        finally:
            client.close()


def test_gradio_client_with_ssl_verify_false(certificate):
    cert, key = certificate
    with serve(build(), ssl_certfile=str(cert), ssl_keyfile=str(key), ssl_verify=False) as url:
        assert url.startswith("https://")
        client = Client(url + "/", verbose=False, ssl_verify=False)
        try:
            assert client.predict(2, api_name="/count") == "tick 1"
        finally:
            client.close()


def test_an_encrypted_key_with_its_password(encrypted):
    cert, key = encrypted
    with serve(
        build(), ssl_certfile=str(cert), ssl_keyfile=str(key), ssl_keyfile_password=PASSWORD
    ) as url:
        assert httpx.get(url + "/healthz", verify=trusting(cert)).status_code == 200


@pytest.mark.parametrize(
    "options, says",
    [
        ({"ssl_keyfile_password": "wrong"}, "cannot serve HTTPS"),
        ({}, "cannot serve HTTPS"),  # encrypted key, no password: an error, not a prompt
    ],
)
def test_a_wrong_or_missing_password_is_a_clear_error(encrypted, options, says):
    cert, key = encrypted
    with pytest.raises(ValueError, match=says):
        build().launch(
            ssl_certfile=str(cert),
            ssl_keyfile=str(key),
            server_port=0,
            prevent_thread_lock=True,
            quiet=True,
            **options,
        )


def test_missing_files_are_a_clear_error(certificate, tmp_path):
    _cert, key = certificate
    demo = build()
    with pytest.raises(ValueError, match="no such file"):
        demo.launch(
            ssl_certfile=str(tmp_path / "nope.pem"),
            ssl_keyfile=str(key),
            server_port=0,
            prevent_thread_lock=True,
            quiet=True,
        )
    with pytest.raises(ValueError, match="ssl_certfile must be provided"):
        demo.launch(ssl_keyfile=str(key), server_port=0, prevent_thread_lock=True, quiet=True)
    assert demo.server is None
