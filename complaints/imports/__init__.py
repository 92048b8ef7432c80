"""Bulk imports of complaints published elsewhere (the US CFPB complaint database)."""
