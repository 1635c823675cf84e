"""USSD session state, kept outside the process so that any worker can serve any hop.

Uses the kernel and models only. Its short path at the database driver
(driver_sql.py) is its own business: nothing outside this package imports it."""
