"""A screenshot of an HTML report in Debian's headless Chromium: `python docs/screenshot.py PAGE PNG`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(page: str, png: str) -> None:
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        tab = context.new_page()
        tab.goto(Path(page).resolve().as_uri())
        tab.wait_for_selector("body[data-ready=true]")
        # Show the sentence of the first conference figure, as a reader who clicked its row would see it.
        tab.click("#rows tr[data-kind=conference]")
        tab.screenshot(path=png)
        context.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
