"""Headless Debian Chromium driven by Playwright, for tests that need a real browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from tests.conftest import require_module, require_tool

#: Flags for Chromium in a sandboxed machine with no network (see the project's environment notes).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-experimental-web-platform-features"]


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (WebVTT as text/vtt); yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                                    ".vtt": "text/vtt"}

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright browser running /usr/bin/chromium (no browser download)."""
    require_tool("chromium", "the real-browser tests load our output in Chromium")
    require_module("playwright", "the real-browser tests drive Chromium with Playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # Playwright gives the browser a fresh temporary profile
        browser = p.chromium.launch(executable_path=require_tool("chromium", "browser tests"), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
