"""The whole USSD journey as data: every screen, its options, where each leads, its hint.

Adding a menu item or a step edits this table, not the engine. Texts are
message ids (Indonesian) translated when shown; none carries "CON "/"END ",
which only ussd/render.py writes.
"""

from core.i18n import N_
from core.surveys.questionnaire import HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR
from core.tickets.notifications import TICKET_STATUS
from core.tickets.numbers import LENGTH as TICKET_DIGITS
from ussd import sources
from ussd.screens import Option, Screen

MENU = "menu"
REQUEST = N_("Minta layanan")
COMPLAINT = N_("Kirim pengaduan")
SURVEY = N_("Survei kepuasan")
PICK_CATEGORY = N_("Pilih kategori:")
PICK_SERVICE = N_("Pilih layanan:")
CANCEL = N_("Batal")


def resume_journey(visit) -> str:
    """Take over the dropped journey: its screen, what was entered, and its client key."""
    offer = visit.state.data["offer"]
    data = dict(offer["data"])
    data["origin"] = data.get("origin") or offer["session_id"]
    visit.state.data = data
    return offer["screen"]


def _survey_questions() -> list[Screen]:
    """The nine SKM questions, one screen each, answers 1-4 with their official labels."""
    screens = []
    for number, unsur in enumerate(UNSUR, start=1):
        screens.append(Screen(
            f"srv_q{number}", "menu", N_("SKM %(n)s/%(count)s: %(question)s"),
            params=lambda visit, n=number, q=unsur.question: {
                "n": n, "count": len(UNSUR), "question": visit.t(q)},
            options=tuple(
                Option(label, f"srv_q{number + 1}" if number < len(UNSUR) else "srv_done", score)
                for score, label in enumerate(unsur.labels, start=1)
            ),
            store=unsur.column, hint=N_("Jawab %(lowest)s-%(highest)s:"),
            hint_params={"lowest": LOWEST_ANSWER, "highest": HIGHEST_ANSWER}, journey=SURVEY,
        ))
    return screens


