"""Service requests and complaints: filing, numbers, the lifecycle, actions, photos, notices.

Uses surveys (the invitation on completion), messaging, citizens, catalogue,
calendar, the kernel and models."""
