"""The web tests use the app, client and runner fixtures of tests/conftest.py."""
