"""The satisfaction survey (SKM): the questionnaire, responses, SMS invitations, IKM, reports.

Uses staff (access and audit), messaging, citizens, catalogue, the kernel and models."""
