"""Tickets as officers work them: the queue, a case with its history, actions on it.

Uses tickets, surveys, staff, catalogue and everything below them."""
