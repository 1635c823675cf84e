"""Africa's Talking for USSD: the fields of its hop and end-of-session callbacks, its status words.

Both callbacks are urlencoded forms. Whatever they hold (missing fields, a
5,000-character text, odd characters) decodes to values the engine and the
session store accept: fields are cut to what the store keeps.
"""

from ussd.gateways import number_field, text_field

# The longest sessionId the store keeps; a longer one is no session we can follow.
SESSION_ID_LIMIT = 100
# End-of-session status word -> whether the citizen left before finishing (the
# session went silent, the network cut it). "Success" is a session that ended
# with our END. A word not in the table changes nothing.
SESSION_END_STATUSES = {
    "Success": False,
    "Incomplete": True,
    "Failed": True,
}


def decode_hop(form) -> dict:
    """One hop's sessionId, phoneNumber, text, serviceCode and networkCode."""
    session_id = text_field(form, "sessionId").strip()
    return {
        "session_id": session_id if len(session_id) <= SESSION_ID_LIMIT else "",
        "phone": text_field(form, "phoneNumber", 40),
        "text": text_field(form, "text"),
        "service_code": text_field(form, "serviceCode", 40),
        "network_code": text_field(form, "networkCode", 12),
    }


def decode_session_end(form) -> dict:
    """The end-of-session notification: its status word, whether it dropped, and its report."""
    status = text_field(form, "status", 12).strip()
    return {
        "session_id": text_field(form, "sessionId", SESSION_ID_LIMIT).strip(),
        "status": status,
        "dropped": SESSION_END_STATUSES.get(status, False),
        "phone": text_field(form, "phoneNumber", 40),
        "input_text": text_field(form, "input", 2000),
        "duration_ms": number_field(form, "durationInMillis"),
        "hops_count": number_field(form, "hopsCount"),
        "error_message": text_field(form, "errorMessage", 200),
        "cost": text_field(form, "cost", 40),
        "date": text_field(form, "date", 40),
    }
