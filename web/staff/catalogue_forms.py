"""The catalogue's forms in the back office: every message given in Indonesian, so that it
reaches the officer in their language (WTForms ships no Indonesian of its own)."""

import math
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from core.catalogue.directory import UNIT_KIND_LABELS
from core.catalogue.editing import MAX_LONG_TEXT, MAX_SHORT_NAME, MAX_TIME_DAYS
from core.catalogue.standards import COMPONENTS
from core.errors import InvalidPhoneNumber
from core.gsm import is_gsm_basic
from core.models.catalogue import UNIT_KINDS
from core.phones import normalise_phone
from layanan.numbers import WholeNumberField, form_number
from web.staff.queue import today

REQUIRED = _l("Wajib diisi.")
INVALID_CHOICE = _l("Pilihan tidak valid.")
NOT_A_NUMBER = _l("Tulis bilangan bulat.")
SHORT_HINT = _l("Paling banyak %(max)s karakter; sebaiknya tidak lebih dari 24 agar muat "
                "satu baris di layar HP biasa.", max=MAX_SHORT_NAME)
KIND_CHOICES = [SelectChoice(kind, _l(UNIT_KIND_LABELS.get(kind, kind))) for kind in UNIT_KINDS]


# Control characters (NUL above all, which PostgreSQL refuses in text) have no place in the
# catalogue; line ends and tabs stay, for the lists and long texts.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control(value):
    """A filter dropping control characters from text."""
    return CONTROL.sub("", value) if isinstance(value, str) else value


class CatalogueForm(FlaskForm):
    """A back-office form whose every text field drops control characters."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Bind the field with `no_control` first among its filters."""
            filters = [no_control, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **(options | {"filters": filters}))


def too_long(limit: int):
    """Length(max=limit) with its message in the officer's language."""
    return Length(max=limit, message=_l("Paling banyak %(max)s karakter.", max=limit))


def required(limit: int):
    """A required text of at most `limit` characters."""
    return [DataRequired(REQUIRED), too_long(limit)]


class Number(WholeNumberField):
    """A whole number whose refusal is said in the officer's language."""

    def process_formdata(self, valuelist):
        """Refuse what is not a whole number, with our own message."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(NOT_A_NUMBER) from None


class Coordinate(StringField):
    """A latitude or longitude in decimal degrees (a dot or a comma), empty for none."""

    def __init__(self, label, *, limit: float, **kwargs):
        super().__init__(label, **kwargs)
        self.limit = limit

    def process_formdata(self, valuelist):
        """Parse the degrees; refuse what is not a finite number within the limit."""
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.raw = text
        self.data = None
        if not text:
            return
        try:
            value = float(text[:30])
        except ValueError:
            raise ValueError(_l("Tulis angka desimal, misalnya -7.0123.")) from None
        if not math.isfinite(value) or abs(value) > self.limit:
            raise ValueError(_l("Di luar rentang -%(limit)s sampai %(limit)s.",
                                limit=int(self.limit)))
        self.data = value

    def _value(self):
        return getattr(self, "raw", None) or ("" if self.data is None else f"{self.data:.6f}")


class Checkboxes(SelectMultipleField):
    """A list of checkboxes (services a unit offers, units offering a service)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def valid_phone(_form, field) -> None:
    """Any common way of writing an Indonesian number; stored as E.164. Empty is allowed."""
    if not (field.data or "").strip():
        field.data = ""
        return
    try:
        field.data = normalise_phone(field.data)
    except InvalidPhoneNumber:
        raise ValidationError(_l("Nomor telepon tidak valid.")) from None


def not_after_today(_form, field) -> None:
    """A date that has already come (a standard cannot take effect in the future)."""
    if field.data is not None and field.data > today():
        raise ValidationError(_l("Tanggal tidak boleh setelah hari ini."))


def gsm_only(_form, field) -> None:
    """Text that goes into SMS and USSD screens: the GSM 7-bit basic set only."""
    if field.data and not is_gsm_basic(field.data):
        raise ValidationError(_l("Gunakan huruf, angka dan tanda baca biasa saja."))


def a_date(label):
    """A date field whose refusal is said in the officer's language."""
    return DateField(label, invalid_value_message=_l("Tanggal tidak valid."),
                     validators=[InputRequired(REQUIRED)])


class AgencyForm(CatalogueForm):
    """An agency (instansi)."""

    slug = StringField(_l("Kode singkat (slug)"), validators=[
        DataRequired(REQUIRED), too_long(40),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
               message=_l("Huruf kecil, angka dan tanda hubung saja."))])
    name = StringField(_l("Nama"), validators=required(120))
    region = StringField(_l("Wilayah"), validators=[too_long(120)])


