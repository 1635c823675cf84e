"""Officers: accounts, sign-in, who may see and do what, and the audit trail.

Uses the kernel and models only."""
