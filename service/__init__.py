"""loadwatch: training-load and tendon-symptom monitoring for runners, coaches and physiotherapists."""
