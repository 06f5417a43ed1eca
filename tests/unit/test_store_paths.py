"""The file store's path rules, fuzzed without a server: what it may serve, how it names
stored files, and that a dropped owner's files stay dropped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rillet.core.files import MAX_NAME_BYTES, FileRefused, FileStore, safe_name

EXAMPLES = int(os.environ.get("RILLET_FUZZ_EXAMPLES", "100")) * 5
#: The default 300 s per test, and more for a long fuzzing run (500 examples take 2 s).
pytestmark = pytest.mark.timeout(300 + EXAMPLES // 5)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    base = tmp_path_factory.mktemp("store")
    allowed = base / "allowed"
    allowed.mkdir()
    (allowed / "ok.txt").write_text("ok")
    (allowed / "out").symlink_to(base)
    s = FileStore(allowed_paths=[str(allowed)])
    s.put_bytes(b"stored", "a.txt")
    yield s
    s.close()


PIECES = st.one_of(
    st.sampled_from(
        [
            "..",
            ".",
            "",
            "out",
            "ok.txt",
            "a.txt",
            "\x00",
            "x" * 300,
            "shared",
            "etc",
            "passwd",
            "~",
            "\\..",
        ]
    ),
    st.text(max_size=10),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    prefix=st.sampled_from(["", "/", "/tmp", "/etc", "ROOT", "ALLOWED"]),
    pieces=st.lists(PIECES, max_size=8),
)
def test_servable_gives_only_files_inside_the_store_or_allowed_paths(store, prefix, pieces):
    prefix = {"ROOT": str(store.root), "ALLOWED": store.allowed_paths[0]}.get(prefix, prefix)
    requested = "/".join([prefix, *pieces])
    try:
        path = store.servable(requested)
    except (FileRefused, FileNotFoundError):
        return
    places = [store.root, Path(store.allowed_paths[0]).resolve()]
    assert path.is_file() and any(path.is_relative_to(p) for p in places)
    assert path == path.resolve()


@settings(max_examples=EXAMPLES, deadline=None)
@given(name=st.text(max_size=400))
def test_stored_names_are_one_plain_part_of_bounded_length(name):
    stored = safe_name(name)
    assert stored and "/" not in stored and stored not in (".", "..")
    assert all(c.isprintable() for c in stored)
    assert len(stored.encode()) <= MAX_NAME_BYTES


def test_a_write_for_a_dropped_owner_is_refused(tmp_path):
    s = FileStore()
    path = s.put_bytes(b"x", "a.txt", owner="k")
    s.drop("k")
    assert not path.exists()
    with pytest.raises(FileRefused):
        s.put_bytes(b"late", "b.txt", owner="k")
    s.purge_dropped(older_than=0)
    assert s.put_bytes(b"x", "c.txt", owner="k").exists()
    s.close()
