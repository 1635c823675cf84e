"""The yardstick of bench/ussd_load.sh: a bare Flask app answering every hop with one screen."""

from flask import Flask

SCREEN = ("CON Layanan Paralel\n1 Minta layanan\n2 Kirim pengaduan\n3 Cek tiket\n"
          "4 Survei kepuasan\n5 Info layanan\n6 Bahasa/Language")

app = Flask(__name__)


@app.post("/ussd")
def ussd():
    """The same constant screen, whatever the hop."""
    return SCREEN, 200, {"Content-Type": "text/plain; charset=utf-8"}
