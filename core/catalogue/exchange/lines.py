"""Reading a JSON document and remembering the line each object starts on.

An import report names the line of every bad row, so that whoever edits the
file can go straight to it. The standard decoder forgets positions; this one
uses the json module's own pure-Python scanner with an object parser that
notes where each object began.
"""

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable

# The line an object of the document starts on, or None when it was not read from text.
LineOf = Callable[[object], int | None]


class _PositionDecoder(json.JSONDecoder):
    """A decoder that records the offset of each object's opening brace."""

    def __init__(self):
        super().__init__()
        self.starts: dict[int, int] = {}
        plain = json.decoder.JSONObject
        starts = self.starts

        def parse_object(s_and_end, *args, **kwargs):
            found, end = plain(s_and_end, *args, **kwargs)
            starts[id(found)] = s_and_end[1] - 1
            return found, end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def parse_with_lines(text: str | bytes) -> tuple[object, LineOf]:
    """The document and a function giving the line any of its objects starts on.

    Raises json.JSONDecodeError (with lineno) on text that is not JSON.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.removeprefix("\ufeff")
    decoder = _PositionDecoder()
    document = decoder.decode(text)
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    # The objects stay alive in the document, so their ids stay theirs.
    starts = decoder.starts

    def line_of(item: object) -> int | None:
        offset = starts.get(id(item))
        return None if offset is None else bisect.bisect_right(line_starts, offset)

    return document, line_of


def no_lines(_item: object) -> None:
    """For documents that were never text: no line to name."""
    return None
