"""Accounts: sign-up, sign-in (browser sessions and API tokens), sign-out and password reset."""
