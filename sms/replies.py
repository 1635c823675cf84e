"""Reply templates of the SMS commands, and rendering them as GSM-7 in the citizen's language.

Message ids are Indonesian; the one catalogue of core.i18n translates them.
Every template here fits two SMS parts with worst-case values (tested).
"""

from core.gsm import shorten, to_gsm
from core.i18n import N_, translate
from core.surveys.questionnaire import HIGHEST_ANSWER, LOWEST_ANSWER, UNSUR
from core.tickets import notifications
from core.tickets.numbers import LENGTH as TICKET_DIGITS

# Examples show a ticket number grouped, as every receipt does; CEK reads it with or without spaces.
HELP = N_(
    "Layanan SMS: LAPOR <isi>, MINTA <layanan>, CEK <tiket>, INFO <layanan>, SKM <%(count)s "
    "angka>, BAHASA EN, BERHENTI, MULAI. Contoh: CEK 123 456 789"
)
REPORT_USAGE = N_("Tulis laporan Anda setelah LAPOR, contoh: LAPOR Lampu jalan desa mati.")
STATUS_USAGE = N_("Kirim CEK lalu nomor tiket %(digits)s angka, contoh: CEK 123 456 789")
INFO_USAGE = N_("Kirim INFO lalu nama atau kode layanan, contoh: INFO imunisasi")
INFO_SERVICE = N_(
    "%(service)s (%(code)s). Syarat: %(requirements)s. Waktu: %(days)s hari kerja. "
    "Biaya: %(cost)s."
)
# Unsure which service was meant: a short numbered list (choices), each with its code.
INFO_MANY = N_("Ada beberapa layanan: %(choices)s. Kirim INFO lalu kodenya, contoh: INFO %(first)s")
INFO_NONE = N_("Layanan \"%(words)s\" tidak ditemukan. Coba kata lain atau kode layanan.")
REQUEST_USAGE = N_("Kirim MINTA lalu nama atau kode layanan, contoh: MINTA akta lahir")
REQUEST_MANY = N_("Ada beberapa layanan: %(choices)s. Balas MINTA <kode>, contoh: MINTA %(first)s")
REQUEST_NONE = N_(
    "Layanan \"%(words)s\" tidak ditemukan. Coba kata lain, atau cari dulu: INFO <nama layanan>."
)
FREE = N_("gratis")
LANGUAGE_USAGE = N_("Kirim BAHASA ID untuk Bahasa Indonesia atau LANGUAGE EN untuk English.")
# Sent in the language just chosen: the English catalogue says "in English".
LANGUAGE_SET = N_("Kami akan membalas dalam Bahasa Indonesia. Ketik BANTUAN untuk daftar perintah.")
STOPPED = N_(
    "Anda berhenti menerima survei dan pengumuman. Info tiket tetap dikirim. "
    "Ketik MULAI untuk menerima lagi."
)
STARTED = N_("Anda akan menerima survei dan pengumuman lagi. Ketik BERHENTI untuk berhenti.")
SURVEY_QUESTION = N_(
    "SKM %(number)s/%(count)s: %(question)s 1=%(one)s, 2=%(two)s, 3=%(three)s, 4=%(four)s. "
    "Balas angka %(lowest)s-%(highest)s."
)
SURVEY_CORRECTION = N_("Jawaban harus angka %(lowest)s-%(highest)s. %(question)s")
SURVEY_THANKS = N_("Terima kasih! Penilaian Anda untuk tiket %(ticket)s sudah kami terima.")
SURVEY_EXPIRED = N_("Maaf, waktu survei untuk tiket %(ticket)s sudah habis. Terima kasih.")
SURVEY_NONE = N_("Tidak ada survei yang perlu diisi saat ini. Terima kasih.")
SORRY = N_("Maaf, terjadi gangguan. Silakan coba lagi.")
# Citizens' words echoed back are cut to this many characters.
ECHO_CHARS = 30
# A numbered choice lists this many services, each name cut to this many characters.
MAX_CHOICES = 4
CHOICE_NAME_CHARS = 24
# The limits replies state, from their constants; any template may name them.
LIMITS = {"digits": TICKET_DIGITS, "count": len(UNSUR), "lowest": LOWEST_ANSWER,
          "highest": HIGHEST_ANSWER}


