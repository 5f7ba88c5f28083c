"""Athletes: profiles, coach and physio links (consent) and the roster."""
