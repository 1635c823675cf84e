"""Whatever the gateway sends, the citizen gets a valid screen; only a bad token is refused.

Each row is a raw callback (form fields) and what the reply must show.
"""

import pytest
from sqlalchemy import select

from core.errors import InvalidPhoneNumber
from core.i18n import translate
from core.models import Citizen, Ticket, UssdSession
from tests.factories import make_service
from tests.ussd.conftest import Phone, check_screen
from ussd.engine import INCOMPLETE
from ussd.journey import PICK_CATEGORY, PICK_SERVICE, REQUEST
from ussd.screens import NOT_FOUND, WRONG_CHOICE
from ussd.sources import TOO_LONG
from ussd.views import TROUBLE

GOOD = {"sessionId": "ATUid_bad_1", "serviceCode": "*123#", "phoneNumber": "+6281234500009",
        "networkCode": "99999", "text": ""}
MENU = translate("id", REQUEST)
HINT = translate("id", WRONG_CHOICE)


@pytest.fixture
def catalogue(session):
    """One health service, so that menus have something to list."""
    make_service(session, category="kesehatan")
    return session


def _without(*names):
    return {key: value for key, value in GOOD.items() if key not in names}


@pytest.mark.parametrize(("form", "prefix", "shown"), [
    ({}, "END", translate("id", INCOMPLETE, code="*123#")),
    (_without("sessionId"), "END", translate("id", INCOMPLETE, code="*123#")),
    (GOOD | {"sessionId": "  "}, "END", translate("id", INCOMPLETE, code="*123#")),
    (GOOD | {"sessionId": "x" * 300}, "END", translate("id", INCOMPLETE, code="*123#")),
    (_without("phoneNumber"), "END", translate("id", InvalidPhoneNumber.message)),
    (GOOD | {"phoneNumber": "not a phone"}, "END", translate("id", InvalidPhoneNumber.message)),
    (_without("text"), "CON", MENU),
    (_without("serviceCode", "networkCode"), "CON", MENU),
    (GOOD | {"phoneNumber": "081234500009"}, "CON", MENU),
    (GOOD | {"phoneNumber": "6281234500009"}, "CON", MENU),
    # A first hop we never saw: the path is replayed from the main menu.
    (GOOD | {"text": "1"}, "CON", translate("id", PICK_CATEGORY)),
    (GOOD | {"text": "1*1"}, "CON", translate("id", PICK_SERVICE)),
    (GOOD | {"text": "1*1*0*0*00*1"}, "CON", translate("id", PICK_CATEGORY)),
    (GOOD | {"text": "9" * 5000}, "CON", HINT),
    (GOOD | {"text": "1*" * 2500}, "CON", MENU),
    (GOOD | {"text": "\uff11"}, "CON", HINT),
    (GOOD | {"text": "\U0001f600"}, "CON", HINT),
    (GOOD | {"text": "\x00"}, "CON", MENU),
    (GOOD | {"text": "<script>alert(1)</script>"}, "CON", HINT),
    (GOOD | {"text": "1 "}, "CON", translate("id", PICK_CATEGORY)),
    (GOOD | {"text": "*"}, "CON", HINT),
    (GOOD | {"text": "2*1*1*1*Lampu*mati"}, "CON", ""),
    # Letters on a list are a name typed: none starts so, or it is no name at all.
    (GOOD | {"text": "2*1*1*zzz"}, "CON", translate("id", NOT_FOUND)),
    (GOOD | {"text": "2*1*\U0001f600"}, "CON", HINT),
    (GOOD | {"text": "2*1*" + "kes" * 40}, "CON", HINT),
    (GOOD | {"text": "2*1*kes*puskesmas uji*<b>"}, "CON", ""),
])
def test_every_callback_gets_a_valid_screen(client, catalogue, form, prefix, shown):
    """Missing or empty fields, 5,000 characters, odd characters, unknown sessions mid-path."""
    response = client.post("/ussd", data=form)
    assert response.status_code == 200
    body = check_screen(response.get_data(as_text=True))
    assert body.startswith(prefix + " ") and shown in body


