"""Draw the PWA icons (192, 512 and a maskable 512) with Pillow; the PNGs are committed.

Run again after changing the design: .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "web" / "static" / "icons"
GREEN, WHITE, YELLOW = (11, 93, 59), (255, 255, 255), (245, 197, 66)


def draw(size: int, *, maskable: bool) -> Image.Image:
    """A green tile with a white L and a yellow dot: the brand mark of the favicon."""
    scale = 4  # drawn large and scaled down, for smooth edges
    big = size * scale
    image = Image.new("RGB", (big, big), GREEN if maskable else WHITE)
    pen = ImageDraw.Draw(image)
    # A maskable icon keeps its mark inside the central 80 % safe zone.
    inset = big * (0.2 if maskable else 0.0)
    box = big - 2 * inset
    if not maskable:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=GREEN)
    unit = box / 32
    x0, y0 = inset, inset
    pen.polygon([(x0 + 9 * unit, y0 + 8 * unit), (x0 + 12 * unit, y0 + 8 * unit),
                 (x0 + 12 * unit, y0 + 21 * unit), (x0 + 20 * unit, y0 + 21 * unit),
                 (x0 + 20 * unit, y0 + 24 * unit), (x0 + 9 * unit, y0 + 24 * unit)], fill=WHITE)
    r = 3 * unit
    cx, cy = x0 + 22 * unit, y0 + 11 * unit
    pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=YELLOW)
    small = image.resize((size, size), Image.LANCZOS)
    return small.quantize(colors=32, method=Image.Quantize.MEDIANCUT)


def main() -> None:
    """Write the three icons."""
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
