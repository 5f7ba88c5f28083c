"""Stored activities, uploads and the file import; the daily series built from them is
``service.metrics``."""
