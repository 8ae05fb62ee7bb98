"""Renders the app's PNG icons from their SVG sources (static/icons/*.svg) with Debian's chromium.

Run by hand after changing an icon (`.venv/bin/python scripts/render-icons.py`); the PNGs are committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
SIZES = {"icon.svg": (192, 512), "maskable.svg": (512, 180)}


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for source, sizes in SIZES.items():
            svg = (ICONS / source).read_text()
            for size in sizes:
                page = browser.new_page(viewport={"width": size, "height": size})
                sized = svg.replace("<svg ", "<svg width=100% height=100% ")
                page.set_content(
                    '<html><body style="margin:0;background:transparent">'
                    f'<div style="width:{size}px;height:{size}px">{sized}</div></body></html>'
                )
                stem = "apple-touch-icon" if size == 180 else f"{Path(source).stem}-{size}"
                page.screenshot(path=ICONS / f"{stem}.png", omit_background=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
