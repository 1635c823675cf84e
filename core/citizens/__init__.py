"""Citizens: one record per phone number, whatever channel they come from.

Uses the kernel and models only."""
