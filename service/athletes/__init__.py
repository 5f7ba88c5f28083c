"""Athletes: sign-up, profiles, coach and physio links (consent), the roster, and ``access``:
whom a caller may see, and which findings."""
