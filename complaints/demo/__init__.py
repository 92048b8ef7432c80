"""Demo data for a fresh site (seed-demo)."""
