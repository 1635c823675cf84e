"""The catalogue document: round trip, idempotent re-import, dry run, every bad row reported."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from core.catalogue.exchange.transfer import (
    export_catalogue,
    export_catalogue_text,
    import_catalogue,
    import_catalogue_text,
)
from core.models import Agency, Officer, Region, Service, StandardVersion, Unit

SMALL = Path(__file__).parents[1] / "fixtures" / "catalogue_small.json"
TODAY = date(2026, 11, 20)


@pytest.fixture
def document():
    """The small catalogue: 10 units, 16 services, Sumenep's 362 regions."""
    return json.loads(SMALL.read_text(encoding="utf-8"))


def _counts(session):
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Region, Agency, Unit, Service, StandardVersion)}


def test_round_trip(session, document):
    """Imported into an empty database, the small catalogue exports as the same document."""
    report = import_catalogue(session, document, today=TODAY)
    assert report.ok, report.problem_lines("en")
    assert report.counts["services"]["created"] == 16 and report.new_versions == 16
    session.commit()
    assert export_catalogue(session) == document
    assert json.loads(export_catalogue_text(session)) == document


def test_reimport_writes_nothing(session, engine, document):
    """The same document again: every row unchanged, no statement that writes, no version."""
    import_catalogue(session, document, today=TODAY)
    session.commit()
    before = _counts(session)
    writes = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        report = import_catalogue(session, copy.deepcopy(document), today=TODAY)
        session.flush()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert writes == []
    assert report.new_versions == 0
    assert all(counts["created"] == counts["changed"] == 0 for counts in report.counts.values())
    assert _counts(session) == before


def test_change_is_one_new_version(session, document):
    """A changed requirement in the document: that service changes, with a version 2."""
    import_catalogue(session, document, today=TODAY)
    changed = copy.deepcopy(document)
    service = next(s for s in changed["services"] if s["code"] == "IMUN")
    service["standard"]["persyaratan"]["id"].append("Kartu JKN")
    service["offered_at"].append("pkm-talango")
    report = import_catalogue(session, changed, today=TODAY)
    assert report.counts["services"]["changed"] == 1 and report.new_versions == 1
    imun = session.scalars(select(Service).where(Service.code == "IMUN")).one()
    assert imun.standard_version == 2
    assert imun.standard_text("persyaratan", "id").endswith("\nKartu JKN")
    assert {u.slug for u in imun.offered_at} == {"pkm-kalianget", "pkm-talango"}


def test_dry_run_writes_nothing(session, document):
    """A dry run counts what it would create and writes no row."""
    before = _counts(session)
    report = import_catalogue(session, document, dry_run=True, today=TODAY)
    assert report.ok and report.dry_run
    assert report.counts["units"]["created"] == 10 and report.counts["regions"]["created"] == 362
    session.flush()
    assert _counts(session) == before


def _service(document, code):
    return next(s for s in document["services"] if s["code"] == code)


def _unit(document, slug):
    return next(u for u in document["units"] if u["slug"] == slug)


