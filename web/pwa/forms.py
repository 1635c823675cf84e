"""The citizen's forms: Flask-WTF (CSRF on each), messages in the visitor's language."""

import math
import re
from collections.abc import Mapping
from types import MappingProxyType

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from core.catalogue.categories import COMPLAINT_TYPE_LABELS
from core.errors import InvalidPhoneNumber
from core.messaging.sign_in import CODE_DIGITS
from core.phones import normalise_phone
from core.surveys.questionnaire import (
    ANSWERS,
    EDUCATION,
    MAX_AGE,
    MIN_AGE,
    OCCUPATIONS,
    SEXES,
    UNSUR,
)
from core.tickets.actions import MAX_NOTE
from core.tickets.attachments import MAX_UPLOAD_MEGABYTES
from core.tickets.filing import MAX_DESCRIPTION
from layanan.numbers import WholeNumberField

_CLIENT_KEY = re.compile(r"^[A-Za-z0-9-]{8,100}$")
INVALID_CHOICE = _l("Pilihan tidak valid.")
TOO_LONG = _l("Isian terlalu panjang.")
LOCATION_REFUSED = _l("Lokasi dari HP tidak dapat dipakai. Hapus lokasi atau coba lagi.")
LATITUDE_LIMIT, LONGITUDE_LIMIT = 90.0, 180.0


def valid_phone(_form, field) -> None:
    """Accept any common way of writing an Indonesian number; keep its E.164 form."""
    try:
        field.data = normalise_phone(field.data)
    except InvalidPhoneNumber:
        raise ValidationError(_l("Nomor HP tidak valid.")) from None


def valid_client_key(_form, field) -> None:
    """The device's idempotency key: a UUID or similar, never anything else."""
    if field.data and not _CLIENT_KEY.match(field.data):
        raise ValidationError(INVALID_CHOICE)


def coordinate(limit: float):
    """A decimal degree within +-limit, as the device's location button fills it."""
    def check(_form, field) -> None:
        try:
            value = float(field.data)
        except ValueError:
            raise ValidationError(LOCATION_REFUSED) from None
        if not math.isfinite(value) or abs(value) > limit:
            raise ValidationError(LOCATION_REFUSED)
    return check


class _Filing(FlaskForm):
    """Fields shared by everything the citizen files: the device's key.

    No phone field: a typed number proves nothing, so the web files under the
    signed-in phone only (docs/domain.md, "Who filed a ticket").
    """

    client_key = HiddenField(validators=[Optional(), valid_client_key])


class RequestForm(_Filing):
    """Request a service, at one of the units offering it when there are several."""

    unit_id = SelectField(_l("Di unit mana?"), choices=[], invalid_choice_message=INVALID_CHOICE,
                          description=_l("Pilih unit layanan terdekat dari Anda."))

    description = TextAreaField(
        _l("Keterangan (opsional)"),
        validators=[Optional(), Length(max=MAX_DESCRIPTION,
                                       message=_l("Keterangan terlalu panjang."))],
        description=_l("Misalnya nama anak atau jadwal yang Anda inginkan."),
        render_kw={"rows": 3, "maxlength": MAX_DESCRIPTION},
    )


