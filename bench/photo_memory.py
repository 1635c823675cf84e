"""Print the peak memory one photo upload costs the cleaning, for bombs and for real photos.

Each image is cleaned (core.tickets.attachments.clean_image) in a fresh child
process, which reports its peak resident memory (VmHWM) after cleaning minus
the same figure just before it (Python, Pillow and the upload's bytes already
loaded). Budget: under 100 MB for any upload.

    .venv/bin/python bench/photo_memory.py
"""

import io
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from core.tickets.attachments import PIXEL_BUDGET  # noqa: E402


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    """The image's file bytes in one format."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _photo_like(size: tuple[int, int]) -> Image.Image:
    """A picture with detail in it, as a camera gives (not one flat colour)."""
    small = Image.effect_noise((size[0] // 8, size[1] // 8), 60).convert("RGB")
    return small.resize(size, Image.Resampling.BICUBIC)


def _at_budget(budget: str) -> tuple[int, int]:
    """The largest 4:3 size a row of the pixel budget accepts."""
    height = math.isqrt(PIXEL_BUDGET[budget] * 3 // 4)
    return height * 4 // 3, height


def _largest(what: str, fmt: str, mode: str, **options) -> tuple[str, bytes]:
    """A case: one flat colour at the largest size the format's budget accepts."""
    progressive = options.get("progressive")
    size = _at_budget(f"{fmt} progressive" if progressive else fmt)
    image = Image.new(mode, size, 7 if mode in ("1", "P", "L") else (200, 10, 10, 128)[:len(mode)])
    return f"{what} {size[0]}x{size[1]} (largest accepted)", _saved(image, fmt, **options)


def cases() -> list[tuple[str, bytes]]:
    """(what, file bytes) for each upload measured."""
    return [
        ("PNG bomb of the issue: 7000x7000, 1 bit", _saved(Image.new("1", (7000, 7000)), "PNG")),
        ("PNG bomb 20000x20000, one colour",
         _saved(Image.new("P", (20000, 20000)), "PNG", optimize=True)),
        ("phone photo, JPEG 4000x3000", _saved(_photo_like((4000, 3000)), "JPEG", quality=85)),
        ("phone photo, JPEG 4608x3456",
         _saved(_photo_like((4608, 3456)), "JPEG", quality=85)),
        _largest("JPEG baseline 4:2:0", "JPEG", "RGB", quality=95),
        _largest("JPEG progressive 4:2:0", "JPEG", "RGB", quality=95, progressive=True),
        _largest("JPEG progressive 4:4:4", "JPEG", "RGB", quality=95, progressive=True,
                 subsampling=0),
        ("JPEG 3199x3199, too small to decode at half size",
         _saved(Image.new("RGB", (3199, 3199), (200, 10, 10)), "JPEG", quality=95)),
        _largest("JPEG CMYK", "JPEG", "CMYK", quality=95),
        _largest("JPEG CMYK progressive", "JPEG", "CMYK", quality=95, progressive=True),
        _largest("PNG RGBA", "PNG", "RGBA"),
        _largest("PNG RGB", "PNG", "RGB"),
        _largest("PNG palette", "PNG", "P"),
        _largest("PNG 1 bit", "PNG", "1"),
        _largest("GIF", "GIF", "P"),
        _largest("WebP RGBA lossless", "WEBP", "RGBA", lossless=True),
        _largest("WebP RGB lossy", "WEBP", "RGB"),
    ]


def _high_water_kb() -> int:
    """This process's peak resident memory so far, in KB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(path: str) -> None:
    """Clean one file and print: extra peak MB, seconds, and what came of it."""
    from core.errors import DomainError
    from core.tickets.attachments import clean_image

    data = Path(path).read_bytes()
    clean_image(_saved(Image.new("RGB", (8, 8)), "PNG"))  # plugins loaded before the baseline
    baseline = _high_water_kb()
    started = time.perf_counter()
    try:
        cleaned = clean_image(data)
        outcome = f"accepted as {cleaned.width}x{cleaned.height}"
    except DomainError as error:
        outcome = f"refused ({type(error).__name__})"
    seconds = time.perf_counter() - started
    print(f"{(_high_water_kb() - baseline) / 1024:.1f}\t{seconds:.2f}\t{outcome}")


def main() -> None:
    """Measure every case in its own process and print a table."""
    print("pixel budget:", ", ".join(f"{f} {n:,}" for f, n in PIXEL_BUDGET.items()))
    print("| upload | file | extra peak memory | time | result |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for what, data in cases():
            path = Path(folder) / "upload"
            path.write_bytes(data)
            run = subprocess.run(  # noqa: S603 (our own interpreter and script)
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True, text=True, check=True,
            )
            extra, seconds, outcome = run.stdout.strip().split("\t")
            print(f"| {what} | {len(data) / 1024:,.0f} KB | {extra} MB | {seconds} s | {outcome} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
