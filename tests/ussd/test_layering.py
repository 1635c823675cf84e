"""CON/END are written in one place (tests/test_layering.py keeps ussd/ off the database)."""

import ast
from pathlib import Path

USSD = Path(__file__).resolve().parents[2] / "ussd"


def protocol_words(source: str) -> list[str]:
    """String literals that start like a gateway reply."""
    return [node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value.startswith(("CON ", "END "))]


def test_only_the_renderer_writes_con_and_end():
    """No screen text (nor anything else but render.py) carries the protocol prefix."""
    offenders = {str(path.relative_to(USSD)): found for path in sorted(USSD.rglob("*.py"))
                 if path != USSD / "render.py"
                 and (found := protocol_words(path.read_text(encoding="utf-8")))}
    assert offenders == {}
    assert protocol_words((USSD / "render.py").read_text(encoding="utf-8")) == ["END ", "CON "]
