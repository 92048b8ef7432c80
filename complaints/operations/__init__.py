"""What operators watch: /metrics for Prometheus (the counting itself is complaints.metrics)."""
