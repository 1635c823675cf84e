"""Demo data for Kabupaten Sumenep: catalogue, accounts, tickets and survey responses.

The catalogue comes in through the catalogue import (docs/catalogue-format.md),
so the demo is built the way an agency loads its own. Loading twice changes
nothing: the import matches rows by code and slug, and the rest is looked up
by email or client key before it is created.
"""

import csv
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.calendar.holidays import add_holiday
from core.catalogue.exchange.transfer import import_catalogue
from core.demo.follow_ups import load_follow_ups
from core.demo.holidays import HOLIDAYS
from core.demo.queues import load_queues
from core.models import (
    Agency,
    BestPractice,
    Officer,
    Region,
    Service,
    SurveyResponse,
    Ticket,
    Unit,
)
from core.publishing.practices import adopt_practice, publish_practice
from core.staff.officers import create_officer
from core.statistics.figures import refresh_public_figures
from core.surveys.questionnaire import HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR
from core.surveys.responses import record_survey_response
from core.tickets.actions import apply_ticket_action
from core.tickets.filing import create_complaint, create_service_request

CATALOGUE = Path(__file__).with_name("sumenep.json")
# Sumenep's kecamatan, desa and kelurahan (docs/domain.md §11), for a document without regions.
REGIONS = Path(__file__).with_name("regions_35_29.csv")
ADMIN_EMAIL, ADMIN_PASSWORD = "admin@sumenep.demo", "demo-admin"
OFFICER_PASSWORD = "demo-petugas"  # noqa: S105 (published demo account)
# Units with a head and an officer account (README, "Demo accounts"): those the demo's
# tickets and best practices name, and one desk of each other agency. Hashing two
# passwords for each of the real-size demo's units would make loading slow for
# accounts nobody signs in to.
OFFICER_UNITS = ("pkm-kalianget", "pkm-saronggi", "pkm-talango", "pkm-arjasa", "pkm-sapeken",
                 "rsud-rajal", "dukcapil-kantor", "dukcapil-arjasa", "dpmptsp-loket",
                 "dinsos-loket")
DEMO_PHONES = ("+6281234500001", "+6281234500002", "+6281234500003", "+6285234500004",
               "+6287834500005", "+6281334500006")
SURVEY_RESPONSES = 360
# Two survey periods, so reports can compare: the third and fourth quarters of 2026.
PERIODS = ((datetime(2026, 7, 1, 2, tzinfo=UTC), 92), (datetime(2026, 10, 1, 2, tzinfo=UTC), 56))


class DemoCatalogueRefused(Exception):
    """The demo's own catalogue document has bad rows: a bug in the file, listed."""


def load_demo(session: Session, catalogue: Path = CATALOGUE) -> dict[str, int]:
    """Load everything in the caller's transaction; how many of each record exist afterwards.

    `catalogue` is a document in the exchange format (docs/catalogue-format.md);
    tests pass the small one of tests/fixtures.
    """
    for day, name in HOLIDAYS:
        add_holiday(session, day=day, name=name)
    _load_catalogue(session, catalogue)
    units = {unit.slug: unit for unit in session.scalars(select(Unit).order_by(Unit.slug))}
    officers = _load_officers(session, units)
    _load_tickets(session, officers)
    _load_surveys(session, units)
    _load_practices(session, units, officers)
    load_follow_ups(session, units, officers)
    load_queues(session, units)
    # The public pages read the figures' snapshot: compute it now, not at the first duty run.
    refresh_public_figures(session)
    return {
        "regions": session.scalar(select(func.count()).select_from(Region)),
        "agencies": session.scalar(select(func.count()).select_from(Agency)),
        "units": len(units),
        "services": session.scalar(select(func.count()).select_from(Service)),
        "officers": session.scalar(select(func.count()).select_from(Officer)),
        "tickets": session.scalar(select(func.count()).select_from(Ticket)),
        "survey responses": session.scalar(select(func.count()).select_from(SurveyResponse)),
        "best practices": session.scalar(select(func.count()).select_from(BestPractice)),
    }


def demo_document(catalogue: Path = CATALOGUE) -> dict:
    """The demo's catalogue document, with Sumenep's regions when it brings none."""
    document = json.loads(catalogue.read_text(encoding="utf-8"))
    if not document.get("regions"):
        with REGIONS.open(encoding="utf-8", newline="") as rows:
            document["regions"] = [{"code": row["code"], "name": row["name"],
                                    "level": row["level"]} for row in csv.DictReader(rows)]
    return document


