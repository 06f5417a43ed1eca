"""LaTeX in the chat, Python side: Gradio's delimiters by default, KaTeX pinned exactly in
rillet/vendor, and every KaTeX font its stylesheet names listed for the vendor route."""

from __future__ import annotations

import json
import re
from pathlib import Path

import rillet as gr
from rillet.server.app import VENDOR, VENDOR_FILES

ROOT = Path(__file__).resolve().parents[2]


def test_default_delimiters_are_gradios():
    props = gr.Chatbot(render=False).get_config()
    assert props["latex_delimiters"] == [{"left": "$$", "right": "$$", "display": True}]
    assert gr.Chatbot(latex_delimiters=[], render=False).get_config()["latex_delimiters"] == []
    inline = [{"left": "$", "right": "$", "display": False}]
    assert gr.Chatbot(latex_delimiters=inline, render=False).latex_delimiters == inline


def test_katex_is_pinned_exactly():
    package = json.loads((ROOT / "rillet/vendor/package.json").read_text())
    version = package["dependencies"]["katex"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
    lock = json.loads((ROOT / "rillet/vendor/package-lock.json").read_text())
    assert lock["packages"]["node_modules/katex"]["version"] == version


def test_every_font_the_stylesheet_names_is_served():
    css = (VENDOR / VENDOR_FILES["katex.css"]).read_text()
    fonts = set(re.findall(r"fonts/KaTeX_([A-Za-z0-9-]+)\.woff2", css))
    assert fonts
    served = {n[len("katex-") : -len(".woff2")] for n in VENDOR_FILES if n.endswith(".woff2")}
    assert fonts == served
    for name in served:
        assert (VENDOR / VENDOR_FILES[f"katex-{name}.woff2"]).is_file(), name
    assert (VENDOR / VENDOR_FILES["katex.mjs"]).is_file()
