"""Public figures precomputed per unit and period (snapshots), so the public pages'
cost does not grow with the number of tickets and responses.

Uses tickets, surveys, catalogue, calendar and everything below them."""