def render(language: str, template: str, **params) -> str:
    """A reply in the citizen's language and GSM-7, with the limits it states filled in."""
    return notifications.render(language, template, **{**LIMITS, **params})


def echo(words: str) -> str:
    """A citizen's words, GSM-7 and short, to quote in a reply."""
    return shorten(" ".join(to_gsm(words).split()), ECHO_CHARS)


def format_cost(language: str, rupiah: int) -> str:
    """A service's cost: 'gratis' when free, else rupiah grouped the local way."""
    if not rupiah:
        return translate(language, FREE)
    grouped = f"{rupiah:,}"
    return "Rp" + (grouped if language == "en" else grouped.replace(",", "."))


def survey_question(language: str, index: int) -> str:
    """One SKM question with its four official answers numbered 1 to 4."""
    unsur = UNSUR[index]
    one, two, three, four = (translate(language, label) for label in unsur.labels)
    return render(language, SURVEY_QUESTION, number=index + 1,
                  question=translate(language, unsur.question),
                  one=one, two=two, three=three, four=four)


def numbered_choices(services: list[tuple[str, str]]) -> str:
    """'1 AKTALAHIR Akta kelahiran; 2 ...' from (code, short name) pairs, a few at most."""
    return "; ".join(
        f"{number} {code} {shorten(' '.join(to_gsm(name).split()), CHOICE_NAME_CHARS)}"
        for number, (code, name) in enumerate(services[:MAX_CHOICES], start=1))


# ANTRE: a place in a unit's queue (sms/queue.py). Codes are the units' slugs in capitals.
QUEUE_USAGE = N_(
    "Nomor antrean hari ini: ANTRE <kode unit>, contoh: ANTRE PKM-TALANGO. "
    "Pesan jadwal: ANTRE <kode> <tgl/bln> <jam.menit>, contoh: ANTRE PKM-TALANGO 08/12 09.00"
)
QUEUE_TAKEN = N_(
    "Nomor antrean Anda di %(unit)s hari ini: %(number)s. Di depan Anda: %(ahead)s. "
    "Kami kirim SMS saat giliran Anda dekat."
)
QUEUE_BOOKED = N_(
    "Jadwal Anda di %(unit)s: %(day)s jam %(time)s, nomor antrean %(number)s. "
    "Kami kirim SMS saat giliran Anda dekat."
)
QUEUE_UNKNOWN = N_(
    "Unit \"%(words)s\" tidak ditemukan. Kode unit ada di halaman unit di web, "
    "contoh: ANTRE PKM-TALANGO"
)
QUEUE_OFF = N_("%(unit)s belum memakai nomor antrean lewat HP. Silakan datang ke loket.")
# Closed today, full, or the slot asked not free: the next free slot, ready to send back.
QUEUE_CLOSED = N_(
    "Antrean %(unit)s tidak dibuka sekarang. Slot terdekat %(day)s jam %(time)s, "
    "pesan dengan: ANTRE %(unit_code)s %(day)s %(time)s"
)
QUEUE_FULL = N_(
    "Kuota antrean %(unit)s sudah penuh. Slot terdekat %(day)s jam %(time)s, "
    "pesan dengan: ANTRE %(unit_code)s %(day)s %(time)s"
)
QUEUE_NO_SLOT = N_("Antrean %(unit)s penuh atau tutup dan belum ada slot kosong. Coba lagi besok.")
QUEUE_BAD_SLOT = N_(
    "Tanggal atau jam tidak dapat dibaca. Tulis: ANTRE %(unit_code)s <tgl/bln> <jam.menit>, "
    "contoh: ANTRE %(unit_code)s 08/12 09.00"
)
# A unit's name is cut to this many characters in queue replies.
UNIT_CHARS = 60


def unit_name(name: str) -> str:
    """A unit's name, GSM-7 and short enough for the queue replies."""
    return shorten(" ".join(to_gsm(name).split()), UNIT_CHARS)
