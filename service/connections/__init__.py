"""Wearable connections (Garmin, Fitbit through Google Health) and the machinery that syncs them.

Connect: a route stores what a background step needs, sealed in the connection row with a short
expiry, and enqueues a task; the task talks to the provider. Sync: the database says which
connection is due (``next_attempt_at``); beat's sweeper sends ``connections.sync`` for each; a run
takes the connection's lease, fetches window by window, and stores each window's activities with
the cursor in one transaction. Broker messages are only nudges: losing one loses nothing.
"""
