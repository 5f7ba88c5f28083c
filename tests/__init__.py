"""loadwatch's tests."""
