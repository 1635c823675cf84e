"""The nine unsur as a bar chart in plain SVG: no script, scales to a phone, prints."""

from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 320
ROW = 30
TOP = 24
LEFT = 34
BAR_SPACE = WIDTH - LEFT - 44


def unsur_chart(codes: list[str], names: list[str], nrr: list[Decimal], title: str) -> Markup:
    """Horizontal bars of NRR (scale 1 to 4) with the value written beside each bar."""
    height = TOP + ROW * len(codes) + 8
    summary = "; ".join(f"{c} {n}: {v}" for c, n, v in zip(codes, names, nrr, strict=True))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(summary)}</desc>',
    ]
    for tick in range(5):
        x = LEFT + BAR_SPACE * tick / 4
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 8}" '
                     'stroke="#ccc" stroke-width="0.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 10}" font-size="9" text-anchor="middle" '
                     f'fill="#555">{tick}</text>')
    for index, (code, name, value) in enumerate(zip(codes, names, nrr, strict=True)):
        y = TOP + ROW * index
        length = BAR_SPACE * float(value) / 4
        parts.append(
            f'<g><title>{escape(code)} {escape(name)}: {value}</title>'
            f'<text x="0" y="{y + 16}" font-size="12" fill="#1b1b1b">{escape(code)}</text>'
            f'<rect class="bar" x="{LEFT}" y="{y + 4}" width="{length:.1f}" height="{ROW - 10}" '
            f'fill="#0b5d3b"/>'
            f'<text x="{LEFT + length + 4:.1f}" y="{y + 18}" font-size="12" '
            f'fill="#1b1b1b">{value}</text></g>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is fixed markup.
    return Markup("".join(parts))  # noqa: S704
