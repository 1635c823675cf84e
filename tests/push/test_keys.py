"""VAPID keys: `layanan push keys`, the settings' checks, and the demo's own pair."""

import json
import secrets

import pytest

from core.messaging.vapid import (
    PRIVATE_KEY_BYTES,
    PUBLIC_KEY_BYTES,
    b64url_decode,
    generate_vapid_keys,
    vapid_pair_problem,
)
from layanan.cli import cli
from layanan.config import (
    DEMO_VAPID_FILE,
    DEMO_VAPID_SUBJECT,
    UnsafeSettings,
    check_config,
    load_config,
    vapid_keys,
)

SAFE = {"SECRET_KEY": secrets.token_hex(32), "CALLBACK_TOKEN": secrets.token_urlsafe(24)}
PUBLIC, PRIVATE = generate_vapid_keys()
OTHER_PUBLIC, OTHER_PRIVATE = generate_vapid_keys()


@pytest.fixture(autouse=True)
def _no_push_environment(monkeypatch):
    """The machine's own LAYANAN_* settings stay out of these tests."""
    for name in ("DEMO", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"):
        monkeypatch.delenv(f"LAYANAN_{name}", raising=False)


def test_the_command_prints_a_fresh_pair_as_environment_lines(runner):
    """Two lines to append to layanan.env: a P-256 public point and its private scalar."""
    first = runner.invoke(cli, ["push", "keys"])
    second = runner.invoke(cli, ["push", "keys"])
    assert first.exit_code == 0, first.output
    lines = dict(line.split("=", 1) for line in first.stdout.splitlines())
    assert set(lines) == {"LAYANAN_VAPID_PUBLIC_KEY", "LAYANAN_VAPID_PRIVATE_KEY"}
    public, private = lines["LAYANAN_VAPID_PUBLIC_KEY"], lines["LAYANAN_VAPID_PRIVATE_KEY"]
    point = b64url_decode(public)
    assert len(point) == PUBLIC_KEY_BYTES and point[0] == 4 and "=" not in public
    assert len(b64url_decode(private)) == PRIVATE_KEY_BYTES
    assert vapid_pair_problem(public, private) is None
    assert "LAYANAN_VAPID_SUBJECT" in first.stderr
    assert second.stdout != first.stdout


def test_the_pair_check_names_what_is_wrong():
    """Not base64url, the wrong size, or two halves of different pairs."""
    assert vapid_pair_problem(PUBLIC, PRIVATE) is None
    assert "base64url" in vapid_pair_problem(PUBLIC, "%%%")
    assert "32 bytes" in vapid_pair_problem(PUBLIC, PRIVATE[:20])
    assert "not the private key's own" in vapid_pair_problem(OTHER_PUBLIC, PRIVATE)
    assert "P-256" in vapid_pair_problem(PUBLIC, "A" * 43)


@pytest.mark.parametrize(("settings", "reason"), [
    ({"VAPID_PUBLIC_KEY": PUBLIC}, "LAYANAN_VAPID_PUBLIC_KEY and LAYANAN_VAPID_PRIVATE_KEY go"),
    ({"VAPID_PRIVATE_KEY": PRIVATE}, "LAYANAN_VAPID_PUBLIC_KEY and LAYANAN_VAPID_PRIVATE_KEY go"),
    ({"VAPID_PUBLIC_KEY": OTHER_PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE}, "LAYANAN_VAPID_PRIVATE_KEY"
     " and LAYANAN_VAPID_PUBLIC_KEY are not one pair"),
    ({"VAPID_PUBLIC_KEY": PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE}, "LAYANAN_VAPID_SUBJECT must"),
    ({"VAPID_PUBLIC_KEY": PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE, "VAPID_SUBJECT": "ops@x.id"},
     "LAYANAN_VAPID_SUBJECT must"),
])
def test_production_refuses_a_half_set_or_wrong_pair(tmp_path, settings, reason):
    """Each refusal is one line naming the setting."""
    with pytest.raises(UnsafeSettings) as refused:
        check_config(load_config(str(tmp_path), SAFE | settings))
    assert str(refused.value).startswith(reason)
    assert "\n" not in str(refused.value)


def test_production_accepts_a_whole_pair_with_a_subject_and_no_pair_at_all(tmp_path):
    """Both keys and a mailto: subject: push on; neither: push off."""
    on = load_config(str(tmp_path), SAFE | {"VAPID_PUBLIC_KEY": PUBLIC,
                                           "VAPID_PRIVATE_KEY": PRIVATE,
                                           "VAPID_SUBJECT": "mailto:ops@dinas.go.id"})
    check_config(on)
    assert vapid_keys(on).private_key == PRIVATE
    assert vapid_keys(on).subject == "mailto:ops@dinas.go.id"
    off = load_config(str(tmp_path), SAFE)
    check_config(off)
    assert vapid_keys(off) is None
    assert not (tmp_path / DEMO_VAPID_FILE).exists()


def test_a_half_set_pair_is_refused_in_tests_too(tmp_path):
    """Half a pair means nothing anywhere."""
    with pytest.raises(UnsafeSettings):
        check_config(load_config(str(tmp_path), {"TESTING": True, "VAPID_PUBLIC_KEY": PUBLIC}))


def test_demo_mode_makes_a_pair_once_and_keeps_it(tmp_path):
    """`make demo` has push: a pair in the instance folder, the same at every start."""
    first = load_config(str(tmp_path), {"DEMO": True})
    second = load_config(str(tmp_path), {"DEMO": True})
    check_config(first)
    assert vapid_pair_problem(first["VAPID_PUBLIC_KEY"], first["VAPID_PRIVATE_KEY"]) is None
    assert (second["VAPID_PUBLIC_KEY"], second["VAPID_PRIVATE_KEY"]) == (
        first["VAPID_PUBLIC_KEY"], first["VAPID_PRIVATE_KEY"])
    assert first["VAPID_SUBJECT"] == DEMO_VAPID_SUBJECT
    kept = tmp_path / DEMO_VAPID_FILE
    assert json.loads(kept.read_text())["private"] == first["VAPID_PRIVATE_KEY"]
    assert kept.stat().st_mode & 0o077 == 0
    assert list(tmp_path.glob("*.tmp")) == []


def test_demo_mode_uses_the_pair_it_is_given(tmp_path):
    """Keys set in the environment win; nothing is written."""
    config = load_config(str(tmp_path), {"DEMO": True, "VAPID_PUBLIC_KEY": PUBLIC,
                                         "VAPID_PRIVATE_KEY": PRIVATE})
    assert config["VAPID_PUBLIC_KEY"] == PUBLIC
    assert not (tmp_path / DEMO_VAPID_FILE).exists()
