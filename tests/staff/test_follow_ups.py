"""The follow-up plan in the back office and on /transparansi (docs/domain.md §3.7)."""

from datetime import UTC, datetime

from sqlalchemy import select

from core.models import AuditEntry, SurveyFollowUp
from core.statistics.figures import refresh_public_figures
from core.surveys.follow_up import weakest_unsur
from core.surveys.responses import record_survey_response
from tests.factories import respondent_phone

THIS_YEAR = datetime.now(UTC).year
ACTION = "Kursi ruang tunggu ditambah sepuluh."


def page_of(world, year=THIS_YEAR):
    """The plan page of unit A for the year."""
    return f"/staff/unit/{world.unit_a.id}/tindak-lanjut?tahun={year}"


def add(client, world, **fields):
    """Post the new-action form of unit A's page, after opening the page for its token."""
    client.get(page_of(world))
    data = {"unsur": "U8", "action": ACTION, "owner": "Pengurus barang",
            "deadline": f"{THIS_YEAR + 1}-03-31"} | fields
    return client.post(f"/staff/unit/{world.unit_a.id}/tindak-lanjut?tahun={THIS_YEAR}", data)


def test_the_report_page_links_to_the_plan(world, staff):
    """From the unit's IKM report, one link to its follow-up plan of the report's year."""
    page = staff(world.emails["head_a"]).get(f"/staff/laporan?unit={world.unit_a.id}")
    assert f"/staff/unit/{world.unit_a.id}/tindak-lanjut?tahun=" in page.get_data(as_text=True)


def test_the_head_records_an_action_and_moves_it_on(world, staff, session):
    """The head's form records the action (audited); the state form moves it to done."""
    head = staff(world.emails["head_a"])
    response = add(head, world)
    assert response.status_code == 302
    page = head.get(page_of(world)).get_data(as_text=True)
    assert ACTION in page and "Pengurus barang" in page and "U8 Sarana dan prasarana" in page
    item = session.scalars(select(SurveyFollowUp)).one()
    assert (item.unit_id, item.year, item.state) == (world.unit_a.id, THIS_YEAR, "planned")
    # End the reading transaction: on SQLite it would hold the lock the next post needs.
    session.commit()
    moved = head.post(f"/staff/tindak-lanjut/{item.id}/status", {f"a{item.id}-state": "done"})
    assert moved.status_code == 302
    session.expire_all()
    assert session.get(SurveyFollowUp, item.id).state == "done"
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["follow_up_add", "follow_up_state"]


def test_the_weakest_unsur_is_chosen_first(world, staff, session):
    """With responses this year, the form offers the lowest-NRR unsur selected."""
    record_survey_response(session, answers=[4, 4, 4, 4, 4, 4, 4, 4, 1], channel="web",
                           unit_id=world.unit_a.id, phone=respondent_phone(77))
    assert weakest_unsur(session, unit_id=world.unit_a.id, year=THIS_YEAR) == "U9"
    session.commit()
    page = staff(world.emails["head_a"]).get(page_of(world)).get_data(as_text=True)
    assert '<option selected value="U9">' in page
    assert "Unsur dengan nilai terendah tahun ini: U9" in page


def test_another_units_head_sees_nothing_and_changes_nothing(world, staff, session):
    """Unit B's head: the page and the form answer 'not found'; nothing is stored."""
    other = staff(world.emails["head_b"])
    assert other.get(page_of(world)).status_code == 404
    assert add(other, world).status_code == 404
    assert session.scalars(select(SurveyFollowUp)).all() == []


def test_the_auditor_reads_without_forms_and_an_officer_is_refused(world, staff, session):
    """The auditor sees the plan and no form; a post is forbidden. An officer may not read."""
    add(staff(world.emails["admin"]), world)
    auditor = staff(world.emails["auditor"])
    page = auditor.get(page_of(world)).get_data(as_text=True)
    assert ACTION in page and "Catat tindakan baru" not in page
    item = session.scalars(select(SurveyFollowUp)).one()
    session.commit()
    refused = auditor.post(f"/staff/tindak-lanjut/{item.id}/status", {f"a{item.id}-state": "done"})
    assert refused.status_code == 403
    assert staff(world.emails["officer_a"]).get(page_of(world)).status_code == 403


