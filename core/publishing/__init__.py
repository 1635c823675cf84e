"""What units publish: performance for the transparency page, and best practices.

Uses surveys, staff, catalogue, calendar and everything below them."""
