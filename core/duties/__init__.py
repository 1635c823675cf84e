"""Scheduled duties: what runs without anyone asking (auto-close, the overdue digest,
survey expiry, retention, the statistics snapshot), one host at a time under a lease.

Uses every package below it: publishing, casework, statistics, tickets and the rest."""
