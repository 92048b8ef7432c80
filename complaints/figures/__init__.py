"""Stored figures per company: day buckets kept right on every change, and the figures per
window that rankings and company pages read."""
