"""Static files under content-hashed names, served by WhiteNoise with long cache lifetimes.

At start-up every file of web/static is copied to `name.<hash>.ext` (with
Brotli and gzip versions beside it) in a build folder of the instance; a
changed file gets a new name, so browsers may keep each name for a year.
`url_for('static', filename='app.css')` gives the hashed name everywhere.
"""

import hashlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from web.headers import add_static_headers

SOURCE = Path(__file__).resolve().parent.parent / "static"
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
YEAR = 365 * 24 * 3600


def hashed_name(relative: str, data: bytes) -> str:
    """'vendor/htmx-2.0.11.min.js' -> 'vendor/htmx-2.0.11.min.<12 hex>.js'."""
    stem, dot, suffix = relative.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"


def build_static(source: Path, instance: Path) -> tuple[Path, dict[str, str]]:
    """Copy the static files under hashed names into the instance; return folder and names."""
    files = {path.relative_to(source).as_posix(): path.read_bytes()
             for path in sorted(source.rglob("*")) if path.is_file()}
    names = {relative: hashed_name(relative, data) for relative, data in files.items()}
    fingerprint = hashlib.sha256("".join(sorted(names.values())).encode()).hexdigest()[:12]
    target = instance / f"static-{fingerprint}"
    if not target.exists():
        # Built aside and renamed in one step: several workers may start at once,
        # and none may serve a half-written file.
        instance.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="static-build-", dir=instance))
        compressor = Compressor(quiet=True)
        for relative, data in files.items():
            for name in (relative, names[relative]):
                path = scratch / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                if compressor.should_compress(name):
                    compressor.compress(str(path))
        try:
            os.rename(scratch, target)
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
        _remove_old_builds(instance, keep=target)
    return target, names


def _remove_old_builds(instance: Path, keep: Path) -> None:
    """Drop builds of earlier versions, once a day has passed (old workers may still serve)."""
    cutoff = time.time() - 24 * 3600
    for old in instance.glob("static-*"):
        if old != keep and old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


def init_app(app: Flask) -> None:
    """Serve hashed static files through WhiteNoise and make url_for use their names."""
    folder, names = build_static(SOURCE, Path(app.instance_path))
    app.extensions["layanan.static_names"] = names

    @app.url_defaults
    def hashed_static(endpoint, values):
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]

    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=str(folder), prefix="static/", max_age=300,
        immutable_file_test=lambda _path, url: bool(HASHED.search(url)),
        add_headers_function=add_static_headers,
    )
