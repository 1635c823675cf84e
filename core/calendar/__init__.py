"""Working days and the holidays that are not: where every time limit is counted.

Uses the kernel and models only."""
