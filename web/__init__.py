"""The web channel (citizens' PWA and the staff back office) and the app factory."""