class ComplaintForm(_Filing):
    """File a complaint, a suggestion or an information request."""

    # Desa code -> its kecamatan code, given by the view with the lists.
    villages: Mapping[str, str] = MappingProxyType({})

    complaint_type = RadioField(
        _l("Jenis laporan"),
        choices=[SelectChoice(code, _l(label)) for code, label in COMPLAINT_TYPE_LABELS.items()],
        default="pengaduan", invalid_choice_message=_l("Pilih jenis laporan."),
    )
    # The categories are rows: the view fills the choices (web/pwa/filing.py).
    category = SelectField(
        _l("Kategori"), choices=[],
        validators=[DataRequired(_l("Pilih kategori."))], invalid_choice_message=INVALID_CHOICE,
        default="",
    )
    unit_id = SelectField(_l("Unit layanan"), choices=[], invalid_choice_message=INVALID_CHOICE,
                          default="",
                          description=_l("Pilih Tidak tahu bila Anda tidak yakin; petugas akan "
                                         "meneruskannya."))
    description = TextAreaField(
        _l("Apa yang terjadi?"),
        validators=[DataRequired(_l("Tuliskan laporan Anda.")),
                    Length(max=MAX_DESCRIPTION, message=_l("Laporan terlalu panjang."))],
        render_kw={"rows": 5, "maxlength": MAX_DESCRIPTION},
    )
    # Picked from the kabupaten's lists (the view fills them); typed names only
    # where no regions are loaded yet.
    kecamatan_code = SelectField(_l("Kecamatan"), choices=[], default="",
                                 invalid_choice_message=INVALID_CHOICE)
    desa_code = SelectField(_l("Desa/kelurahan"), choices=[], default="",
                            invalid_choice_message=INVALID_CHOICE)
    kecamatan = StringField(_l("Kecamatan"),
                            validators=[Optional(), Length(max=80, message=TOO_LONG)],
                            render_kw={"maxlength": 80, "autocomplete": "address-level2"})
    desa = StringField(_l("Desa/kelurahan"),
                       validators=[Optional(), Length(max=80, message=TOO_LONG)],
                       render_kw={"maxlength": 80, "autocomplete": "address-level3"})
    latitude = HiddenField(validators=[Optional(), coordinate(LATITUDE_LIMIT)])
    longitude = HiddenField(validators=[Optional(), coordinate(LONGITUDE_LIMIT)])
    photo = FileField(_l("Foto (opsional)"),
                      description=_l("Hanya foto, paling besar %(megabytes)s MB. Lokasi di "
                                     "dalam foto dihapus.", megabytes=MAX_UPLOAD_MEGABYTES),
                      render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    anonymous = BooleanField(
        _l("Anonim"),
        description=_l("Petugas tidak melihat nomor HP Anda; laporan tetap bisa dibaca umum."),
    )
    confidential = BooleanField(
        _l("Rahasia"),
        description=_l("Laporan tidak ditampilkan kepada umum; petugas tetap melihatnya."),
    )

    def validate_desa_code(self, field) -> None:
        """A desa picked from the list must lie in the kecamatan picked (when one is)."""
        parent = self.villages.get(field.data)
        if field.data and self.kecamatan_code.data and parent != self.kecamatan_code.data:
            raise ValidationError(_l("Desa/kelurahan ini tidak berada di kecamatan yang "
                                     "dipilih."))

    def coordinates(self) -> tuple[float | None, float | None]:
        """The position the device gave, or (None, None) when only half of it came."""
        if not (self.latitude.data and self.longitude.data):
            return None, None
        return float(self.latitude.data), float(self.longitude.data)


def _optional(codes: dict[str, str]) -> list[SelectChoice]:
    """A profile question the respondent may leave out."""
    blank = SelectChoice("", _l("Tidak diisi"))
    return [blank] + [SelectChoice(code, _l(label)) for code, label in codes.items()]


def _unsur_field(unsur):
    return RadioField(
        _l(unsur.question),
        choices=[SelectChoice(str(score), _l(label))
                 for score, label in zip(ANSWERS, unsur.labels, strict=True)],
        invalid_choice_message=_l("Pilih salah satu jawaban."),
    )


def _with_unsur_fields(form_class):
    """Give the form one answer field per unsur, named by its column (u1 ... u9)."""
    for unsur in UNSUR:
        setattr(form_class, unsur.column, _unsur_field(unsur))
    return form_class


@_with_unsur_fields
class SurveyForm(FlaskForm):
    """The SKM questionnaire: the service used, nine answers and the optional profile."""

    service_id = SelectField(_l("Layanan yang Anda gunakan"), choices=[],
                             validators=[DataRequired(_l("Pilih layanan."))],
                             invalid_choice_message=INVALID_CHOICE)
    sex = SelectField(_l("Jenis kelamin"), invalid_choice_message=INVALID_CHOICE, default="",
                      choices=_optional(SEXES))
    age = WholeNumberField(_l("Umur"), validators=[
        # NumberRange fills in the limits.
        Optional(),
        NumberRange(MIN_AGE, MAX_AGE, message=_l("Umur antara %(min)s dan %(max)s tahun."))],
        render_kw={"inputmode": "numeric", "min": MIN_AGE, "max": MAX_AGE},
    )
    education = SelectField(_l("Pendidikan"), invalid_choice_message=INVALID_CHOICE, default="",
                            choices=_optional(EDUCATION))
    occupation = SelectField(_l("Pekerjaan"), invalid_choice_message=INVALID_CHOICE, default="",
                             choices=_optional(OCCUPATIONS))
    client_key = HiddenField(validators=[Optional(), valid_client_key])

    def answers(self) -> list[int]:
        """The nine answers in the official order."""
        return [int(self[unsur.column].data) for unsur in UNSUR]

    def answer_fields(self):
        """The nine answer fields with their unsur."""
        return [(unsur, self[unsur.column]) for unsur in UNSUR]


class TrackForm(FlaskForm):
    """Look up a ticket by its number (a GET form: nothing to protect)."""

    class Meta:
        csrf = False

    nomor = StringField(_l("Nomor tiket"),
                        validators=[DataRequired(_l("Isi nomor tiket."))],
                        render_kw={"inputmode": "numeric", "autocomplete": "off",
                                   "maxlength": 20})


class PhoneForm(FlaskForm):
    """Sign in, step one: the phone number that receives the code."""

    phone = StringField(_l("Nomor HP"),
                        validators=[DataRequired(_l("Isi nomor HP Anda.")), valid_phone],
                        render_kw={"type": "tel", "autocomplete": "tel", "inputmode": "tel",
                                   "maxlength": 20})


class CodeForm(FlaskForm):
    """Sign in, step two: the code from the SMS."""

    code = StringField(_l("Kode dari SMS"),
                       validators=[DataRequired(_l("Isi kode dari SMS."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code",
                                  "maxlength": CODE_DIGITS})


class ReplyForm(FlaskForm):
    """The citizen's answer to an officer's follow-up."""

    note = TextAreaField(_l("Tanggapan Anda"),
                         validators=[DataRequired(_l("Tuliskan tanggapan Anda.")),
                                     Length(max=MAX_NOTE,
                                            message=_l("Tanggapan terlalu panjang."))],
                         render_kw={"rows": 3, "maxlength": MAX_NOTE})


class RatingForm(FlaskForm):
    """The citizen's rating of how the ticket was resolved."""

    rating = RadioField(_l("Nilai penyelesaian"),
                        choices=[SelectChoice("5", _l("5 - Sangat puas")),
                                 SelectChoice("4", _l("4 - Puas")),
                                 SelectChoice("3", _l("3 - Cukup")),
                                 SelectChoice("2", _l("2 - Kurang puas")),
                                 SelectChoice("1", _l("1 - Tidak puas"))],
                        invalid_choice_message=_l("Pilih nilai."))
    comment = TextAreaField(_l("Komentar (opsional)"),
                            validators=[Optional(), Length(max=1000, message=TOO_LONG)],
                            render_kw={"rows": 2, "maxlength": 1000})
