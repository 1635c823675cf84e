"""Domain errors. Each carries a message id the channels translate for the citizen."""

from typing import ClassVar

from core.i18n import N_


class DomainError(Exception):
    """Base of the errors a channel turns into a short message for the user."""

    message = N_("Permintaan tidak dapat diproses.")
    # Values of the message's placeholders: a limit the text states comes from its constant.
    params: ClassVar[dict[str, int]] = {}

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.message)
        self.detail = detail


class InvalidPhoneNumber(DomainError):
    """The text is not a valid phone number."""

    message = N_("Nomor HP tidak valid.")


class MistypedTicketNumber(DomainError):
    """The ticket number fails its check digit: a typo, not an unknown ticket."""

    message = N_("Nomor tiket salah ketik. Periksa nomor tiket.")


class TicketNotFound(DomainError):
    """A well-formed ticket number that no ticket has."""

    message = N_("Tiket tidak ditemukan.")


class NotFound(DomainError):
    """A service, unit or other record that does not exist."""

    message = N_("Data tidak ditemukan.")


class TransitionNotAllowed(DomainError):
    """The action cannot be taken from the ticket's current status."""

    message = N_("Tindakan ini tidak dapat dilakukan pada status tiket sekarang.")


class InvalidInput(DomainError):
    """A value outside what the service accepts; detail names the field."""

    message = N_("Isian tidak valid.")