def test_local_phone_format_is_the_same_citizen(client, catalogue):
    """A gateway sending 08... files for the +62 number."""
    phone = Phone(client, "081234500009")
    phone.dial()
    phone.send("2", "1", "1", "1", "Jalan desa berlubang", "2", "1")
    ticket = catalogue.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert ticket.citizen.phone == "+6281234500009"


def test_unknown_session_mid_path_with_a_star_in_free_text(client, saved_session):
    """Replaying a path we never saw cuts free text at '*' but still answers a valid screen."""
    phone = Phone(client)
    phone.session_id = "ATUid_never_seen"
    assert phone.hop("2*1*1*1*Lampu*mati*1").startswith("CON ")
    assert saved_session("ATUid_never_seen").screen == "cmp_privacy"


def test_five_thousand_characters_as_a_description(client, phone):
    """A text no phone can type is refused with a hint, not an error."""
    phone.dial()
    phone.send("2", "1", "1", "1")
    assert translate("id", TOO_LONG) in phone.send("x" * 5000)


def test_nul_bytes_in_free_text_are_dropped(client, session, phone):
    """PostgreSQL refuses NUL in text; the description simply loses it."""
    phone.dial()
    phone.send("2", "1", "1", "1", "Air\x00 keruh di sumur", "2", "1")
    ticket = session.scalars(select(Ticket).where(Ticket.client_key == phone.session_id)).one()
    assert ticket.description == "Air keruh di sumur"


def test_three_wrong_choices_end_the_session_politely(phone):
    """One wrong choice repeats the screen with a hint; the third in a row says goodbye."""
    phone.dial()
    assert phone.send("8").startswith("CON " + HINT)
    assert phone.send("x").startswith("CON " + HINT)
    assert phone.send("1").startswith("CON ")  # a good choice resets the count
    assert phone.send("77", "99").startswith("CON " + HINT)
    goodbye = phone.send("zzz")  # a name that nothing starts with is wrong too
    assert goodbye.startswith("END ") and "*123#" in goodbye


def test_a_hop_after_the_end_repeats_the_end(phone):
    """A session we closed stays closed."""
    phone.dial()
    phone.send("x", "x")
    goodbye = phone.send("x")
    assert phone.send("1") == goodbye


def test_empty_input_is_a_wrong_choice(phone):
    """Pressing send on an empty field repeats the screen with the hint."""
    phone.dial()
    assert phone.send("5", "").startswith("CON " + HINT)


def test_new_citizen_is_not_created_by_browsing(client, session, phone):
    """Dialling and browsing stores the session only; the citizen appears when they file."""
    phone.dial()
    phone.send("5", "1")
    assert session.scalars(select(Citizen)).first() is None


@pytest.fixture
def guarded(make_app, store_settings):
    """The app with a callback token configured."""
    return make_app(CALLBACK_TOKEN="s3cret", **store_settings).test_client()


@pytest.mark.parametrize("path", ["/ussd", "/ussd/events"])
@pytest.mark.parametrize(("query", "status"), [
    ({}, 403), ({"token": "wrong"}, 403), ({"token": ""}, 403), ({"token": "s3cret"}, 200),
])
def test_callback_token(guarded, session, saved_session, path, query, status):
    """With a token configured, a missing or wrong one gets 403 and nothing is stored."""
    response = guarded.post(path, query_string=query, data=GOOD | {"status": "Success"})
    assert response.status_code == status
    # A hop is kept in the session store; an end-of-session report in the database.
    if path == "/ussd":
        stored = saved_session(GOOD["sessionId"])
    else:
        stored = session.scalars(select(UssdSession)).first()
    assert (stored is not None) == (status == 200)


def test_a_hop_for_a_session_known_only_from_its_event(client, session, phone):
    """The gateway reported a session we never answered; a late hop still gets a sentence."""
    phone.session_id = "ATUid_reported"
    phone.hang_up("Failed")
    assert phone.hop("1").startswith("END " + translate("id", INCOMPLETE, code="*123#"))


def test_a_session_store_that_is_down_gets_a_sentence(make_app, caplog):
    """Redis not answering: the citizen is asked to try again, the gateway gets 200."""
    app = make_app(USSD_SESSION_STORE="redis://127.0.0.1:1/0")
    phone = Phone(app.test_client())
    assert phone.dial() == "END " + translate("id", TROUBLE)
    assert "USSD hop failed" in caplog.text
