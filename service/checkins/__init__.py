"""Symptom check-ins (DOMAIN §1.3): submitted and corrected by the athlete, read by linked staff
only when the athlete shares symptom data."""