def test_a_post_without_its_csrf_token_changes_nothing(world, staff, session):
    """The forms carry a CSRF token; without it nothing is recorded."""
    head = staff(world.emails["head_a"])
    response = head.client.post(f"/staff/unit/{world.unit_a.id}/tindak-lanjut",
                                data={"unsur": "U1", "action": "x", "owner": "y",
                                      "deadline": f"{THIS_YEAR}-12-31"})
    assert response.status_code == 400
    assert session.scalars(select(SurveyFollowUp)).all() == []


def test_transparansi_publishes_the_plan_and_the_sample(world, staff, session, client):
    """Beside the IKM: respondents against the target, a warning under the target, the plan."""
    record_survey_response(session, answers=[3] * 9, channel="web", unit_id=world.unit_a.id,
                           phone=respondent_phone(78))
    refresh_public_figures(session)
    session.commit()
    before = client.get("/transparansi").get_data(as_text=True)
    assert "Rencana tindak lanjut hasil SKM" not in before
    add(staff(world.emails["head_a"]), world)
    page = client.get("/transparansi").get_data(as_text=True)
    # Unit A serves 1,000 people a year: Krejcie-Morgan asks 278 respondents; it has one.
    row = page.split("Puskesmas Alfa")[1].split("</tr>")[0]
    assert '<td data-label="Responden SKM / target">1 / 278' in row
    assert "Responden kurang dari target" in row
    assert "bobot 1/9 per unsur" in page
    plan = page.split("Rencana tindak lanjut hasil SKM")[-1]
    for text in (ACTION, "Pengurus barang", "U8 Sarana dan prasarana", "Direncanakan",
                 f"31 Mar {THIS_YEAR + 1}", 'data-label="Penanggung jawab"'):
        assert text in plan, text
    assert "Nama head_a" not in page


def test_transparansi_names_the_printed_weight(world, session, client, app):
    """With IKM_WEIGHT 'printed' the public page says it used 0,111."""
    refresh_public_figures(session)
    session.commit()
    app.config["IKM_WEIGHT"] = "printed"
    assert "bobot 0,111 per unsur" in client.get("/transparansi").get_data(as_text=True)


def test_the_demo_publishes_two_units_plans(session, client, monkeypatch):
    """The demo's heads of pkm-talango and pkm-kalianget planned for their weakest unsur."""
    from core.demo.loader import load_demo
    from core.models import Unit
    from tests.fixtures import SMALL_CATALOGUE

    monkeypatch.setattr("core.staff.officers.generate_password_hash", lambda password: "x")
    load_demo(session, SMALL_CATALOGUE)
    session.commit()
    units = {u.slug: u for u in session.scalars(select(Unit))}
    plans = {}
    for item in session.scalars(select(SurveyFollowUp).order_by(SurveyFollowUp.id)):
        plans.setdefault(units_by_id(units)[item.unit_id], []).append(item)
    assert {slug: [i.state for i in items] for slug, items in plans.items()} == {
        "pkm-talango": ["underway", "planned"], "pkm-kalianget": ["done"]}
    for slug, items in plans.items():
        weakest = weakest_unsur(session, unit_id=units[slug].id, year=2026)
        assert {i.unsur for i in items} == {weakest}
    session.commit()
    page = client.get("/transparansi?tahun=2026").get_data(as_text=True)
    plan = page.split("Rencana tindak lanjut hasil SKM")[-1]
    for text in ("Sedang dikerjakan", "Direncanakan", "Terlaksana", plans["pkm-talango"][0].action):
        assert text in plan, text


def units_by_id(units):
    """Slug by unit id."""
    return {unit.id: slug for slug, unit in units.items()}


def test_numbers_past_any_column_are_not_found(world, staff):
    """A unit or action id no column holds, or a year past any: 4xx or the default, never 500."""
    huge = "9" * 20
    admin = staff(world.emails["admin"])
    assert admin.get(f"/staff/unit/{huge}/tindak-lanjut").status_code == 404
    assert admin.get(f"/staff/unit/{world.unit_a.id}/tindak-lanjut?tahun={huge}").status_code == 200
    added = admin.post(f"/staff/unit/{huge}/tindak-lanjut",
                       {"unsur": "U1", "action": "x", "owner": "y",
                        "deadline": f"{THIS_YEAR}-12-31"})
    moved = admin.post(f"/staff/tindak-lanjut/{huge}/status", {f"a{huge}-state": "done"})
    assert 400 <= added.status_code < 500 and 400 <= moved.status_code < 500
