"""The back office's forms; every one carries a CSRF token (Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.models.staff import ROLES
from core.staff.officers import MIN_PASSWORD
from core.tickets.actions import MAX_NOTE
from layanan.numbers import WholeNumberField, form_number


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=200)])


class ButtonForm(FlaskForm):
    """A form that is only a button (sign out, activate): the CSRF token is its content."""


class ActionForm(FlaskForm):
    """One lifecycle action on a ticket."""

    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Catatan (dikirim ke warga)"), validators=[Length(max=MAX_NOTE)])
    to_unit = SelectField(_l("Teruskan ke unit"), coerce=form_number, validate_choice=False,
                          validators=[Optional()])
    anonymous = BooleanField(_l("Sembunyikan identitas pelapor (anonim)"))
    confidential = BooleanField(_l("Rahasiakan laporan dari publik (rahasia)"))


class AccountForm(FlaskForm):
    """A new officer account."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Peran"), choices=list(ROLES))
    unit = SelectField(_l("Unit"), coerce=form_number, validate_choice=False,
                       validators=[Optional()])
    password = PasswordField(_l("Kata sandi (minimal %(min)s karakter)", min=MIN_PASSWORD),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)])
    phone = StringField(_l("Nomor HP untuk ringkasan tiket terlambat (opsional)"),
                        validators=[Optional(), Length(max=32)])


class PhoneForm(FlaskForm):
    """An officer's phone for the daily digest; left empty, it is removed."""

    phone = StringField(_l("Nomor HP"), validators=[Optional(), Length(max=32)])


class PopulationForm(FlaskForm):
    """A unit's yearly number of service users."""

    population = WholeNumberField(_l("Jumlah pengguna layanan per tahun"),
                              validators=[DataRequired(), NumberRange(min=1, max=100_000_000)])


class PracticeForm(FlaskForm):
    """A best practice to publish."""

    # InputRequired: a post without the field would otherwise reach core with no unit.
    unit = SelectField(_l("Unit"), coerce=form_number, validate_choice=False,
                       validators=[InputRequired()])
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=160)])
    summary = TextAreaField(_l("Ringkasan"), validators=[DataRequired(), Length(max=400)])
    body = TextAreaField(_l("Uraian"), validators=[DataRequired(), Length(max=20000)])
    tags = StringField(_l("Tag (pisahkan dengan koma)"), validators=[Length(max=200)])
    image = FileField(_l("Foto (opsional)"))


class AdoptForm(FlaskForm):
    """A unit records that it adopted a practice."""

    unit = SelectField(_l("Unit yang mengadopsi"), coerce=form_number, validate_choice=False,
                       validators=[InputRequired()])
    note = TextAreaField(_l("Catatan"), validators=[Length(max=2000)])
