"""KaTeX through the vendor route: the module as JavaScript, the stylesheet as CSS and
the fonts as woff2 (so they load under the page's nosniff and CSP), nothing else of the
package."""

from __future__ import annotations

import httpx

import rillet as gr
from rillet.testing import serve


def test_vendor_route_serves_katex_with_its_types():
    with serve(gr.ChatInterface(lambda m, h: m)) as url:
        base = f"{url}/static/vendor"
        module = httpx.get(f"{base}/katex.mjs")
        assert module.status_code == 200
        assert module.headers["content-type"].startswith("text/javascript")
        assert "renderToString" in module.text
        css = httpx.get(f"{base}/katex.css")
        assert css.headers["content-type"].startswith("text/css")
        assert ".katex" in css.text
        font = httpx.get(f"{base}/katex-Main-Regular.woff2")
        assert font.headers["content-type"] == "font/woff2"
        assert font.content[:4] == b"wOF2"
        for name in ["katex.js", "katex-Main-Regular.ttf", "katex%2Fpackage.json", "fonts"]:
            assert httpx.get(f"{base}/{name}").status_code == 404, name
        page = httpx.get(url)
        csp = page.headers["content-security-policy"]
        assert "font-src 'self'" in csp and "style-src 'self' 'unsafe-inline'" in csp
