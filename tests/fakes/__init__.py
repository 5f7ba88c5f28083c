"""Loopback fakes of the providers we cannot reach (Garmin Connect, Google Health), built from real responses."""
