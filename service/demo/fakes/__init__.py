"""Loopback fakes of Garmin Connect and the Google Health API, shaped after real responses.

The demo runs them (``service.demo.providers``) with built-in bodies, so a fresh clone needs
nothing else; the tests and benchmarks run them too, with the recorded responses of the shared
corpus (``corpus``) where they want every field Garmin sends. Nothing outside the demo, the tests
and the benchmarks imports them: the web service and the workers talk to whatever the settings
name, real or fake.
"""
