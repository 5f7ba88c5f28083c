"""Connectors to Garmin, Google Health (Fitbit) and activity files; nothing else talks to them."""