# (change to the document, path of the bad row, field named)
BAD_ROWS = [
    (lambda d: d["regions"].append({"code": "35.29.99.2001", "name": "X", "level": "desa"}),
     "regions[362]", "code"),
    (lambda d: d["regions"][3].update(level="kecamatan"), "regions[3]", "level"),
    (lambda d: d["regions"].append(dict(d["regions"][5])), "regions[362]", "code"),
    (lambda d: d["categories"][0].update(name={"en": "Health"}), "categories[0]", "name.id"),
    (lambda d: d["agencies"].append({"slug": "Dinas Baru", "name": "Dinas Baru"}),
     "agencies[5]", "slug"),
    (lambda d: d["agencies"][0].update(name="x" * 121), "agencies[0]", "name"),
    (lambda d: _unit(d, "pkm-talango").update(agency="dinas-hilang"), "units[", "agency"),
    (lambda d: _unit(d, "pkm-talango").update(kind="warung"), "units[", "kind"),
    (lambda d: _unit(d, "pkm-talango").update(kecamatan="35.29.98"), "units[", "kecamatan"),
    (lambda d: _unit(d, "pkm-talango").update(desa="35.29.01.1015"), "units[", "desa"),
    (lambda d: _unit(d, "pkm-talango").update(phone="telepon"), "units[", "phone"),
    (lambda d: _unit(d, "pkm-talango").update(maklumat={"text": "Kami sanggup"}), "units[",
     "maklumat.signatory"),
    (lambda d: _service(d, "IMUN").update(code="IMUN-2"), "services[", "code"),
    (lambda d: _service(d, "IMUN").update(unit="pkm-hilang"), "services[", "unit"),
    (lambda d: _service(d, "IMUN").update(offered_at=["pkm-talango", "x"]), "services[",
     "offered_at[1]"),
    (lambda d: _service(d, "IMUN").update(category="warung"), "services[", "category"),
    (lambda d: _service(d, "IMUN")["short_name"].update(id="x" * 41), "services[",
     "short_name.id"),
    (lambda d: _service(d, "IMUN").update(time_days=-1), "services[", "time_days"),
    (lambda d: _service(d, "IMUN").update(effective_from="2027-01-01"), "services[",
     "effective_from"),
    (lambda d: _service(d, "IMUN")["standard"].pop("biaya"), "services[", "standard.biaya.id"),
    (lambda d: _service(d, "IMUN")["standard"]["prosedur"].update(id="Datang; daftar"),
     "services[", "standard.prosedur.id"),
    (lambda d: _service(d, "IMUN")["standard"]["persyaratan"]["en"].append(""), "services[",
     "standard.persyaratan.en"),
    (lambda d: d["services"].append(copy.deepcopy(_service(d, "IMUN"))), "services[16]", "code"),
]


@pytest.mark.parametrize(("spoil", "path", "field"), BAD_ROWS)
def test_bad_row_is_reported_and_nothing_written(session, document, spoil, path, field):
    """Each kind of bad row: its place, its line in the file, the field, a reason; no writes."""
    spoil(document)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    before = _counts(session)
    report = import_catalogue_text(session, text, today=TODAY)
    assert not report.ok
    [problem] = report.problems
    assert problem.path.startswith(path) and problem.field == field
    lines = text.splitlines()
    assert lines[problem.line - 1].strip() == "{"
    if problem.key:
        assert f'"{problem.key}"' in lines[problem.line]
    assert ": " in report.problem_lines("en")[0]
    session.flush()
    assert _counts(session) == before


def test_every_bad_row_at_once(session, document):
    """Three bad rows in three sections: all three reported, in document order."""
    document["agencies"][0]["name"] = ""
    _unit(document, "pkm-sapeken")["kind"] = "warung"
    _service(document, "KTP")["cost_rupiah"] = "gratis"
    report = import_catalogue(session, document, today=TODAY)
    assert [(p.path.split("[")[0], p.field) for p in report.problems] == [
        ("agencies", "name"), ("units", "kind"), ("services", "cost_rupiah")]
    assert [p.key for p in report.problems] == [document["agencies"][0]["slug"], "pkm-sapeken",
                                                "KTP"]
    assert session.scalar(select(func.count()).select_from(Unit)) == 0


@pytest.mark.parametrize(("text", "line"), [
    ('{"format": "layanan-paralel/catalogue",\n "version": 1,\n "units": [}', 3),
    ('{"format": "something-else", "version": 1}', None),
    ("[1, 2]", None),
])
def test_not_a_catalogue(session, text, line):
    """Text that is not JSON (with its line), or not this format: one problem, no writes."""
    report = import_catalogue_text(session, text)
    [problem] = report.problems
    assert problem.line == line
    assert report.problem_lines("id")[0]


