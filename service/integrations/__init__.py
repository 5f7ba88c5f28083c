"""Connectors to Garmin, Google Health (Fitbit) and activity files: the only code that talks to them."""
