"""The benchmark harness of `make bench` (`python -m bench`), kept outside the app package."""
