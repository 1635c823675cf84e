"""Error pages in the visitor's language; domain errors become a short message, never a 500."""

from flask import Flask, render_template
from flask_babel import gettext

from core.errors import DomainError


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_template("error.html", message=gettext(error.message)), 400

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", message=gettext("Halaman tidak ditemukan.")), 404

    @app.errorhandler(500)
    def server_error(_error):
        message = gettext("Maaf, terjadi gangguan. Silakan coba lagi.")
        return render_template("error.html", message=message), 500
