"""The domain of Layanan Paralel: models, services and rules shared by every channel.

Nothing in this package imports Flask or a channel package; the app factory
passes configuration in as plain values.
"""
