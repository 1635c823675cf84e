"""The back office and public pages stay thin: no queries or commits in web/, only core calls."""

from pathlib import Path

from tests.sms.test_thin_channel import database_calls

WEB = Path(__file__).resolve().parents[2] / "web"
MODULES = [*sorted((WEB / "staff").glob("*.py")), WEB / "api.py", WEB / "transparency.py",
           WEB / "practices.py"]


def test_back_office_modules_make_no_database_calls():
    """Every module of the back office, the API, transparency and practices pages."""
    assert len(MODULES) >= 10
    offenders = {path.name: found for path in MODULES
                 if (found := database_calls(path.read_text(encoding="utf-8")))}
    assert offenders == {}