def _load_catalogue(session: Session, catalogue: Path) -> None:
    """Through the catalogue import, as an agency would load its own: all of it, or nothing."""
    report = import_catalogue(session, demo_document(catalogue), source="demo")
    if not report.ok:
        raise DemoCatalogueRefused("\n".join(report.problem_lines("en")))


def _load_officers(session: Session, units: dict[str, Unit]) -> dict[str, Officer]:
    officers = {"admin": create_officer(session, email=ADMIN_EMAIL, name="Admin Sumenep",
                                        password=ADMIN_PASSWORD, role="admin")}
    officers["auditor"] = create_officer(session, email="auditor@sumenep.demo",
                                         name="Inspektorat Sumenep",
                                         password=OFFICER_PASSWORD, role="auditor")
    for slug in OFFICER_UNITS:
        unit = units.get(slug)
        if unit is None:
            continue
        for role, prefix in (("unit_head", "kepala"), ("officer", "petugas")):
            officers[f"{prefix}.{slug}"] = create_officer(
                session, email=f"{prefix}.{slug}@sumenep.demo",
                name=f"{prefix.title()} {unit.name}", password=OFFICER_PASSWORD,
                role=role, unit_id=unit.id,
            )
    return officers


# (client key, phone index, what to file, actions in order as (action, note, target unit slug))
_DEMO_TICKETS = (
    ("demo-1", 0, ("request", "IMUN", ""), ()),
    ("demo-2", 1, ("request", "AKTA", "Anak lahir di Pulau Sapudi."),
     (("verify", "", None), ("start", "", None))),
    ("demo-3", 2, ("request", "SEHAT", ""),
     (("verify", "", None), ("complete", "Surat dapat diambil di loket.", None))),
    ("demo-4", 3, ("complaint", "pengaduan", "kesehatan", "pkm-talango",
                   "Antrean di puskesmas sangat lama, lebih dari tiga jam."),
     (("verify", "", None), ("follow_up", "Loket tambahan dibuka mulai Senin.", None))),
    ("demo-5", 4, ("complaint", "pengaduan", "administrasi_kependudukan", "pkm-arjasa",
                   "KTP-el belum jadi sejak dua bulan."),
     (("forward", "Bukan kewenangan puskesmas; diteruskan ke loket Adminduk Arjasa.",
       "dukcapil-arjasa"),)),
    ("demo-6", 5, ("complaint", "aspirasi", "kesehatan", None,
                   "Mohon jadwal posyandu diumumkan lewat SMS."), ()),
    ("demo-7", 0, ("complaint", "informasi", "kesehatan", "pkm-kalianget",
                   "Kapan jadwal imunisasi campak bulan ini?"),
     (("verify", "", None),
      ("answer", "Imunisasi campak setiap Selasa pekan kedua, pukul 08.00-12.00.", None))),
)


def _load_tickets(session: Session, officers: dict[str, Officer]) -> None:
    services = {s.code: s for s in session.scalars(select(Service))}
    units = {u.slug: u for u in session.scalars(select(Unit))}
    start = datetime(2026, 11, 9, 2, tzinfo=UTC)
    for index, (key, phone, filing, actions) in enumerate(_DEMO_TICKETS):
        if session.scalars(select(Ticket).where(Ticket.client_key == key)).first():
            continue
        moment = start + timedelta(days=index * 2)
        ticket = _file(session, key, DEMO_PHONES[phone], filing, services, units, moment)
        for step, (action, note, target) in enumerate(actions, start=1):
            officer = officers["admin"]
            apply_ticket_action(
                session, ticket_id=ticket.id, action=action, officer_id=officer.id, note=note,
                to_unit_id=units[target].id if target else None,
                now=moment + timedelta(days=step),
            )


def _file(session, key, phone, filing, services, units, moment):
    if filing[0] == "request":
        _, code, description = filing
        return create_service_request(session, phone=phone, service_id=services[code].id,
                                      channel="ussd", client_key=key, description=description,
                                      now=moment)
    _, complaint_type, category, unit_slug, description = filing
    return create_complaint(
        session, phone=phone, complaint_type=complaint_type, category=category,
        unit_id=units[unit_slug].id if unit_slug else None, description=description,
        channel="sms", client_key=key, anonymous=complaint_type == "pengaduan", now=moment,
    )


