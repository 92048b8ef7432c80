"""The rankings: companies by unresolved complaints and by the other figures, and the best
webcare."""
