"""What a module imports, read from its source: the scanner of the layering tests."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_names(source: str, package: str = "") -> list[str]:
    """Every dotted name the source imports, at any depth (function-level imports included).

    `from a.b import c` gives "a.b.c" (c may be a module or a name in a.b);
    relative imports are resolved against `package`, the package the source lives in.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            found += [base if alias.name == "*" else f"{base}.{alias.name}"
                      for alias in node.names]
    return found


def _absolute(module: str, level: int, package: str) -> str:
    """The absolute name of a `from` import's module."""
    if level == 0:
        return module
    parts = package.split(".")
    parts = parts[:len(parts) - (level - 1)]
    return ".".join([*parts, module] if module else parts)


def is_within(name: str, module: str) -> bool:
    """Whether a dotted name is module itself or something inside it."""
    return name == module or name.startswith(module + ".")


def package_of(path: Path) -> str:
    """The dotted package a source file belongs to (itself, for an __init__.py)."""
    parts = path.resolve().relative_to(ROOT.resolve()).with_suffix("").parts
    return ".".join(parts[:-1])


def module_name(path: Path) -> str:
    """The dotted name of a source file's module."""
    parts = path.resolve().relative_to(ROOT.resolve()).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(*folders: str) -> list[Path]:
    """The Python files under the repository's folders, sorted."""
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))
