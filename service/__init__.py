"""loadwatch: training-load and tendon-symptom monitoring for runners and their coaches."""
