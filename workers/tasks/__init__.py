"""Thin task wrappers: ids in, a session scope, one service call."""
