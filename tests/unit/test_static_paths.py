"""``gr.set_static_paths``: honoured for files under the working directory, warned outside."""

from __future__ import annotations

import warnings

import pytest

import rillet as gr


def test_paths_in_the_working_directory_need_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.png").write_bytes(b"x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.set_static_paths(paths=["a.png", tmp_path])


def test_a_path_outside_warns_naming_allowed_paths(tmp_path, monkeypatch):
    (tmp_path / "inside").mkdir()
    monkeypatch.chdir(tmp_path / "inside")
    with pytest.warns(UserWarning, match="allowed_paths"):
        gr.set_static_paths(str(tmp_path / "elsewhere.png"))
