#!/usr/bin/env python3
"""Draw the app icons into src/midweek/web/static/icons/ (run once; the PNGs are committed).

The mark: the seven days of a week as dots, the middle one (midweek) larger and warm,
white on the app's accent colour. ``icon-*.png`` fill a rounded square; the maskable one
fills the whole square and keeps the mark inside the central safe zone (a circle of 40%
of the size around the centre), so any launcher mask leaves it whole.

    /work/main/.venv/bin/python scripts/make-icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "src" / "midweek" / "web" / "static" / "icons"
ACCENT = (47, 93, 138, 255)  # --accent in midweek.css
WHITE = (255, 255, 255, 255)
WARM = (245, 196, 98, 255)
SCALE = 4  # drawn large, then shrunk: smooth edges without an antialiasing library


def _mark(draw: ImageDraw.ImageDraw, size: int, width: float) -> None:
    """Seven dots across ``width`` (a share of ``size``) on the middle line."""
    step = size * width / 7
    small, big = step * 0.28, step * 0.48
    left = (size - size * width) / 2 + step / 2
    mid = size / 2
    for day in range(7):
        x = left + day * step
        r = big if day == 3 else small
        draw.ellipse((x - r, mid - r, x + r, mid + r), fill=WARM if day == 3 else WHITE)


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=ACCENT)
        _mark(draw, big, 0.72)  # 0.72 wide: the outer dots stay inside the 40% circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=ACCENT)
        _mark(draw, big, 0.84)
    # A small palette keeps each file a few KB (the page-weight budget counts icons).
    return image.resize((size, size), Image.Resampling.LANCZOS).quantize(colors=32)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