def _load_surveys(session: Session, units: dict[str, Unit]) -> None:
    rng = random.Random(20261128)
    unit_list = sorted(units.values(), key=lambda unit: unit.slug)
    services = list(session.scalars(select(Service).order_by(Service.id)))
    channels = ("web", "ussd", "sms", "counter")
    for number in range(SURVEY_RESPONSES):
        unit = unit_list[number % len(unit_list)]
        # Each unit has its own typical score, so reports differ between units.
        typical = 2.6 + (unit.id % 5) * 0.3
        answers = [min(HIGHEST_ANSWER, max(LOWEST_ANSWER, round(rng.gauss(typical, 0.6))))
                   for _ in UNSUR]
        period_start, days = PERIODS[(number // len(unit_list)) % 2]
        own_services = [s for s in services if s.unit_id == unit.id]
        # Each respondent's own number, so the index counts them; one web answer in
        # eight is anonymous, to show the report's uncounted responses (docs/domain.md §3.6).
        phone = None if number % 8 == 0 else f"0857{number:08d}"
        record_survey_response(
            session, answers=answers, channel=channels[number % 4], client_key=f"demo-skm-{number}",
            unit_id=unit.id, service_id=own_services[0].id if own_services else None, phone=phone,
            sex=rng.choice(("L", "P")), age=rng.randint(18, 70),
            education=rng.choice(("sd", "smp", "sma", "d3", "s1")),
            occupation=rng.choice(("petani", "wirausaha", "swasta", "pns", "lainnya")),
            now=period_start + timedelta(days=rng.randrange(days), minutes=rng.randrange(600)),
        )


# (publishing unit, title, summary, body, tags, units that adopted it)
_DEMO_PRACTICES = (
    ("pkm-kalianget", "Pengingat posyandu dan imunisasi lewat SMS",
     "Orang tua menerima SMS dua hari sebelum jadwal posyandu; kehadiran imunisasi naik.",
     "Kader posyandu mencatat nomor HP orang tua balita saat pendaftaran. Dua hari sebelum "
     "jadwal, puskesmas mengirim SMS berisi tanggal, tempat dan jenis imunisasi. Warga tanpa "
     "kuota internet tetap menerima pengingat karena SMS masuk ke semua HP. Dalam tiga bulan "
     "kehadiran imunisasi dasar naik dan antrean lebih merata karena jadwal diketahui lebih awal.",
     "sms,posyandu,imunisasi", ("pkm-saronggi", "pkm-arjasa")),
    ("pkm-talango", "Loket tambahan pada hari kapal penyeberangan",
     "Pada hari kapal dari pulau-pulau kecil tiba, satu loket tambahan dibuka sejak pagi.",
     "Warga dari pulau kecil datang bersamaan mengikuti jadwal kapal, sehingga antrean menumpuk "
     "pada hari tertentu. Puskesmas mencocokkan jadwal kapal dengan jadwal jaga dan membuka loket "
     "tambahan pada hari itu. Waktu tunggu rata-rata turun dari lebih dari dua jam menjadi di "
     "bawah satu jam.",
     "antrean,kepulauan,puskesmas", ("pkm-sapeken",)),
    ("dukcapil-kantor", "Jemput bola perekaman KTP-el ke kepulauan",
     "Petugas membawa alat perekaman ke pulau sekali sebulan, diumumkan lewat SMS dan desa.",
     "Perekaman KTP-el memerlukan kehadiran warga, padahal perjalanan dari kepulauan memakan "
     "biaya dan waktu. Petugas membawa perangkat perekaman ke balai desa di pulau sekali sebulan. "
     "Jadwal diumumkan lewat SMS dan perangkat desa; hasil cetak dikirim lewat kecamatan.",
     "adminduk,kepulauan,jemput bola", ("dukcapil-arjasa",)),
)


def _load_practices(session: Session, units: dict[str, Unit], officers: dict[str, Officer]):
    for slug, title, summary, body, tags, adopters in _DEMO_PRACTICES:
        unit = units[slug]
        practice = session.scalars(select(BestPractice).where(
            BestPractice.unit_id == unit.id, BestPractice.title == title)).first()
        if practice is None:
            practice = publish_practice(
                session, unit_id=unit.id, title=title, summary=summary, body=body, tags=tags,
                officer_id=officers[f"kepala.{slug}"].id,
                now=datetime(2026, 9, 1, 2, tzinfo=UTC) + timedelta(days=len(title)),
            )
        for adopter in adopters:
            adopt_practice(session, practice_id=practice.id, unit_id=units[adopter].id,
                           officer_id=officers[f"kepala.{adopter}"].id,
                           now=datetime(2026, 10, 15, 2, tzinfo=UTC))
