"""Following companies, Atom feeds, open data and the files for search engines."""
