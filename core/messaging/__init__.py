"""Talking to citizens by SMS: the outbox, the inbox (each message stored once), sign-in codes.

Uses citizens, the kernel and models."""
