"""USSD session state, kept outside the process so that any worker can serve any hop.

Uses the kernel and models only. Where its statements run is its own business
(statements.py): in the hop's unit of work, or on connections of its own, at the
database driver (driver_sql.py, the setting USSD_DRIVER_SQL) or through SQLAlchemy."""
