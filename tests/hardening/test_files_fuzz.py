"""Fuzzed paths against every way to reach a file: ``file=`` URLs, uploads' names, input
FileData in joins, static assets. Nothing but what the app produced, what users uploaded
and ``allowed_paths`` is ever served or handed to the app; no input makes the server fail.

Secrets are planted where a crafted path could reach them: outside every allowed folder,
in a blocked folder inside an allowed one, behind symlinks planted in an allowed folder
and in the store itself. Each holds ``SECRET``; no response may contain it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import FUZZ_EXAMPLES, FUZZ_TIMEOUT, completed, file_data, raw_request, run

pytestmark = pytest.mark.timeout(FUZZ_TIMEOUT)
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEPARATORS = [
    "/",
    "%2f",
    "%2F",
    "%252f",
    "%25252f",
    "//",
    "\\",
    "%5c",
    "%255c",
    "/./",
    "%2f.%2f",
    "/%2e/",
]
DOTS = [
    "..",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2e.",
    "%252e%252e",
    "%25252e%25252e",
    "%c0%ae%c0%ae",
    "%u002e%u002e",
    "..%00",
    "...",
    ". .",
    "..;",
    "..%20",
    "%2e%2e%2f",
]
NASTY = [
    "etc",
    "passwd",
    "proc",
    "self",
    "environ",
    "secret.txt",
    "link-out",
    "blocked",
    "shared",
    "~",
    "%00",
    "a%00b",
    "%0a",
    "*",
    "?",
    "%3f",
    "#",
    "%23",
    "file:",
    "x" * 300,
    "%e2%80%ae",
    "CON",
    "nul",
    "%ff%fe",
    "link-dir",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A server with every kind of file an attacker might try to reach."""
    base = tmp_path_factory.mktemp("fuzz")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET outside")
    allowed = base / "allowed"
    (allowed / "blocked").mkdir(parents=True)
    (allowed / "ok.txt").write_text("ALLOWED ok")
    (allowed / "blocked" / "secret.txt").write_text("SECRET blocked")
    (allowed / "link-out").symlink_to(outside / "secret.txt")
    (allowed / "link-dir").symlink_to(outside)

    with gr.Blocks() as demo:
        audio, text = gr.Audio(type="filepath"), gr.Textbox()
        gr.Button().click(read_input, audio, text)
        gr.Button().click(make_file, None, gr.Image(type="filepath"))
    with serve(
        demo,
        allowed_paths=[str(allowed)],
        blocked_paths=[str(allowed / "blocked")],
        max_file_size=10_000,
    ) as url:
        store = runtime(demo.server.app).store
        uploaded = httpx.post(
            f"{url}/gradio_api/upload", files=[("files", ("up.txt", b"UPLOADED up"))]
        ).json()[0]
        produced = completed(run(url, "producer", 1, []))["output"]["data"][0]["path"]
        planted = store.new_path("planted-link")
        planted.symlink_to(outside / "secret.txt")
        legit = [b"UPLOADED up", b"ALLOWED ok", Path(produced).read_bytes()]
        yield {
            "url": url,
            "root": store.root,
            "allowed": allowed,
            "outside": outside,
            "uploaded": uploaded,
            "produced": produced,
            "planted": str(planted),
            "legit": legit,
        }


def read_input(path):
    return Path(path).read_bytes().decode(errors="replace") if path else ""


def make_file():
    import numpy as np

    return np.zeros((4, 4, 3), dtype=np.uint8)


def prefixes(world: dict) -> list[str]:
    return [
        "",
        "/",
        str(world["root"]),
        str(world["root"]) + "/shared/",
        str(world["allowed"]),
        str(world["allowed"]) + "/",
        str(world["outside"]),
        str(Path(world["uploaded"]).parent),
        world["uploaded"],
        world["produced"],
        world["planted"],
        str(world["allowed"] / "blocked"),
        "/proc/self/",
        "//",
        "file://",
        "~/",
        "/etc/passwd",
        "C:\\",
        "\\\\server\\share\\",
    ]


def crafted(world: dict) -> st.SearchStrategy[str]:
    """Paths built from prefixes, separators, dots, nasty names and free text."""
    piece = st.one_of(
        st.sampled_from(DOTS),
        st.sampled_from(NASTY),
        st.text(st.characters(codec="utf-8"), max_size=12),
    )
    return st.builds(
        lambda prefix, sep, pieces, tail: prefix + sep + sep.join(pieces) + tail,
        st.sampled_from(prefixes(world)),
        st.sampled_from(SEPARATORS),
        st.lists(piece, max_size=8),
        st.sampled_from(["", "/", "%00", "%00.png", "/."]),
    )


