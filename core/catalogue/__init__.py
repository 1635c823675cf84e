"""The service catalogue: regions, agencies, units, categories, services and their standards.

Reading (directory, regions, categories, versions), writing (editing, fields),
finding (search/) and whole-catalogue import and export (exchange/).
Uses the kernel and models only."""
