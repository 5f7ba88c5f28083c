"""Unit tests of the pure training-load core."""