def as_target(path: str) -> str:
    """``path`` fit for a request line: bytes outside printable ASCII escaped, the
    attacker's own escapes kept."""
    return quote(path, safe="/%:~\\?#*;=+&@!$'()[],")


def check(status: int, body: bytes, world: dict, head: bool = False) -> None:
    assert status < 500, (status, body[:200])
    assert b"SECRET" not in body
    assert b"root:x:" not in body and b"PATH=" not in body
    if status == 200:
        assert body in world["legit"] or (head and body == b""), body[:80]


def test_fuzzed_file_urls_serve_nothing_outside_the_store(world):
    tried: list[str] = []

    @FUZZ
    @given(path=crafted(world), method=st.sampled_from(["GET", "HEAD"]))
    def probe(path, method):
        tried.append(path)
        got = raw_request(world["url"], method, "/gradio_api/file=" + as_target(path))
        check(got.status, got.body, world, head=method == "HEAD")

    probe()
    print(f"\nfile= URLs tried: {len(tried)}")
    assert len(tried) >= min(FUZZ_EXAMPLES, 50)


def test_fuzzed_input_paths_reach_the_app_only_inside_the_store(world):
    tried: list[str] = []

    @FUZZ
    @given(path=crafted(world))
    def probe(path):
        tried.append(path)
        msgs = run(world["url"], os.urandom(8).hex(), 0, [file_data(path)])
        out = completed(msgs)["output"]
        text = (out.get("data") or [""])[0] or ""
        assert "SECRET" not in text and "root:x:" not in text
        if completed(msgs)["success"]:
            legit = [b.decode(errors="replace") for b in world["legit"]]
            assert text in legit, text[:80]

    probe()
    print(f"\ninput paths tried: {len(tried)}")


def test_fuzzed_upload_names_stay_in_the_store_and_come_back(world):
    tried: list[str] = []

    @FUZZ
    @given(
        name=st.one_of(
            st.text(max_size=300),
            st.sampled_from(
                [
                    "..",
                    ".",
                    "../../x",
                    "/etc/passwd",
                    "a\x00b",
                    "x" * 400 + ".png",
                    "\\..\\..\\x",
                    "%2e%2e%2fx",
                    "con",
                    " ",
                    "\n",
                    "é" * 200 + ".wav",
                ]
            ),
        ),
        data=st.binary(max_size=64),
    )
    def probe(name, data):
        tried.append(name)
        r = httpx.post(f"{world['url']}/gradio_api/upload", files=[("files", (name, data))])
        assert r.status_code in (200, 400), r.text
        if r.status_code != 200:
            return
        (path,) = r.json()
        stored = Path(path)
        assert stored.resolve().is_relative_to(world["root"] / "shared")
        assert stored.read_bytes() == data
        back = raw_request(world["url"], "GET", "/gradio_api/file=" + quote(path))
        assert back.status == 200 and back.body == data

    probe()
    print(f"\nupload names tried: {len(tried)}")


def test_fuzzed_static_paths_serve_only_the_page_assets(world):
    tried: list[str] = []
    frontend = Path(gr.__file__).parent / "frontend"
    assets = {p.read_bytes() for p in frontend.iterdir() if p.is_file()}
    assets |= {p.read_bytes() for p in (frontend.parent / "components").glob("*.js")}

    @FUZZ
    @given(
        path=crafted(world),
        route=st.sampled_from(
            ["/static/", "/static/components/", "/static/vendor/", "/static/../"]
        ),
    )
    def probe(path, route):
        tried.append(path)
        got = raw_request(world["url"], "GET", route + as_target(path))
        assert got.status < 500
        assert b"SECRET" not in got.body and b"import rillet" not in got.body
        if got.status == 200:
            assert got.body in assets

    probe()
    print(f"\nstatic paths tried: {len(tried)}")


@pytest.mark.parametrize("name", ["x.html", "x.svg", "x.xhtml"])
def test_uploaded_pages_are_downloads_not_pages(world, name):
    """An uploaded HTML or SVG file opened from its URL must not run script in the app's
    origin (stored XSS): it is sent as an attachment, sandboxed."""
    path = httpx.post(
        f"{world['url']}/gradio_api/upload", files=[("files", (name, b"<script>alert(1)</script>"))]
    ).json()[0]
    r = httpx.get(f"{world['url']}/gradio_api/file={path}")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == "attachment"
    assert r.headers["content-security-policy"] == "sandbox"
    assert r.headers["x-content-type-options"] == "nosniff"
