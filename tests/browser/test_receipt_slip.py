"""A walk-in case filed at the counter prints its receipt slip at 58 mm (PDF from Chromium)."""

import re
import zlib

from tests.browser.helpers import violations
from tests.browser.test_accessibility import AXE_RUN, readable, sign_in_officer

# 58 mm in PostScript points (72 per inch) and in CSS pixels (96 per inch).
SLIP_POINTS = 58 / 25.4 * 72
SLIP_PIXELS = 58 / 25.4 * 96
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BF_CHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>")
BF_RANGE = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>")
SHOWN = re.compile(rb"<([0-9A-Fa-f]+)>\s*Tj")

SLIP_LAYOUT = """() => {
  const slip = document.querySelector('main.slip').getBoundingClientRect();
  const number = document.querySelector('.slip .number');
  return {slip: slip.width, number: number.getBoundingClientRect().width,
          text: number.innerText, nav: getComputedStyle(document.querySelector('nav')).display};
}"""


def pdf_text(pdf: bytes) -> str:
    """The text Chromium drew, read back through the fonts' ToUnicode maps.

    Chromium writes glyph ids (<0014> Tj), Flate-compressed; the subsets of one
    font family share glyph ids, so one map made of every font's suffices here.
    """
    streams = []
    for match in STREAM.finditer(pdf):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # a font program or an image, not text
    glyphs: dict[int, str] = {}
    for cmap in (s for s in streams if b"beginbfchar" in s or b"beginbfrange" in s):
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, first in BF_RANGE.findall(block):
                for offset in range(int(high, 16) - int(low, 16) + 1):
                    glyphs[int(low, 16) + offset] = chr(int(first, 16) + offset)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            glyphs.update({int(g, 16): chr(int(u, 16)) for g, u in BF_CHAR.findall(block)})
    shown = (code for s in streams if b"Tj" in s for code in SHOWN.findall(s))
    return "".join(glyphs.get(int(code[i:i + 4], 16), "?")
                   for code in shown for i in range(0, len(code), 4))


def file_walk_in(page) -> str:
    """A complaint for the first unit, without a phone (the officer is signed in)."""
    page.goto("/staff/loket")
    page.select_option("#kind", "complaint")
    page.fill("#description", "Antrean obat terlalu lama, warga datang ke loket.")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/loket/\d+/struk$"))
    return re.search(r"/loket/(\d+)/struk", page.url).group(1)


def test_the_slip_prints_at_58_mm_with_the_grouped_number(page):
    sign_in_officer(page)
    number = file_walk_in(page)
    grouped = f"{number[:3]} {number[3:6]} {number[6:]}"
    page.get_by_role("link", name="Kertas 58 mm").click()
    page.wait_for_url(re.compile(r".*kertas=58$"))
    assert page.locator("body").get_attribute("class") == "paper-58"
    page.emulate_media(media="print")
    layout = page.evaluate(SLIP_LAYOUT)
    assert layout["nav"] == "none"
    assert layout["text"] == grouped
    assert 0 < layout["number"] <= layout["slip"] <= SLIP_PIXELS
    pdf = page.pdf(width="58mm", height="200mm", print_background=False)
    boxes = [float(width) for width, _ in MEDIA_BOX.findall(pdf)]
    assert boxes and all(abs(width - SLIP_POINTS) < 1 for width in boxes), boxes
    assert grouped in pdf_text(pdf)
    page.emulate_media(media="screen")
    assert page.get_by_text(grouped, exact=True).is_visible()


def test_the_walk_in_and_slip_pages_pass_axe(page, axe_source):
    sign_in_officer(page)
    page.goto("/staff/loket")
    found = violations(page, axe_source, AXE_RUN)
    assert found == [], readable(found)
    file_walk_in(page)
    found = violations(page, axe_source, AXE_RUN)
    assert found == [], readable(found)
    page.get_by_role("button", name="Cetak").wait_for()
