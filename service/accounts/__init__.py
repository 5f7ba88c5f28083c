"""Accounts: users, sign-in (browser sessions and API tokens), sign-out, password reset and the
person's own settings; ``deps`` says who is calling."""
