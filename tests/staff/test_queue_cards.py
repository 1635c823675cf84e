"""The queue table turns into cards on a phone: it carries class "cards" and every cell the
name of its column, in the officer's language (the browser test checks how it looks)."""

import re


def cells_and_labels(html: str) -> tuple[list[str], list[str]]:
    """The column heads of the queue table and the data-label of each cell of its rows."""
    table = html[html.index('<table class="cards">'):html.index("</table>")]
    heads = re.findall(r"<th>([^<]+)</th>", table)
    rows = re.findall(r"<tr[^>]*>\s*(<td data-label.*?)</tr>", table, re.S)
    return heads, [re.findall(r'<td data-label="([^"]*)"', row) for row in rows]


def test_every_queue_cell_is_labelled_with_its_column(staff, world):
    admin = staff(world.emails["admin"])
    heads, rows = cells_and_labels(admin.get("/staff/").get_data(as_text=True))
    assert len(rows) >= 4 and all(labels == heads for labels in rows)
    admin.get("/bahasa/en")
    heads, rows = cells_and_labels(admin.get("/staff/").get_data(as_text=True))
    assert "Ticket" in heads and all(labels == heads for labels in rows)