class UnitForm(CatalogueForm):
    """A unit: who it belongs to, what it is, where it is, when and how to reach it."""

    agency = SelectField(_l("Instansi"), coerce=form_number, invalid_choice_message=INVALID_CHOICE,
                         invalid_value_message=INVALID_CHOICE)
    slug = StringField(_l("Kode singkat (slug)"), validators=[
        DataRequired(REQUIRED), too_long(40),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
               message=_l("Huruf kecil, angka dan tanda hubung saja."))])
    name = StringField(_l("Nama unit"), validators=required(120))
    kind = SelectField(_l("Jenis unit"), choices=KIND_CHOICES,
                       invalid_choice_message=INVALID_CHOICE)
    region = StringField(_l("Wilayah (seperti tampil untuk warga)"), validators=required(120))
    address = StringField(_l("Alamat"), validators=[too_long(200)])
    kecamatan_code = SelectField(_l("Kecamatan"), invalid_choice_message=INVALID_CHOICE)
    desa_code = SelectField(_l("Desa/kelurahan"), invalid_choice_message=INVALID_CHOICE)
    opening_hours = StringField(_l("Jam buka"), validators=[too_long(200)])
    phone = StringField(_l("Telepon"), validators=[too_long(32), valid_phone])
    whatsapp = StringField(_l("WhatsApp"), validators=[too_long(32), valid_phone])
    latitude = Coordinate(_l("Lintang (latitude)"), limit=90)
    longitude = Coordinate(_l("Bujur (longitude)"), limit=180)
    service_population = Number(_l("Jumlah pengguna layanan per tahun"), validators=[
        Optional(), NumberRange(min=0, max=100_000_000, message=INVALID_CHOICE)])
    offered = Checkboxes(_l("Layanan yang tersedia di unit ini"), coerce=form_number,
                         invalid_choice_message=INVALID_CHOICE,
                         invalid_value_message=INVALID_CHOICE)


class MaklumatForm(CatalogueForm):
    """The unit's maklumat pelayanan (UU 25/2009 art. 22)."""

    text = TextAreaField(_l("Isi maklumat pelayanan"), validators=required(MAX_LONG_TEXT))
    signatory = StringField(_l("Ditandatangani oleh"), validators=required(120))
    signed_on = a_date(_l("Tanggal ditandatangani"))

    def validate_signed_on(self, field):
        """A maklumat is signed, not planned: no date after today."""
        not_after_today(self, field)


class CategoryForm(CatalogueForm):
    """A category of services and complaints."""

    code = StringField(_l("Kode"), validators=[
        DataRequired(REQUIRED), too_long(40),
        Regexp(r"^[a-z][a-z0-9_]*$", message=_l("Huruf kecil, angka dan garis bawah saja."))])
    name_id = StringField(_l("Nama (Indonesia)"), validators=required(80))
    name_en = StringField(_l("Nama (Inggris)"), validators=required(80))
    position = Number(_l("Urutan di menu"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=1000, message=INVALID_CHOICE)])


class ServiceForm(CatalogueForm):
    """A service: its code, own unit, category, names, and where it is offered."""

    code = StringField(_l("Kode (kata kunci SMS)"), filters=[lambda v: (v or "").strip().upper()],
                       validators=[DataRequired(REQUIRED), too_long(12), Regexp(
                           r"^[A-Z0-9]+$", message=_l("Huruf besar A-Z dan angka saja."))])
    unit = SelectField(_l("Unit penanggung jawab"), coerce=form_number,
                       invalid_choice_message=INVALID_CHOICE, invalid_value_message=INVALID_CHOICE)
    category = SelectField(_l("Kategori"), invalid_choice_message=INVALID_CHOICE)
    name_id = StringField(_l("Nama (Indonesia)"), validators=required(120))
    name_en = StringField(_l("Nama (Inggris)"), validators=required(120))
    short_name_id = StringField(_l("Nama pendek untuk menu HP (Indonesia)"), description=SHORT_HINT,
                                validators=[*required(MAX_SHORT_NAME), gsm_only])
    short_name_en = StringField(_l("Nama pendek untuk menu HP (Inggris)"), description=SHORT_HINT,
                                validators=[*required(MAX_SHORT_NAME), gsm_only])
    keywords = StringField(_l("Kata lain yang dipakai warga (pisahkan dengan koma)"),
                           validators=[too_long(300)])
    time_days = Number(_l("Jangka waktu (hari kerja)"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=MAX_TIME_DAYS, message=_l(
            "Antara %(min)s dan %(max)s.", min=0, max=MAX_TIME_DAYS))])
    cost_rupiah = Number(_l("Biaya (Rupiah)"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=1_000_000_000, message=INVALID_CHOICE)])
    offered_at = Checkboxes(_l("Unit tempat layanan tersedia"), coerce=form_number,
                            invalid_choice_message=INVALID_CHOICE,
                            invalid_value_message=INVALID_CHOICE)


class StandardFormBase(CatalogueForm):
    """The 14 components in both languages (added below), an effective date and a note."""

    effective_from = a_date(_l("Berlaku sejak"))
    note = StringField(_l("Catatan perubahan"), validators=required(300))

    def validate_effective_from(self, field):
        """A new version takes effect today or earlier, never in the future."""
        not_after_today(self, field)

    def components(self) -> dict[str, tuple[str, str]]:
        """The form's components as set_standard takes them: key -> (Indonesian, English)."""
        return {c.key: (_lines(self[f"{c.key}_id"].data), _lines(self[f"{c.key}_en"].data))
                for c in COMPONENTS}


LISTS = ("persyaratan", "prosedur")


def _lines(text: str | None) -> str:
    """The text with its line ends made plain and blank lines dropped (list items)."""
    lines = (line.strip() for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


class StandardForm(StandardFormBase):
    """StandardFormBase with a text area per component and language."""


for _component in COMPONENTS:
    for _language, _suffix in (("id", _l("Indonesia")), ("en", _l("Inggris"))):
        setattr(StandardForm, f"{_component.key}_{_language}", TextAreaField(
            _l(_component.label), description=_suffix,
            validators=[DataRequired(REQUIRED) if _language == "id" else Optional(),
                        too_long(MAX_LONG_TEXT)]))


class ImportForm(CatalogueForm):
    """A catalogue file to check, and import when it is clean."""

    document = FileField(_l("Berkas katalog (JSON)"))
    dry_run = BooleanField(_l("Uji saja (jangan simpan)"), default=True)
