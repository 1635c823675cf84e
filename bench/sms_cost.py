"""Print the characters and SMS segments of every outbound template, in both languages,
and the outbound segments of one complete SMS satisfaction survey.

Usage: python bench/sms_cost.py
Templates are filled with the longest values they can get (longest demo
service name, a 9-digit ticket, a note long enough to be shortened).
"""

import json
import tempfile
from datetime import UTC, datetime

from core.demo.loader import CATALOGUE
from core.gsm import is_gsm_basic, sms_segments
from core.i18n import LANGUAGES, translate
from core.surveys.invitations import invitation_text
from core.surveys.questionnaire import UNSUR
from core.tickets.lifecycle import ACTIONS
from core.tickets.notifications import COMPLAINT_RECEIPT, REQUEST_RECEIPT, render, render_fitted
from core.tickets.numbers import grouped_ticket_number
from sms import replies

# Every channel shows a ticket number grouped, as the longest form: "999 999 999".
TICKET = grouped_ticket_number("999999999")
SERVICES = json.loads(CATALOGUE.read_text(encoding="utf-8"))["services"]
LONGEST_SERVICE = max((s["short_name"][lang] for s in SERVICES for lang in LANGUAGES), key=len)
LONG_NOTE = "Catatan petugas yang sangat panjang. " * 20


def template_rows():
    """(name, language, text) for every outbound template with worst-case values."""
    worst = {"ticket": TICKET, "service": LONGEST_SERVICE, "due": "31/12/2026",
             "unit": "Loket Adminduk Kecamatan Arjasa (Kangean)", "code": "KELUARGA",
             "days": "14", "cost": "Rp20.000", "codes": "BPJS, IMUN, HAMIL, RUJUK, SEHAT",
             "choices": "BPJS, IMUN, HAMIL, RUJUK, SEHAT",
             "first": "BPJS", "words": "imunisasi campak", "number": "9",
             "question": translate("id", UNSUR[6].question)}
    for language in LANGUAGES:
        for name, template in (("request receipt", REQUEST_RECEIPT),
                               ("complaint receipt", COMPLAINT_RECEIPT)):
            yield name, language, render(language, template, **worst)
        for action in ACTIONS.values():
            if action.notification:
                yield (f"status: {action.name}", language,
                       render_fitted(language, action.notification, field="note",
                                     value=LONG_NOTE, **worst))
        yield "survey invitation", language, invitation_text(language, TICKET)
        for index in range(len(UNSUR)):
            yield f"survey question {index + 1}", language, replies.survey_question(language,
                                                                                     index)
        for name, template in vars(replies).items():
            if name.isupper() and isinstance(template, str) and name != "SURVEY_QUESTION":
                if name == "INFO_SERVICE":
                    text = render_fitted(language, template, field="requirements",
                                                 value=LONG_NOTE, **worst)
                else:
                    text = replies.render(language, template, **worst)
                yield f"reply: {name.lower()}", language, text


def survey_segments() -> tuple[int, list[str]]:
    """File a request, complete it, answer the SMS survey in one reply; count its messages."""
    from sqlalchemy import select

    from core.demo.loader import load_demo
    from core.migrate import upgrade_database
    from core.models import OutboundMessage
    from core.tickets.actions import apply_ticket_action
    from core.tickets.filing import create_service_request
    from layanan.database import db_session, unit_of_work
    from layanan.factory import create_app

    url = f"sqlite:///{tempfile.mkdtemp()}/cost.db"
    upgrade_database(url)
    app = create_app({"TESTING": True, "DEMO": True, "DATABASE_URL": url})
    phone = "+6281299990000"
    with app.app_context():
        with unit_of_work() as session:
            load_demo(session)
            ticket = create_service_request(session, phone=phone, service_id=1, channel="sms")
            apply_ticket_action(session, ticket_id=ticket.id, action="verify")
            apply_ticket_action(session, ticket_id=ticket.id, action="complete")
        session = db_session()
        app.test_client().post("/sms/inbound", data={
            "from": phone, "to": "1708", "text": "SKM 443434344", "id": "bench-1",
            "date": datetime.now(UTC).isoformat(), "linkId": "", "networkCode": "51010"})
        rows = session.scalars(select(OutboundMessage).where(
            OutboundMessage.phone == phone,
            OutboundMessage.purpose.in_(("survey", "reply")),
        ).order_by(OutboundMessage.id)).all()
        return sum(sms_segments(m.text) for m in rows), [m.text for m in rows]


def main() -> None:
    """Print the table and the survey total."""
    print(f"{'template':<32} {'lang':<4} {'chars':>5} {'segments':>8}  gsm")
    for name, language, text in template_rows():
        flag = "ok" if is_gsm_basic(text) else "NOT GSM"
        print(f"{name:<32} {language:<4} {len(text):>5} {sms_segments(text):>8}  {flag}")
    total, texts = survey_segments()
    print(f"\nOne completed SMS survey sends {total} segment(s) in {len(texts)} message(s):")
    for text in texts:
        print(f"  [{len(text)}] {text}")


if __name__ == "__main__":
    main()
