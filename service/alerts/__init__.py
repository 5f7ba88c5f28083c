"""Alerts that arrive: the outbox of findings' alerts, its delivery worker, the channels (email,
Web Push, Apprise), notification preferences, weekly digests and check-in reminders.

``outbox.write_alerts`` is called by the findings feature in the transaction that stores a
finding; everything else runs in the ``alerts.*`` Celery tasks.
"""