SCREENS: tuple[Screen, ...] = (
    Screen(MENU, "menu", N_("Layanan Paralel"), options=(
        Option(REQUEST, "req_category"),
        Option(COMPLAINT, "cmp_type"),
        Option(N_("Cek tiket"), "chk_number"),
        Option(SURVEY, "srv_start"),
        Option(N_("Info layanan"), "inf_category"),
        # Not translated: whoever is stuck in the wrong language must find it.
        Option("Bahasa/Language", "lang"),
    )),
    # Request a service: category, service, requirements in short, confirm.
    Screen("req_category", "list", PICK_CATEGORY, items=sources.service_categories,
           store="category", next="req_service", journey=REQUEST),
    Screen("req_service", "list", PICK_SERVICE, items=sources.category_services,
           store="service_id", next="req_requirements", journey=REQUEST),
    Screen("req_requirements", "menu", N_("%(service)s\nSyarat: %(requirements)s"),
           params=sources.service_requirements, elastic="requirements",
           options=(Option(N_("Lanjut"), "req_confirm"),), nav=True, journey=REQUEST),
    Screen("req_confirm", "menu", N_("Ajukan %(service)s di %(unit)s? Bukti dikirim lewat SMS."),
           params=sources.request_summary, elastic="unit",
           options=(Option(N_("Ya, ajukan"), "req_done"), Option(CANCEL, MENU)), journey=REQUEST),
    Screen("req_done", "end",
           N_("Permohonan diterima. Tiket: %(ticket)s. Target selesai %(due)s. "
              "Bukti dikirim lewat SMS."),
           action=sources.file_request),
    # File a complaint: type, category, unit, text, anonymity, confirm.
    Screen("cmp_type", "list", N_("Jenis laporan:"), items=sources.complaint_types,
           store="complaint_type", next="cmp_category", journey=COMPLAINT),
    Screen("cmp_category", "list", PICK_CATEGORY, items=sources.complaint_categories,
           store="category", next="cmp_unit", journey=COMPLAINT),
    Screen("cmp_unit", "list", N_("Unit yang dilaporkan:"), items=sources.complaint_units,
           store="unit_id", next="cmp_description", journey=COMPLAINT),
    Screen("cmp_description", "text", N_("Tulis laporan Anda singkat:"),
           validate=sources.description, store="description", next="cmp_anonymity",
           journey=COMPLAINT),
    Screen("cmp_anonymity", "menu",
           N_("Sembunyikan identitas Anda?\nAnonim: petugas tidak melihat nomor HP Anda."),
           options=(Option(N_("Ya, anonim"), "cmp_confirm", True),
                    Option(N_("Tidak"), "cmp_confirm", False)),
           store="anonymous", journey=COMPLAINT),
    Screen("cmp_confirm", "menu", N_("Kirim %(type)s ke %(unit)s:\n%(text)s"),
           params=sources.complaint_summary, elastic="text",
           options=(Option(N_("Kirim"), "cmp_done"), Option(CANCEL, MENU)), journey=COMPLAINT),
    Screen("cmp_done", "end",
           N_("Laporan diterima. Tiket: %(ticket)s. Verifikasi paling lambat %(due)s. "
              "Bukti dikirim lewat SMS."),
           action=sources.file_complaint),
    # Check a ticket.
    Screen("chk_number", "text", N_("Ketik nomor tiket (%(digits)s angka):"),
           params=lambda visit: {"digits": TICKET_DIGITS},
           validate=sources.ticket_number, store="ticket_number", next="chk_result"),
    Screen("chk_result", "end", TICKET_STATUS, action=sources.ticket_status),
    # Satisfaction survey: the latest completed request, or a unit; nine questions.
    Screen("srv_start", "route", route=sources.survey_subject),
    Screen("srv_pick", "menu", N_("Nilai layanan %(service)s, tiket %(ticket)s?"),
           params=sources.rated_request, elastic="service",
           options=(Option(N_("Ya"), "srv_q1", True),
                    Option(N_("Pilih unit lain"), "srv_unit", False)),
           store="use_ticket", journey=SURVEY),
    Screen("srv_unit", "list", N_("Unit yang dinilai:"), items=sources.units,
           store="unit_id", next="srv_q1", journey=SURVEY),
    *_survey_questions(),
    Screen("srv_done", "end", N_("Terima kasih! Penilaian Anda membantu memperbaiki layanan."),
           action=sources.record_survey),
    # Service information: requirements, time and cost; the request is one key away.
    Screen("inf_category", "list", PICK_CATEGORY, items=sources.service_categories,
           store="category", next="inf_service"),
    Screen("inf_service", "list", PICK_SERVICE, items=sources.category_services,
           store="service_id", next="inf_detail"),
    Screen("inf_detail", "menu",
           N_("%(service)s\nSyarat: %(requirements)s\nWaktu: %(days)s hari kerja. "
              "Biaya: %(cost)s"),
           params=sources.service_facts, elastic="requirements",
           options=(Option(N_("Ajukan layanan ini"), "req_confirm"),), nav=True),
    # Language, named in both languages.
    Screen("lang", "menu", "Bahasa/Language:", store="language",
           options=(Option("Bahasa Indonesia", "lang_set", "id"),
                    Option("English", "lang_set", "en"))),
    Screen("lang_set", "route", route=sources.save_language),
    # A dropped journey offered again on the next dial.
    Screen("resume", "menu", N_("Isian %(journey)s belum selesai. Lanjutkan?"),
           params=lambda visit: {"journey": visit.t(visit.state.data["offer"]["journey"])},
           options=(Option(N_("Lanjutkan"), "resume_go"), Option(N_("Mulai baru"), MENU))),
    Screen("resume_go", "route", route=resume_journey),
    Screen("bye", "end", N_("Maaf, pilihan tidak dikenali. Silakan tekan %(code)s lagi."),
           action=sources.dial_again),
)

JOURNEY: dict[str, Screen] = {screen.key: screen for screen in SCREENS}
