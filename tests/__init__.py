"""loadwatch's tests; ``tests.fakes`` also serves the demo."""
