"""The service catalogue: agencies, units, categories, services and their 14-part standards.

Uses the kernel and models only."""
