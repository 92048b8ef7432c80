"""The framework's own ceilings, served by gunicorn with the same settings as the site and
measured by `make bench` in the same run: a bare Flask app returning a small page (`/`), and
the same app rendering a Jinja template file with 20 articles through `render_template`
(`/articles`: title, company link, date, two lines of text), the least a list page costs."""

from datetime import date, timedelta

from flask import Flask, render_template

PAGE = ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Helpdeskhel"
        "</title></head><body><main><h1>Helpdeskhel</h1><p>Een kleine pagina.</p></main>"
        "</body></html>")
ARTICLES = [{"id": 1000 + n, "title": f"Internet valt al {n + 2} dagen uit en niemand belt terug",
             "company": f"Zendgolf Mobiel {n}", "slug": f"zendgolf-mobiel-{n}",
             "date": date(2026, 11, 30) - timedelta(days=n),
             "text": ("Sinds vorige week werkt mijn glasvezelaansluiting niet meer. De monteur "
                      "zou dinsdag komen, maar niemand verscheen en de klantenservice "
                      "verbreekt steeds de verbinding na veertig minuten wachten.")}
            for n in range(20)]

app = Flask(__name__)


@app.get("/")
def index():
    return PAGE


@app.get("/articles")
def articles():
    return render_template("articles.html", articles=ARTICLES)
