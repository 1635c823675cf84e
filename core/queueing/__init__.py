"""A place in a unit's queue, taken from any phone, and the counter calling numbers in order.

Above messaging (the "your turn is near" SMS) and citizens; below tickets,
which it does not need (docs/architecture.md §2).
"""
