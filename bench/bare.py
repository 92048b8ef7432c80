"""The framework's own ceiling: a bare Flask app returning a small page, served by gunicorn with
the same settings as the site. `make bench` measures it in the same run as the site."""

from flask import Flask

PAGE = ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Helpdeskhel"
        "</title></head><body><main><h1>Helpdeskhel</h1><p>Een kleine pagina.</p></main>"
        "</body></html>")

app = Flask(__name__)


@app.get("/")
def index():
    return PAGE
