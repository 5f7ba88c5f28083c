"""Celery app and its thin tasks."""
