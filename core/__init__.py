"""The domain of Layanan Paralel: models, services and rules shared by every channel.

A handful of packages, each named for what it owns, above a small kernel of
plain modules (db, errors, i18n, clock, gsm, phones, idempotency, migrate).
Nothing here imports Flask or a channel package, and no service commits:
the entry point that calls it owns the transaction (docs/architecture.md).
"""
