"""Stored activities, file import and the daily series built from them."""
