"""Loopback fakes of Garmin Connect and Google Health, from real responses; the demo uses them."""
