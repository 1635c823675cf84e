"""The whole USSD journey as data: every screen, its options, where each leads, its hint.

Adding a menu item or a step edits this table, not the engine. Texts are
message ids (Indonesian) translated when shown; none carries "CON "/"END ",
which only ussd/render.py writes.
"""

from core.i18n import N_
from core.surveys.questionnaire import HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR
from core.tickets.notifications import TICKET_STATUS
from core.tickets.numbers import LENGTH as TICKET_DIGITS
from ussd import places, queue, sources, units
from ussd.screens import Option, Screen

MENU = "menu"
REQUEST = N_("Minta layanan")
COMPLAINT = N_("Kirim pengaduan")
SURVEY = N_("Survei kepuasan")
PICK_CATEGORY = N_("Pilih kategori:")
PICK_SERVICE = N_("Pilih layanan:")
CANCEL = N_("Batal")
UNIT_KECAMATAN = N_("Unit di kecamatan? Atau ketik nama:")


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
        Option(queue.QUEUE, "que_units"),
    )),
    # Request a service: category, service, requirements in short, the unit
    # (when offered at several), confirm.
    Screen("req_category", "list", PICK_CATEGORY, items=sources.service_categories,
           store="category", next="req_service", journey=REQUEST),
    Screen("req_service", "list", PICK_SERVICE, items=sources.category_services,
           store="service_id", next="req_requirements", journey=REQUEST),
    Screen("req_requirements", "menu", N_("%(service)s\nSyarat: %(requirements)s"),
           params=sources.service_requirements, elastic="requirements",
           options=(Option(N_("Lanjut"), "req_units"),), nav=True, journey=REQUEST),
    Screen("req_units", "route", route=units.request_unit),
    Screen("req_unit_kec", "list", UNIT_KECAMATAN, items=units.request_unit_groups,
           store=units.UNIT_KECAMATAN, next="req_unit_group", also=units.request_units_all,
           also_store="unit_id", also_next="req_confirm", journey=REQUEST),
    Screen("req_unit_group", "route", route=units.request_unit_group),
    Screen("req_unit", "list", N_("Pilih tempat layanan:"), items=units.request_units,
           store="unit_id", next="req_confirm", journey=REQUEST),
    Screen("req_confirm", "menu", N_("Ajukan %(service)s di %(unit)s? Bukti dikirim lewat SMS."),
           params=sources.request_summary, elastic="unit",
           options=(Option(N_("Ya, ajukan"), "req_done"), Option(CANCEL, MENU)), journey=REQUEST),
    Screen("req_done", "end",
           N_("Permohonan diterima. Tiket: %(ticket)s. Target selesai %(due)s. "
              "Bukti dikirim lewat SMS."),
           action=sources.file_request),
    # File a complaint: type, category, unit (by kecamatan when many), text,
    # where it happened (kecamatan, desa), privacy, confirm.
    Screen("cmp_type", "list", N_("Jenis laporan:"), items=sources.complaint_types,
           store="complaint_type", next="cmp_category", journey=COMPLAINT),
    Screen("cmp_category", "list", PICK_CATEGORY, items=sources.complaint_categories,
           store="category", next="cmp_units", journey=COMPLAINT),
    Screen("cmp_units", "route", route=units.complaint_unit),
    Screen("cmp_unit_kec", "list", UNIT_KECAMATAN, items=units.complaint_unit_groups,
           store=units.UNIT_KECAMATAN, next="cmp_unit_group", also=units.complaint_units_all,
           also_store="unit_id", also_next="cmp_description", journey=COMPLAINT),
    Screen("cmp_unit_group", "route", route=units.complaint_unit_group),
    Screen("cmp_unit", "list", N_("Unit yang dilaporkan:"), items=units.complaint_units,
           store="unit_id", next="cmp_description", journey=COMPLAINT),
    Screen("cmp_description", "text", N_("Tulis laporan Anda singkat:"),
           validate=sources.description, store="description", next="cmp_place",
           journey=COMPLAINT),
    Screen("cmp_place", "route", route=places.complaint_place),
    Screen("cmp_place_unit", "menu", N_("Terjadi di Kec. %(kecamatan)s?"),
           params=places.unit_place, elastic="kecamatan",
           options=(Option(N_("Ya, di sana"), "cmp_place_here"),
                    Option(N_("Kecamatan lain"), "cmp_kecamatan"),
                    Option(places.SKIP, "cmp_privacy")),
           nav=True, journey=COMPLAINT),
    Screen("cmp_place_here", "route", route=places.at_unit_place),
    Screen("cmp_kecamatan", "list", N_("Kecamatan tempat kejadian:"),
           items=places.kecamatan_places, store="kecamatan_code", next="cmp_kecamatan_next",
           journey=COMPLAINT),
    Screen("cmp_kecamatan_next", "route", route=places.after_kecamatan),
    Screen("cmp_desa", "list", N_("Desa/kelurahan kejadian:"), items=places.village_places,
           store="desa_code", next="cmp_privacy", journey=COMPLAINT),
    Screen("cmp_privacy", "menu",
           N_("Privasi:\nAnonim: petugas tidak melihat nomor HP Anda. "
              "Rahasia: laporan tidak dibuka untuk umum."),
           options=tuple(Option(label, "cmp_confirm", value) for value, label in (
               ("biasa", N_("Biasa")), ("anonim", N_("Anonim")),
               ("rahasia", N_("Rahasia")), ("keduanya", N_("Keduanya")))),
           store="privacy", journey=COMPLAINT),
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
                    Option(N_("Pilih unit lain"), "srv_units", False)),
           store="use_ticket", journey=SURVEY),
    Screen("srv_units", "route", route=units.survey_unit),
    Screen("srv_unit_kec", "list", UNIT_KECAMATAN, items=units.survey_unit_groups,
           store=units.UNIT_KECAMATAN, next="srv_unit_group", also=units.units,
           also_store="unit_id", also_next="srv_q1", journey=SURVEY),
    Screen("srv_unit_group", "route", route=units.survey_unit_group),
    Screen("srv_unit", "list", N_("Unit yang dinilai:"), items=units.survey_units,
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
           options=(Option(N_("Ajukan layanan ini"), "req_units"),), nav=True),
    # A queue number: a unit with a queue (by kecamatan when many), today's number or a
    # booked slot; closed or full today offers the next free slot.
    Screen("que_units", "route", route=queue.queue_unit),
    Screen("que_none", "end", N_("Belum ada unit yang memberi nomor antrean lewat HP."),
           action=lambda visit: {}),
    Screen("que_unit_kec", "list", UNIT_KECAMATAN, items=queue.queue_unit_groups,
           store=units.UNIT_KECAMATAN, next="que_unit_group", also=queue.queue_units_all,
           also_store="unit_id", also_next="que_when", journey=queue.QUEUE),
    Screen("que_unit_group", "route", route=queue.queue_unit_group),
    Screen("que_unit", "list", N_("Unit dengan antrean:"), items=queue.queue_units,
           store="unit_id", next="que_when", journey=queue.QUEUE),
    Screen("que_when", "menu", N_("Antrean %(unit)s:"), params=queue.unit_named, elastic="unit",
           options=(Option(N_("Ambil nomor hari ini"), "que_today"),
                    Option(N_("Pesan jadwal"), "que_days")), nav=True, journey=queue.QUEUE),
    Screen("que_today", "route", route=queue.take_today),
    Screen("que_taken", "end",
           N_("Nomor antrean Anda di %(unit)s: %(number)s. Di depan Anda: %(ahead)s. "
              "SMS dikirim saat giliran Anda dekat."),
           action=queue.taken),
    Screen("que_offer", "menu",
           N_("Antrean hari ini tutup atau penuh. Slot terdekat: %(day)s jam %(time)s."),
           params=queue.offer_params,
           options=(Option(N_("Pesan slot ini"), "que_book"),
                    Option(N_("Pilih jadwal lain"), "que_days")), nav=True, journey=queue.QUEUE),
    Screen("que_no_slot", "end",
           N_("Maaf, antrean unit ini penuh atau tutup dan belum ada slot kosong. "
              "Coba lagi besok."),
           action=lambda visit: {}),
    Screen("que_days", "list", N_("Pilih hari:"), items=queue.booking_days, store="book_day",
           next="que_slots", journey=queue.QUEUE),
    Screen("que_slots", "list", N_("Pilih jam:"), items=queue.day_slots, store="book_slot",
           next="que_book", journey=queue.QUEUE),
    Screen("que_book", "end",
           N_("Jadwal Anda di %(unit)s: %(day)s jam %(time)s, nomor antrean %(number)s. "
              "Di depan Anda: %(ahead)s. SMS dikirim saat giliran Anda dekat."),
           action=queue.book),
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
