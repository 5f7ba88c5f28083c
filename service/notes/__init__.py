"""Notes on a warning or a day: written by the athlete or their linked coach or physio, read by
the athlete and their linked staff (only while linked), deleted by their author."""
