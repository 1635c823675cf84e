"""Africa's Talking for SMS: its callbacks' fields and status words, and sending.

Callbacks (inbound SMS, delivery reports, opt-outs) are decoded here into the
channel-neutral values the core services take; the views never read a field
name of the gateway's. Sending goes through its official SDK (africastalking
2.0.3): per-recipient status codes map to our outcomes through one table, and
every way a send can fail (HTTP error, network error, timeout, a reply we
cannot read) ends in an outcome: `send` never raises.
"""

import json
import logging

import requests
from africastalking.Service import AfricasTalkingException
from africastalking.SMS import SMSService

from core.messaging.outbox import SendOutcome

log = logging.getLogger(__name__)

NAME = "africastalking"

# Delivery report status word -> our outbox status. Intermediate words keep
# the message "sent"; final ones settle it.
DELIVERY_STATUSES = {
    "Sent": "sent",
    "Submitted": "sent",
    "Buffered": "sent",
    "Success": "delivered",
    "Rejected": "failed",
    "Failed": "failed",
}

# Per-recipient statusCode -> (our result, the gateway's word, kept as the reason).
# Failures come in the body of a 2xx reply, not in the HTTP status. "failed" is
# for good (the number will never take the message); "retry" may clear up
# (credit topped up, a risk hold lifted, a route restored, a gateway fault).
RECIPIENT_STATUSES = {
    100: ("sent", "Processed"),
    101: ("sent", "Sent"),
    102: ("sent", "Queued"),
    401: ("retry", "RiskHold"),
    402: ("retry", "InvalidSenderId"),
    403: ("failed", "InvalidPhoneNumber"),
    404: ("failed", "UnsupportedNumberType"),
    405: ("retry", "InsufficientBalance"),
    406: ("failed", "UserInBlacklist"),
    407: ("retry", "CouldNotRoute"),
    500: ("retry", "InternalServerError"),
    501: ("retry", "GatewayError"),
    502: ("retry", "RejectedByGateway"),
}

# (connect, read) seconds, passed to requests by the SDK's `timeout` argument.
# The read timeout bounds each wait for bytes, not the whole reply. The worker
# relies on a bounded send: a batch must finish well inside the claim lease.
DEFAULT_TIMEOUT = (3.05, 10.0)


def decode_inbound(form) -> dict:
    """The channel-neutral message in an inbound SMS callback's form fields."""
    return {
        "gateway": NAME,
        "gateway_message_id": form.get("id", "").strip(),
        "phone": form.get("from", ""),
        "text": form.get("text", ""),
        "to": form.get("to", "").strip(),
        "link_id": form.get("linkId", "").strip() or None,
        "network_code": form.get("networkCode", "").strip() or None,
    }


def decode_delivery_report(form) -> dict:
    """A delivery report as record_delivery_report takes it; status None for an unknown word."""
    word = form.get("status", "").strip()
    return {
        "gateway_message_id": form.get("id", "").strip()[:80],
        "status": DELIVERY_STATUSES.get(word),
        "delivery_status": word,
        "reason": form.get("failureReason", "").strip()[:80] or None,
    }


def decode_opt_out(form) -> str:
    """The phone number an opt-out callback names, as sent."""
    return form.get("phoneNumber", "")


def check_settings(config: dict) -> None:
    """Refuse to start without the API key that every send needs."""
    if not config["AT_API_KEY"]:
        raise RuntimeError("LAYANAN_AT_API_KEY is required with the africastalking gateway.")


def make_gateway(config: dict) -> "AfricasTalkingGateway":
    """The gateway on the AT_* settings."""
    return AfricasTalkingGateway(
        username=config["AT_USERNAME"], api_key=config["AT_API_KEY"],
        sender_id=config["AT_SENDER_ID"] or None, base_url=config["AT_BASE_URL"] or None,
    )


class AfricasTalkingGateway:
    """Sends one SMS per call with the SDK and reads the recipient's status code."""

    name = NAME
    simulated = False

    def __init__(self, username: str, api_key: str, sender_id: str | None = None,
                 base_url: str | None = None, timeout: tuple[float, float] = DEFAULT_TIMEOUT):
        self._service = SMSService(username, api_key)
        if base_url:
            # The SDK has no base-URL option; its private `_baseUrl` (set in
            # SMSService._init_service to https://api.<domain>/version1) is the
            # only way to reach a local fake or a proxy. The SDK appends
            # "/messaging", so the fake sees the real path /version1/messaging.
            # Pinned to 2.0.3 in pyproject; recheck on upgrade.
            self._service._baseUrl = base_url.rstrip("/") + "/version1"
        self._sender_id = sender_id or None
        self._timeout = timeout

    def send(self, phone: str, text: str) -> SendOutcome:
        """Send `text` to `phone` (E.164) and say whether it was sent, must retry, or failed."""
        try:
            reply = self._service.send(text, [phone], sender_id=self._sender_id,
                                       timeout=self._timeout)
        except requests.Timeout:
            # The gateway may still have taken the message: a retry can then
            # send it twice. The SDK offers no idempotency key to prevent that.
            return SendOutcome("retry", reason="timeout")
        except requests.JSONDecodeError:
            # A 2xx "application/json" reply whose body is not JSON. Caught before
            # ValueError, which it also is: it must not pass for a bad number.
            log.warning("unreadable JSON reply from Africa's Talking")
            return SendOutcome("retry", reason="bad_reply")
        except requests.RequestException as error:
            # Connection refused or reset: the SDK does not retry, the outbox will.
            return SendOutcome("retry", reason=f"network: {type(error).__name__}"[:80])
        except AfricasTalkingException as error:
            # The SDK raises this for any non-2xx reply, with the body as message.
            log.warning("Africa's Talking refused the request: %.200s", error)
            return SendOutcome("retry", reason="http_error")
        except ValueError:
            # The SDK checks the E.164 form itself before sending (a local 08...
            # number): no retry will make the number valid.
            return SendOutcome("failed", reason="InvalidPhoneNumber")
        except Exception as error:
            log.exception("Africa's Talking SDK failed")
            return SendOutcome("retry", reason=f"error: {type(error).__name__}"[:80])
        return outcome_from_reply(reply)


def outcome_from_reply(reply: dict | str) -> SendOutcome:
    """Our outcome from the SDK's reply: a dict, or a string when the Content-Type had a charset."""
    try:
        # The SDK parses JSON only for a Content-Type of exactly "application/json".
        data = json.loads(reply) if isinstance(reply, str) else reply
        recipients = data["SMSMessageData"]["Recipients"]
        if not recipients:
            # Nothing attempted; the summary says why (e.g. "InvalidSenderId").
            summary = str(data["SMSMessageData"].get("Message", ""))
            return SendOutcome("retry", reason=f"no recipients: {summary}"[:80])
        recipient = recipients[0]
        code = int(recipient["statusCode"])
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        log.warning("unreadable reply from Africa's Talking: %.200r", reply)
        return SendOutcome("retry", reason="bad_reply")
    if code not in RECIPIENT_STATUSES:
        # A code added after this table was written: retrying costs nothing if
        # it was a failure, and MAX_ATTEMPTS bounds it.
        log.warning("unknown Africa's Talking statusCode %s", code)
        return SendOutcome("retry", reason=f"statusCode {code}")
    result, word = RECIPIENT_STATUSES[code]
    if result == "sent":
        message_id = recipient.get("messageId")
        return SendOutcome("sent", gateway_message_id=str(message_id)[:80] if message_id else None)
    return SendOutcome(result, reason=word)
