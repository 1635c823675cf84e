"""deploy/: the nginx site, the systemd units and the environment template are valid and true.

Valid where a tool can say so (`nginx -t` on the site, `systemd-analyze
verify` on the units), and true to the code: the units run commands and
options the `layanan` CLI has, the template names only real settings (and all
of them), and nginx's body limits let through what the app accepts.
"""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from layanan.cli import cli
from layanan.config import SETTINGS, UnsafeSettings, check_config, load_config
from layanan.gateways import MAX_BODY
from tests.needs import missing

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SITE = DEPLOY / "nginx" / "layanan.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
TEMPLATE = DEPLOY / "layanan.env.example"
# Variables the template may set besides LAYANAN_<SETTING>: read under these names.
OTHER_VARIABLES = {"DATABASE_URL", "WEB_CONCURRENCY"}
ASSIGNMENT = re.compile(r"^#?([A-Z][A-Z0-9_]*)=(.*)$")
PWA_MAX_BODY = 8 * 1024 * 1024  # web/pwa/__init__.py: MAX_CONTENT_LENGTH


def _template() -> dict[str, tuple[str, bool]]:
    """Variable -> (value, whether the line is active rather than commented out)."""
    found = {}
    for line in TEMPLATE.read_text().splitlines():
        if match := ASSIGNMENT.match(line.strip()):
            found[match.group(1)] = (match.group(2), not line.startswith("#"))
    return found


def test_template_names_every_setting_and_nothing_else():
    """A renamed or new setting must show up in the template an operator copies."""
    names = set(_template())
    expected = {f"LAYANAN_{key}" for key in SETTINGS if key != "DATABASE_URL"} | OTHER_VARIABLES
    assert names - expected == set(), "not settings the app reads"
    assert expected - names == set(), "settings missing from deploy/layanan.env.example"


def test_template_is_refused_until_its_secrets_are_filled_in(monkeypatch, tmp_path):
    """As copied, the placeholders stop the app; with real values its settings pass the checks."""
    active = {name: value for name, (value, on) in _template().items() if on}
    for name, value in active.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnsafeSettings):
        check_config(load_config(str(tmp_path)))
    for name, value in active.items():
        if "CHANGE-ME" in value:
            monkeypatch.setenv(name, value.replace("CHANGE-ME", "f3a9c1d7e5b2" * 6))
    config = load_config(str(tmp_path))
    check_config(config)
    assert config["TRUSTED_PROXIES"] == 1 and config["DATABASE_URL"].startswith("postgresql://")
    assert not config["RATELIMIT_STORAGE_URI"].startswith("memory://")


def _exec_start(unit: Path) -> list[str]:
    """The unit's command line after the program, with an instance and the worker count."""
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart=").replace("%i", "8001")
                        .replace("${WEB_CONCURRENCY}", "2"))
    assert words[0] == "/opt/layanan/app/.venv/bin/layanan", unit.name
    return words[1:]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_units_run_commands_the_cli_has(unit):
    """Each ExecStart names a `layanan` subcommand and options that exist, with valid values."""
    command, arguments = cli, _exec_start(unit)
    while isinstance(command, click.Group):
        command = command.commands[arguments.pop(0)]
    context = command.make_context(command.name, list(arguments), resilient_parsing=False)
    assert not context.args, f"{unit.name}: arguments {context.args} not understood"


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_units_read_the_environment_file_as_the_layanan_user(unit):
    """Every process runs unprivileged, with the production settings, on a read-only system."""
    text = unit.read_text()
    for line in ("User=layanan", "EnvironmentFile=/etc/layanan/layanan.env",
                 "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                 "ReadWritePaths=/opt/layanan/app/instance"):
        assert line in text.splitlines(), f"{unit.name}: {line}"


def test_units_pass_systemd_analyze_verify(tmp_path):
    """systemd's own check, in a scratch root that holds the program and systemd's units."""
    analyze, system = shutil.which("systemd-analyze"), Path("/usr/lib/systemd/system")
    if analyze is None or not system.is_dir():
        pytest.skip("systemd-analyze is not installed")
    shutil.copytree(system, tmp_path / "usr/lib/systemd/system", symlinks=True)
    program = tmp_path / "opt/layanan/app/.venv/bin/layanan"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    units = tmp_path / "etc/systemd/system"
    shutil.copytree(DEPLOY / "systemd", units)
    names = [unit.name.replace("@.", "@8001.") for unit in UNITS]
    result = subprocess.run([analyze, "verify", f"--root={tmp_path}",
                             *(str(units / name) for name in names)],
                            capture_output=True, text=True, timeout=60)
    # Bad lines are warnings with exit status 0: any output is a failure.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stderr


def _size(value: str) -> int:
    """An nginx size ("9m", "128k") in bytes."""
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


def test_site_limits_and_headers_fit_the_app():
    """Bodies the app accepts pass nginx; forwarded headers are overwritten; /metrics is closed."""
    text = SITE.read_text()
    limits = [_size(value) for value in re.findall(r"client_max_body_size (\w+);", text)]
    assert max(limits) >= PWA_MAX_BODY and min(limits) >= MAX_BODY
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Request-ID $request_id;" in text
    assert re.search(r"location = /metrics \{\s*return 404;", text)
    # POSTs (a USSD hop, a filing) are never sent to a second instance.
    assert "non_idempotent" not in text.replace("non_idempotent is not listed", "")


def test_site_passes_nginx_t(tmp_path):
    """`nginx -t` on the site inside a minimal http block, with a scratch certificate and paths."""
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not Path(nginx).exists() or openssl is None:
        missing("nginx (apt-get install -y nginx) and openssl are needed to check the site")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=layanan.example.go.id", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")], check=True, capture_output=True)
    site = (SITE.read_text()
            .replace("/etc/letsencrypt/live/layanan.example.go.id/fullchain.pem",
                     str(tmp_path / "cert.pem"))
            .replace("/etc/letsencrypt/live/layanan.example.go.id/privkey.pem",
                     str(tmp_path / "key.pem"))
            .replace("/var/log/nginx/", f"{tmp_path}/")
            .replace("/var/cache/nginx/", f"{tmp_path}/"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{site}\n}}\n")
    result = subprocess.run([nginx, "-t", "-e", "stderr", "-p", str(tmp_path), "-c",
                             str(tmp_path / "nginx.conf")], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    # nginx 1.25.1 and later warn that "listen ... http2" is deprecated (the site
    # keeps the form the nginx of Debian 12 and Ubuntu 24.04 understands).
    warnings = [line for line in result.stderr.splitlines()
                if "[warn]" in line and "http2" not in line]
    assert not warnings, result.stderr
