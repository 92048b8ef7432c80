"""The JSON API under /api/v1 for webcare tools and data users, described by OpenAPI."""
