"""The pure core: load series, ratios, symptom scoring, rules and advice texts.

Nothing here imports the rest of the project, a database, HTTP, settings or Celery.
"""
