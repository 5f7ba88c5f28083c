"""Input the pure core refused, as the API's 422: the field, and the message in both languages."""

from __future__ import annotations

from service.errors import Unprocessable
from service.training.input_errors import InputError


def refused(error: InputError, code: str) -> Unprocessable:
    """``{"error": code, "detail": {"field": ..., "message": {"en": ..., "nl": ...}}}``."""
    message = {"en": error.message_en, "nl": error.message_nl}
    return Unprocessable(code, {"field": error.field, "message": message})
