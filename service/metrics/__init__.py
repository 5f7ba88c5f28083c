"""The stored daily series (DOMAIN §1.1) per athlete and measure, and the days marked "no data"."""
