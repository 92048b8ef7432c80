"""Notifications: the outbox that holds every e-mail until it has been delivered."""
