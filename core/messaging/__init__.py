"""Talking to citizens by SMS: the outbox, the inbox (each message stored once), sign-in codes;
and ticket news by Web Push first, for citizens who turned notifications on (push.py).

Uses citizens, the kernel and models."""