def test_problems_in_english(session, document):
    """The reason is translated; its limit comes from the check."""
    _service(document, "IMUN")["short_name"]["id"] = "x" * 41
    report = import_catalogue(session, document, today=TODAY)
    assert report.problem_lines("en")[0].endswith("Too long: at most 40 characters.")
    assert "Terlalu panjang: paling banyak 40 karakter." in report.problem_lines("id")[0]


def test_cli_import_and_export(app, runner, session, tmp_path):
    """`layanan catalogue import` checks, imports, counts; `export` writes the same document."""
    from layanan.cli import cli

    dry = runner.invoke(cli, ["catalogue", "import", str(SMALL), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "16 baru" in dry.output and session.scalar(select(func.count(Unit.id))) == 0
    session.rollback()
    done = runner.invoke(cli, ["catalogue", "import", str(SMALL)])
    assert done.exit_code == 0, done.output
    assert "layanan: 16 baru, 0 diubah, 0 tetap" in done.output
    target = tmp_path / "export.json"
    exported = runner.invoke(cli, ["catalogue", "export", str(target)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(SMALL.read_text())


def test_cli_import_refuses_a_bad_file(app, runner, session, tmp_path, document):
    """A bad row: exit code 1, the row's place, line, field and reason, and nothing written."""
    from layanan.cli import cli

    _unit(document, "pkm-talango")["kind"] = "warung"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, indent=1), encoding="utf-8")
    result = runner.invoke(cli, ["catalogue", "import", str(bad)])
    assert result.exit_code == 1
    assert "(pkm-talango), baris " in result.output and ", kind: " in result.output
    assert session.scalar(select(func.count(Unit.id))) == 0


def test_demo_loads_its_catalogue_through_the_import(app, runner, session, monkeypatch):
    """`layanan demo load --catalogue`: the small catalogue, its versions marked demo, the
    README's accounts; loading again makes no new version."""
    from layanan.cli import cli

    monkeypatch.setattr("core.staff.officers.generate_password_hash", lambda password: "x")
    app.config["DEMO"] = True
    first = runner.invoke(cli, ["demo", "load", "--catalogue", str(SMALL)])
    assert first.exit_code == 0, first.output
    assert "regions: 362" in first.output and "services: 16" in first.output
    sources = set(session.scalars(select(StandardVersion.source)))
    emails = set(session.scalars(select(Officer.email)))
    assert sources == {"demo"}
    assert {"kepala.pkm-kalianget@sumenep.demo", "petugas.dinsos-loket@sumenep.demo"} <= emails
    versions = session.scalar(select(func.count(StandardVersion.id)))
    session.rollback()
    again = runner.invoke(cli, ["demo", "load", "--catalogue", str(SMALL)])
    assert again.exit_code == 0, again.output
    assert session.scalar(select(func.count(StandardVersion.id))) == versions


def test_demo_refuses_a_bad_catalogue(session, tmp_path, document):
    """A bad row in the demo's own file stops the load with the row named."""
    from core.demo.loader import DemoCatalogueRefused, load_demo

    _unit(document, "pkm-talango")["kind"] = "warung"
    bad = tmp_path / "demo.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DemoCatalogueRefused, match="pkm-talango"):
        load_demo(session, bad)


def _sorted(document):
    """The document with its rows in the export's order (categories by position)."""
    keys = {"regions": ("code",), "categories": ("position", "code"), "agencies": ("slug",),
            "units": ("slug",), "services": ("code",)}
    return document | {
        section: sorted(document.get(section, []), key=lambda row: [row[k] for k in key])
        for section, key in keys.items()}


def test_real_size_demo_round_trip(session):
    """The real-size demo catalogue: its export is the document itself, and re-importing the
    export changes nothing."""
    from core.demo.loader import demo_document

    document = demo_document()
    report = import_catalogue(session, document)
    assert report.ok, report.problem_lines("en")[:5]
    exported = export_catalogue(session)
    assert exported == _sorted(document)
    again = import_catalogue(session, exported)
    assert again.new_versions == 0
    assert all(counts["created"] == counts["changed"] == 0 for counts in again.counts.values())
